"""What restoring a backup would do, worked out before anything is written.

One way for the web page and `coffeechat restore --dry-run` alike, in two parts:

- `inspect_backup(payload)` reads the file once: how many records of each kind it holds, and
  every problem that would stop the restore (a broken reference, a value that is not a date, a
  text too long for its field…), naming the record and the field. Its result is plain data, kept
  with the upload so the preview page never reads the file again.
- `preview_restore(user, contents)` adds what depends on the account, read fresh each time:
  whether it is empty (a restore goes only into an empty account), which rows of the account the
  backup replaces (the profile) and what becomes of the account's e-mail address.
"""

from __future__ import annotations

import binascii
import json
from dataclasses import asdict, dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from coffeechat.transfer.services.backup import (
    account_is_empty,
    load_value,
    model_label,
    not_empty_message,
    owned_models,
)

MAX_LISTED = 50  # problems listed by name; the rest are counted

# The words a person uses for each kind of record, in the order the preview lists them. A kind
# missing here (a model added later) is named by its verbose name.
NOUNS: dict[str, tuple[str, str]] = {
    "contacts.contact": ("contact", "contacts"),
    "contacts.organisation": ("organisation", "organisations"),
    "contacts.tag": ("tag", "tags"),
    "contacts.contact_tags": ("tag on a contact", "tags on contacts"),
    "contacts.touchpoint": ("entry in a contact's history", "entries in contacts' histories"),
    "pipeline.conversation": ("conversation", "conversations"),
    "pipeline.stagechange": ("move between stages", "moves between stages"),
    "meetings.meeting": ("meeting", "meetings"),
    "meetings.capture": ("note from a meeting", "notes from meetings"),
    "meetings.capturedline": ("line of meeting notes", "lines of meeting notes"),
    "prep.userquestion": ("question of your own", "questions of your own"),
    "prep.plannedquestion": ("planned question", "planned questions"),
    "prep.hiddenquestion": ("hidden built-in question", "hidden built-in questions"),
    "followup.actionitem": ("follow-up task", "follow-up tasks"),
    "keepintouch.shareditem": ("item saved to share", "items saved to share"),
    "outreach.requesttemplate": ("request template", "request templates"),
    "outreach.requestdraft": ("request draft", "request drafts"),
    "outreach.reply": ("reply", "replies"),
    "insights.careerpath": ("career path", "career paths"),
    "hosting.hostpage": ("host page", "host pages"),
    "hosting.hostrequest": ("request to you as a host", "requests to you as a host"),
    "accounts.profile": ("profile", "profiles"),
}
# Record fields that say which record a problem is about, tried in this order.
NAMING_FIELDS = ("display_name", "name", "title", "text", "intention", "filename")


def noun(label: str, count: int) -> str:
    if label in NOUNS:
        singular, plural = NOUNS[label]
    else:
        meta = apps.get_model(label)._meta
        singular, plural = str(meta.verbose_name), str(meta.verbose_name_plural)
    return singular if count == 1 else plural


@dataclass
class Problem:
    """Something in the file that would stop the restore, said where it is."""

    kind: str  # model label
    record: int | None  # the record's number in the backup
    name: str  # what the record is called, if it says
    field: str
    message: str

    def __str__(self) -> str:
        where = noun(self.kind, 1).capitalize()
        if self.record is not None:
            where += f" {self.record}"
        if self.name:
            where += f" ({self.name})"
        if self.field:
            where += f", field “{self.field}”"
        return f"{where}: {self.message}"


@dataclass
class Kind:
    label: str
    count: int

    @property
    def noun(self) -> str:
        return noun(self.label, self.count)


@dataclass
class BackupContents:
    """What a backup file holds, found by `inspect_backup`; stored with the upload as JSON."""

    kinds: list[Kind]
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    email: str = ""
    # Labels of one-per-account kinds (the profile) the backup holds: restoring replaces them.
    singles: list[str] = field(default_factory=list)
    # What is left out without stopping the restore: fields this coffeechat does not have
    # (from a newer coffeechat), as [label, field, how many records].
    left_out: list[list] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(kind.count for kind in self.kinds)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> BackupContents:
        return cls(
            kinds=[Kind(**kind) for kind in data.get("kinds", [])],
            problems=[Problem(**problem) for problem in data.get("problems", [])],
            more_problems=data.get("more_problems", 0),
            email=data.get("email", ""),
            singles=list(data.get("singles", [])),
            left_out=list(data.get("left_out", [])),
        )


@dataclass
class RestorePreview:
    contents: BackupContents
    refused: str  # why this account cannot take the restore now, or ""
    replaced: list[str]  # what of the account is replaced, in words
    email_note: str

    @property
    def can_restore(self) -> bool:
        return not self.blocked_by

    @property
    def blocked_by(self) -> str:
        """Why the restore cannot go ahead, in one sentence; "" when it can."""
        if self.refused:
            return self.refused
        if self.contents.problems:
            return "The file has problems (listed with the preview)."
        if not self.contents.records:
            return "The backup holds no records."
        return ""

    @property
    def added(self) -> list[Kind]:
        return [kind for kind in self.contents.kinds if kind.label not in self.contents.singles]

    @property
    def problems_heading(self) -> str:
        total = len(self.contents.problems) + self.contents.more_problems
        if total == 1:
            return "1 problem in the file stops the restore"
        return f"{total} problems in the file stop the restore"

    @property
    def left_out_notes(self) -> list[str]:
        return [
            f"Left out: the field “{key}” of {count} {noun(label, count)}, which this coffeechat "
            "does not have (the backup comes from a newer one)."
            for label, key, count in self.contents.left_out
        ]

    def lines(self) -> list[str]:
        """The preview as sentences, for the command line (the page lays out the same facts)."""
        contents = self.contents
        lines = []
        if self.refused:
            lines.append(self.refused)
        if self.added:
            lines.append("Restoring adds:")
            lines.extend(f"  {kind.count} {kind.noun}" for kind in self.added)
        for replaced in self.replaced:
            lines.append(replaced)
        if self.email_note:
            lines.append(self.email_note)
        lines.extend(self.left_out_notes)
        if contents.problems:
            lines.append(self.problems_heading + ":")
            lines.extend(f"  {problem}" for problem in contents.problems)
            if contents.more_problems:
                lines.append(f"  … and {contents.more_problems} more, not listed here.")
        if not contents.records:
            lines.append("This backup holds no records, so there is nothing to restore.")
        return lines


def _user_model():
    return apps.get_model(settings.AUTH_USER_MODEL)


def preview_restore(user, contents: BackupContents) -> RestorePreview:
    """What restoring `contents` into `user`'s account would do now."""
    refused = "" if account_is_empty(user) else not_empty_message(user)
    replaced = []
    for label in contents.singles:
        model = apps.get_model(label)
        owner = next(
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.OneToOneField) and f.related_model is _user_model()
        )
        if model._default_manager.filter(**{owner: user}).exists():
            replaced.append(f"Your {noun(label, 1)} is replaced by the one in the backup.")
    note = ""
    if contents.email and not user.email:
        note = f"Your account's e-mail address is set to {contents.email}, the backup's."
    elif contents.email and contents.email != user.email:
        note = (
            f"Your account keeps its e-mail address {user.email} (the backup has {contents.email})."
        )
    return RestorePreview(contents=contents, refused=refused, replaced=replaced, email_note=note)


class _Problems:
    def __init__(self) -> None:
        self.listed: list[Problem] = []
        self.more = 0

    def add(self, kind: str, record: int | None, name: str, field_name: str, message: str):
        if len(self.listed) < MAX_LISTED:
            self.listed.append(Problem(kind, record, name, field_name, message))
        else:
            self.more += 1


def _name_of(fields: dict) -> str:
    for key in NAMING_FIELDS:
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            return value if len(value) <= 40 else value[:39] + "…"
    return ""


def inspect_backup(payload: dict) -> BackupContents:
    """Count the records of a backup that passed `check_header` and find every problem that
    would stop restoring it. Reads the rows the way the restore writes them."""
    user_model = _user_model()
    problems = _Problems()
    ordered = owned_models()
    data = payload["models"]
    ids: dict = {}
    # Every record's number first, so a reference to a record later in the file is fine.
    for model in ordered:
        label = model_label(model)
        rows = data.get(label, [])
        if not isinstance(rows, list):
            problems.add(label, None, "", "", "this part of the file is not a list of records.")
            data_ids: set = set()
        else:
            data_ids = set()
            for position, row in enumerate(rows, start=1):
                number = row.get("id") if isinstance(row, dict) else None
                if not isinstance(number, int) or isinstance(number, bool):
                    problems.add(label, None, "", "", f"record {position} has no number (“id”).")
                elif number in data_ids:
                    problems.add(label, number, "", "", "two records have this number.")
                else:
                    data_ids.add(number)
        ids[model] = data_ids
    kinds, singles, left_out = [], [], []
    for model in ordered:
        label = model_label(model)
        rows = data.get(label, [])
        if not isinstance(rows, list):
            continue
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        known = {f.name for f in fields}
        unknown: dict[str, int] = {}
        uniques = _unique_sets(model)
        seen: dict[tuple, dict] = {names: {} for names in uniques}
        for row in rows:
            if not isinstance(row, dict):
                continue
            number = row.get("id") if isinstance(row.get("id"), int) else None
            values = row.get("fields")
            if not isinstance(values, dict):
                problems.add(label, number, "", "", "the record has no fields.")
                continue
            name = _name_of(values)
            for names in uniques:
                key = json.dumps([values.get(n) for n in names], sort_keys=True, default=str)
                if key in seen[names]:
                    problems.add(
                        label,
                        number,
                        name,
                        ", ".join(names),
                        f"{noun(label, 1)} {seen[names][key]} has the same value; an account "
                        "holds only one of each."
                        if names
                        else f"an account holds only one {noun(label, 1)}.",
                    )
                else:
                    seen[names][key] = number
            for key in set(values) - known:
                unknown[key] = unknown.get(key, 0) + 1
            for f in fields:
                if isinstance(f, models.ForeignKey) and f.related_model is user_model:
                    continue
                message = _field_problem(f, values, ids)
                if message:
                    problems.add(label, number, name, f.name, message)
        left_out.extend([label, key, count] for key, count in sorted(unknown.items()))
        if rows:
            kinds.append(Kind(label, len(rows)))
        if rows and any(
            isinstance(f, models.OneToOneField) and f.related_model is user_model
            for f in model._meta.concrete_fields
        ):
            singles.append(label)
    order = list(NOUNS)
    kinds.sort(key=lambda kind: order.index(kind.label) if kind.label in order else len(order))
    account = payload.get("account", {})
    email = account.get("email") if isinstance(account, dict) else None
    if account is not None and not isinstance(account, dict):
        problems.add("accounts.profile", None, "", "account", "the account part is not a record.")
    elif email is not None and not isinstance(email, str):
        problems.add("accounts.profile", None, "", "email", "the address is not text.")
    return BackupContents(
        kinds=kinds,
        problems=problems.listed,
        more_problems=problems.more,
        email=email if isinstance(email, str) else "",
        singles=singles,
        left_out=left_out,
    )


def _unique_sets(model) -> list[tuple[str, ...]]:
    """The field sets no two records of one account may share (the user field left out: every
    record of a backup goes to one account). A set left empty means one record per account."""
    user_model = _user_model()
    sets = [tuple(names) for names in model._meta.unique_together]
    sets += [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and constraint.fields
        and constraint.condition is None
    ]
    sets += [
        (f.name,)
        for f in model._meta.concrete_fields
        if f.unique and not f.primary_key and not isinstance(f, models.OneToOneField)
    ]
    owners = {
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is user_model
    }
    return list(dict.fromkeys(tuple(n for n in names if n not in owners) for names in sets))


def _field_problem(f, values: dict, ids: dict) -> str:
    """Why this field's value cannot be written, or ""."""
    stamped = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    if f.name not in values:
        # A field added after the backup was made takes its default; one without a default
        # (and no empty value) cannot be left out.
        if stamped or f.null or f.has_default() or f.get_default() is not None:
            return ""
        return "the value is missing."
    raw = values[f.name]
    if raw is None:
        return "" if f.null else "the value is empty, and this field needs one."
    if isinstance(f, models.ForeignKey):
        if f.related_model not in ids:
            return ""  # points outside the backup (no such field today)
        if not isinstance(raw, int) or isinstance(raw, bool) or raw not in ids[f.related_model]:
            target = noun(model_label(f.related_model), 1)
            return f"it points to {target} {raw!r}, which is not in the backup."
        return ""
    try:
        value = load_value(f, raw)
    except ValidationError as error:
        return " ".join(error.messages)
    except (ValueError, TypeError, binascii.Error):
        return f"{_short(raw)} is not a valid value here."
    if isinstance(value, str) and f.max_length and len(value) > f.max_length:
        return f"the text is {len(value)} characters long; this field takes at most {f.max_length}."
    return ""


def _short(raw) -> str:
    text = repr(raw)
    return text if len(text) <= 40 else text[:39] + "…"
