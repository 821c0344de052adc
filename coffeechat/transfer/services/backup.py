"""The JSON backup: everything a user owns, found by walking the installed coffeechat models.

Included automatically: every model subclassing `Owned`, models with a foreign key or one-to-one
to the user model (e.g. accounts.Profile), and child models that hang off included ones without a
user field of their own (pipeline.StageChange, the contact–tag through table, …). Models added
later by anyone are picked up with no change here.

Inside a backup, primary keys are backup-local: each model's rows are numbered 1, 2, 3… in
primary-key order and every foreign key is written with those numbers. So a backup does not
depend on the database it came from, and export → restore → export is byte-identical.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from coffeechat.contacts.models import Contact
from coffeechat.contacts.search import indexed_after_insert
from coffeechat.contacts.signals import contacts_changed_in_bulk
from coffeechat.core.models import Owned
from coffeechat.core.planner import analyze_after_commit
from coffeechat.transfer.services.bulk import Updates, raw_update

SCHEMA_VERSION = 1
# Not data but state or credentials: a feed link is made anew on the restored account, and the
# data token (core.freshness) changes with the restore anyway.
EXCLUDED = {
    "transfer.importbatch",
    "accounts.loginfailure",
    "meetings.calendarfeed",
    "core.dataversion",
    "today.storedstep",  # worked out from the rest (today.stored), again after a restore
}


class RestoreError(Exception):
    pass


def model_label(model) -> str:
    return model._meta.label_lower


def _user_model():
    return apps.get_model(settings.AUTH_USER_MODEL)


def _fks(model) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def owned_models() -> list:
    """Included models in an order where every non-null foreign key points backwards."""
    user_model = _user_model()
    candidates = []
    for config in apps.get_app_configs():
        if not config.name.startswith("coffeechat."):
            continue
        candidates.extend(config.get_models(include_auto_created=True))
    candidates = [m for m in candidates if model_label(m) not in EXCLUDED and not m._meta.proxy]
    included: set = set()
    for model in candidates:
        if issubclass(model, Owned) or any(f.related_model is user_model for f in _fks(model)):
            included.add(model)
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in included:
                continue
            if any(f.related_model in included and not f.null for f in _fks(model)):
                included.add(model)
                changed = True
    # Order: a model comes after the targets of its non-null foreign keys.
    ordered: list = []
    remaining = sorted(included, key=model_label)
    while remaining:
        for model in remaining:
            deps = {
                f.related_model
                for f in _fks(model)
                if not f.null and f.related_model in included and f.related_model is not model
            }
            if deps <= set(ordered):
                ordered.append(model)
                remaining.remove(model)
                break
        else:
            raise RuntimeError("Owned models have a cycle of required foreign keys.")
    return ordered


def _queryset(model, user, included: list):
    user_model = _user_model()
    for f in _fks(model):
        if f.related_model is user_model:
            return model._default_manager.filter(**{f.name: user})
    for f in _fks(model):
        if f.related_model in included and not f.null:
            parent = _queryset(f.related_model, user, included)
            return model._default_manager.filter(**{f"{f.name}__in": parent.values("pk")})
    return model._default_manager.none()


def _dump(field, value):
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def load_value(field, raw):
    if raw is None:
        return None
    if isinstance(field, models.JSONField):
        return raw
    if isinstance(field, models.BinaryField):
        return base64.b64decode(raw)
    return field.to_python(raw)


def export_data(user) -> dict:
    user_model = _user_model()
    ordered = owned_models()
    local: dict = {}  # model -> {pk: local number}
    data: dict[str, list] = {}
    querysets = {m: _queryset(m, user, ordered) for m in ordered}
    for model in ordered:
        pks = sorted(querysets[model].values_list("pk", flat=True))
        local[model] = {pk: n for n, pk in enumerate(pks, start=1)}
    for model in ordered:
        rows = []
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        for obj in querysets[model].order_by("pk"):
            values = {}
            for f in fields:
                if isinstance(f, models.ForeignKey):
                    if f.related_model is user_model:
                        continue
                    target = getattr(obj, f.attname)
                    if target is None:
                        values[f.name] = None
                    elif f.related_model in local:
                        values[f.name] = local[f.related_model].get(target)
                    else:
                        values[f.name] = target
                else:
                    values[f.name] = _dump(f, getattr(obj, f.attname))
            rows.append({"id": local[model][obj.pk], "fields": values})
        data[model_label(model)] = rows
    return {
        "format": "coffeechat-backup",
        "schema_version": SCHEMA_VERSION,
        # Invitations name the account's address as ORGANIZER and the digest is sent to it.
        "account": {"email": user.email},
        "models": data,
    }


def export_json(user) -> str:
    return json.dumps(export_data(user), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def account_is_empty(user) -> bool:
    return not any(
        model._default_manager.filter(user=user).exists()
        for model in owned_models()
        if issubclass(model, Owned)
    )


STEP_ROWS = 500  # rows written per short transaction by restore_in_steps

Progress = Callable[[int, int], None]  # (rows written, rows in the backup)


def restore_atomically(user, payload: dict, then=None, progress: Progress | None = None):
    """The restore the web page and the command run: all or nothing, the way the database
    allows others to keep writing. SQLite has one write lock for everybody, so there the restore
    goes in short steps with undo on failure (`restore_in_steps`); PostgreSQL locks rows, so
    there it is one transaction. `then(counts)` records the outcome inside the same guarantee."""
    if connection.vendor == "sqlite":
        return restore_in_steps(user, payload, then=then, progress=progress)
    with transaction.atomic():
        counts = _restore(user, payload, step=contextlib.nullcontext, progress=progress)
        if then is not None:
            then(counts)
        return counts


def restore(user, payload: dict, progress: Progress | None = None) -> dict[str, int]:
    """Recreate a backup for `user`, who must own nothing yet, in one transaction. Returns rows
    per model. On SQLite that transaction holds the database's write lock to the end."""
    with transaction.atomic():
        return _restore(user, payload, step=contextlib.nullcontext, progress=progress)


def restore_in_steps(
    user, payload: dict, then=None, progress: Progress | None = None
) -> dict[str, int]:
    """The same, in short transactions of STEP_ROWS rows, so other users' writes get the
    database between them (SQLite has one write lock). Still all or nothing for `user`: the
    account held no data before, so a failure deletes what was written and puts back the
    one-to-one rows (the profile) the restore replaced. `then(counts)`, if given, runs last
    (recording the outcome); if it raises, the restore is undone too."""
    _check(user, payload)
    replaced: list = []
    email = user.email  # the restore may fill in an empty address
    try:
        counts = _restore(
            user, payload, step=transaction.atomic, replaced=replaced, progress=progress
        )
        if then is not None:
            then(counts)
        return counts
    except BaseException:
        undo_restore(user, replaced)
        if user.email != email:
            user.email = email
            user.save(update_fields=["email"])
        raise


def undo_restore(user, replaced: list) -> None:
    """Delete everything `user` owns (a restore goes only into an empty account) and put back
    the one-to-one rows it replaced."""
    with transaction.atomic():
        for model in reversed(owned_models()):
            if issubclass(model, Owned):
                model._default_manager.filter(user=user).delete()
        for field_name, obj in replaced:
            type(obj)._default_manager.filter(**{field_name: user}).delete()
            obj.save(force_insert=True)


def check_header(payload) -> None:
    """Refuse what is not a backup this coffeechat can read, before looking at any row."""
    if not isinstance(payload, dict):
        raise RestoreError("This JSON file is not a Coffeechat backup (it holds no named parts).")
    kind = payload.get("format")
    if kind != "coffeechat-backup":
        what = f"a {kind!r} file" if isinstance(kind, str) and kind else "another program's JSON"
        raise RestoreError(
            f'This is {what}, not a Coffeechat backup (its "format" is not '
            '"coffeechat-backup"). Choose the file Coffeechat\'s JSON backup download saved.'
        )
    version = payload.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RestoreError(
            f"This backup's schema version ({version!r}) is not a version number, so it cannot "
            "be read."
        )
    if version > SCHEMA_VERSION:
        raise RestoreError(
            f"This backup has schema version {version!r}; this coffeechat reads up to "
            f"{SCHEMA_VERSION}. Upgrade coffeechat first."
        )
    if not isinstance(payload.get("models"), dict):
        raise RestoreError('This backup has no "models" part, so there is nothing to restore.')
    unknown = set(payload["models"]) - {model_label(m) for m in owned_models()}
    if unknown:
        raise RestoreError(f"This backup has data this coffeechat does not know: {sorted(unknown)}")


def parse_backup(data: bytes) -> dict:
    """Read a backup file's bytes into its payload, or say in words why it is not one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RestoreError(
            "This file is not a Coffeechat backup: it is not text (a backup is a JSON file)."
        ) from None
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise RestoreError(
            f"This file is not a Coffeechat backup: it is not valid JSON ({error.msg} at line "
            f"{error.lineno}, column {error.colno})."
        ) from None
    except RecursionError:
        raise RestoreError(
            "This file is not a Coffeechat backup: it is nested too deeply."
        ) from None
    check_header(payload)
    return payload


def _check(user, payload: dict) -> None:
    check_header(payload)
    if not account_is_empty(user):
        raise RestoreError(not_empty_message(user))


def _put_back_times(model, objects: list, times: list[dict]) -> None:
    """Give rows just inserted their backup's creation and update times, which the insert
    replaced with the present time (auto_now_add, auto_now): one executemany per set of times
    given. Through the ORM, one UPDATE per row took half of a restore's time."""
    by_columns: dict[tuple[str, ...], list[tuple[int, dict]]] = {}
    for obj, stamp in zip(objects, times, strict=True):
        if stamp:
            by_columns.setdefault(tuple(sorted(stamp)), []).append((obj.pk, stamp))
    for columns, rows in by_columns.items():
        updates = Updates(model, list(columns))
        raw_update(updates, [(pk, updates.values(stamp)) for pk, stamp in rows])


def not_empty_message(user) -> str:
    return (
        f"The account {user.get_username()!r} already holds data; restore only into an "
        "empty account."
    )


def _restore(
    user, payload: dict, step, replaced: list | None = None, progress: Progress | None = None
) -> dict[str, int]:
    _check(user, payload)
    total = sum(len(payload["models"].get(model_label(m), [])) for m in owned_models())
    written = 0
    user_model = _user_model()
    ordered = owned_models()
    done: set = set()
    ids: dict = {m: {} for m in ordered}
    deferred: list = []  # (model, new pk, field, target model, local id)
    counts: dict[str, int] = {}
    for model in ordered:
        rows = payload["models"].get(model_label(model), [])
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        stamps = [
            f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        one_to_user = next(
            (
                f
                for f in fields
                if isinstance(f, models.OneToOneField) and f.related_model is user_model
            ),
            None,
        )
        objects, later, times = [], [], []
        for row in rows:
            obj = model()
            pending = []
            for f in fields:
                if isinstance(f, models.ForeignKey) and f.related_model is user_model:
                    setattr(obj, f.attname, user.pk)
                    continue
                raw = row["fields"].get(f.name)
                if isinstance(f, models.ForeignKey) and raw is not None:
                    target = f.related_model
                    if target in ids and (target in done and target is not model):
                        setattr(obj, f.attname, ids[target][raw])
                    elif target in ids:
                        if not f.null:
                            raise RestoreError(
                                f"{model_label(model)}: broken reference in {f.name}."
                            )
                        pending.append((f, target, raw))
                        setattr(obj, f.attname, None)
                    else:
                        setattr(obj, f.attname, raw)
                    continue
                if f.name not in row["fields"]:
                    continue  # a field added after this backup keeps its default
                value = load_value(f, raw)
                if (
                    f.unique
                    and value is not None
                    and model._default_manager.filter(**{f.name: value}).exists()
                ):
                    # Values unique across accounts (feed tokens) already taken by the original rows
                    # get fresh ones; meeting UIDs are unique per account and are kept.
                    value = f.get_default()
                setattr(obj, f.attname, value)
            objects.append(obj)
            later.append(pending)
            # The backup's own times, put back after the insert stamps the present one; a
            # time the backup does not give (a field added since) keeps the present one.
            given = ((f.attname, getattr(obj, f.attname)) for f in stamps)
            times.append({name: value for name, value in given if value is not None})
        if one_to_user is not None and objects:
            with step():
                old = model._default_manager.filter(**{one_to_user.name: user})
                if replaced is not None:
                    replaced.extend((one_to_user.name, obj) for obj in old)
                old.delete()
        # Contacts are indexed for search in one statement per step, not by the insert trigger
        # row by row (see contacts.search); within the step's transaction, so the trigger is
        # back before another connection can write.
        indexed = indexed_after_insert if model is Contact else contextlib.nullcontext
        for start in range(0, len(objects), STEP_ROWS):
            chunk = slice(start, start + STEP_ROWS)
            with step(), indexed():
                model._default_manager.bulk_create(objects[chunk])
                _put_back_times(model, objects[chunk], times[chunk])
            written += len(objects[chunk])
            if progress is not None:
                progress(written, total)  # between steps: no write lock held on SQLite
        for row, obj, pending in zip(rows, objects, later, strict=True):
            ids[model][row["id"]] = obj.pk
            for f, target, raw in pending:
                deferred.append((model, obj.pk, f, target, raw))
        done.add(model)
        counts[model_label(model)] = len(objects)
    for start in range(0, len(deferred), STEP_ROWS):
        links: dict[tuple, list[tuple[int, list]]] = {}  # per model and field
        for model, pk, f, target, raw in deferred[start : start + STEP_ROWS]:
            links.setdefault((model, f.attname), []).append((pk, [ids[target][raw]]))
        with step():
            for (model, column), rows in links.items():
                raw_update(Updates(model, [column]), rows)
    email = (payload.get("account") or {}).get("email") or ""
    if isinstance(email, str) and email and not user.email:
        user.email = email[: user_model._meta.get_field("email").max_length]
        user.save(update_fields=["email"])
    contacts_changed_in_bulk.send(sender=restore, user=user)
    analyze_after_commit([m for m in ordered if counts[model_label(m)]], written)
    return counts
