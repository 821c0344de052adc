"""The import pipeline: parse → map → match → preview → commit.

Everything the user already has is loaded once into dictionaries, every file row is matched in
memory (LinkedIn URL, then e-mail, then normalised name + organisation), and the commit writes in
bulk inside one transaction, so 30,000 rows take a few seconds and re-importing changes nothing.
The rows are made ready before that transaction opens (bulk.py), so it holds locks only while
writing.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from django.db import transaction
from django.utils import timezone

from coffeechat.contacts.models import (
    Contact,
    Organisation,
    Relationship,
    Tag,
    Touchpoint,
    TouchpointKind,
    warmth_for,
)
from coffeechat.contacts.normalise import (
    normalise_email,
    normalise_linkedin_url,
    normalise_name,
    normalise_organisation_name,
)
from coffeechat.contacts.orgmatch import Suggester
from coffeechat.contacts.search import indexed_after_insert
from coffeechat.contacts.signals import contacts_changed_in_bulk
from coffeechat.core.planner import analyze_after_commit
from coffeechat.transfer.parsers import ParseResult
from coffeechat.transfer.records import ContactRecord, RowError
from coffeechat.transfer.services.bulk import (
    Columns,
    Staged,
    Updates,
    raw_insert,
    raw_update,
    staged,
)
from coffeechat.transfer.services.parsed import parsed_for

BATCH = 1000
ORG_NAME = Organisation._meta.get_field("name").max_length
SAMPLE_SIZE = 20
SOURCE_LABELS = {
    "linkedin": "LinkedIn import",
    "google": "Google Contacts import",
    "vcard": "vCard import",
    "csv": "CSV import",
    "coffeechat": "CSV import",
}
# The contact's `source` for each format (our own CSV is a CSV import).
SOURCES = {"coffeechat": "csv"}
Progress = Callable[[int, int], None]


def _cut(value: str, field_name: str) -> str:
    limit = Contact._meta.get_field(field_name).max_length
    return value[:limit] if limit else value


class Snapshot:
    """The parts of a contact an import may read or change."""

    __slots__ = (
        "id",
        "given_name",
        "family_name",
        "display_name",
        "emails",
        "phones",
        "linkedin_url",
        "org_key",
        "role",
        "location",
        "research_notes",
        "match_name",
        "stamp",
        "dirty",
        "fields",
    )

    def __init__(self, **values) -> None:
        for name in self.__slots__:
            setattr(self, name, values.get(name))
        self.dirty = False
        self.fields = set()


@dataclass
class RowPlan:
    record: ContactRecord
    action: str  # "new", "updated", "unchanged" or "repeated" (same person twice in the file)
    contact_id: int
    changes: list[str] = field(default_factory=list)


@dataclass
class Conflict:
    """A row that shares an identifier with someone of a different name: kept apart."""

    line: int
    name: str
    identifier: str  # "profile URL" or "e-mail"
    value: str
    other_id: int  # the contact (or, when negative, the earlier row) holding the identifier
    other_name: str

    @property
    def kind(self) -> str:
        return f"same {self.identifier}, different name"


@dataclass
class OrgSuggestion:
    """A new organisation in the file that is probably one the user has ("Arup" / "Arup Group
    Ltd"): the preview asks whether to use the existing one; it is new until the user says so."""

    key: str  # the file's organisation key, as `ImportBatch.org_choices` names it
    name: str
    rows: int
    existing_id: int
    existing_name: str
    chosen: bool  # the user chose the existing organisation


@dataclass
class ImportPlan:
    format: str
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    refused: str = ""
    more_errors: int = 0  # errors counted but not kept (see parsers.MAX_ERRORS)
    conflicts: list[Conflict] = field(default_factory=list)
    org_suggestions: list[OrgSuggestion] = field(default_factory=list)
    edited: list[int] = field(default_factory=list)  # contacts the commit left alone
    # What the commit writes.
    snapshots: dict[int, Snapshot] = field(default_factory=dict)
    new_orgs: dict[str, str] = field(default_factory=dict)  # name_key -> display name
    new_tags: dict[str, str] = field(default_factory=dict)  # folded name -> name
    tag_links: set[tuple[int, str]] = field(default_factory=set)  # (contact id, folded tag)
    touchpoints: list[tuple[int, str, datetime, str]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        counts["errors"] = len(self.errors) + self.more_errors
        for row in self.rows:
            counts["unchanged" if row.action == "repeated" else row.action] += 1
        counts["rows"] = len(self.rows)
        return counts

    @property
    def writes(self) -> int:
        """Rows a commit writes, as its progress counts them."""
        return len(self.snapshots) + len(self.touchpoints) + len(self.tag_links)

    def sample(self, size: int = SAMPLE_SIZE) -> list[RowPlan]:
        changing = [r for r in self.rows if r.action in ("new", "updated")]
        return (changing or self.rows)[:size]


class Index:
    """The user's contacts, organisations, tags and LinkedIn touchpoints, keyed for matching."""

    def __init__(self, user) -> None:
        self.user = user
        self.orgs: dict[str, int] = {}
        self.org_names: dict[int, str] = {}
        self.org_display: dict[str, str] = {}
        for pk, key, name in Organisation.objects.owned_by(user).values_list(
            "id", "name_key", "name"
        ):
            self.orgs[key] = pk
            self.org_names[pk] = key
            self.org_display[key] = name
        self.tags: dict[str, int] = {
            name.casefold(): pk for pk, name in Tag.objects.owned_by(user).values_list("id", "name")
        }
        self.tag_names = {pk: folded for folded, pk in self.tags.items()}
        # One identifier may belong to several contacts (two people were given one profile URL
        # or a shared e-mail address), so each key lists every contact that has it.
        self.by_linkedin: dict[str, list[int]] = {}
        self.by_email: dict[str, list[int]] = {}
        self.by_name_org: dict[tuple[str, str], int] = {}
        self.snapshots: dict[int, Snapshot] = {}
        rows = Contact.objects.owned_by(user).values_list(
            "id",
            "given_name",
            "family_name",
            "display_name",
            "emails",
            "phones",
            "linkedin_url",
            "linkedin_key",
            "organisation_id",
            "role",
            "location",
            "research_notes",
            "name_key",
            "updated",
        )
        for (
            pk,
            given,
            family,
            display,
            emails,
            phones,
            url,
            li_key,
            org_id,
            role,
            location,
            notes,
            name_key,
            stamp,
        ) in rows.iterator(chunk_size=2000):
            snap = Snapshot(
                id=pk,
                given_name=given,
                family_name=family,
                display_name=display,
                emails=list(emails or []),
                phones=list(phones or []),
                linkedin_url=url,
                org_key=self.org_names.get(org_id, ""),
                role=role,
                location=location,
                research_notes=notes,
                match_name=person_key(display or f"{given} {family}"),
                stamp=stamp,
            )
            self.add(snap, li_key, name_key)
        self.linked: set[tuple[int, str]] = set()
        through = Contact.tags.through
        for contact_id, tag_id in through.objects.filter(contact__user=user).values_list(
            "contact_id", "tag_id"
        ):
            self.linked.add((contact_id, self.tag_names.get(tag_id, "")))
        self.connected: set[int] = set(
            Touchpoint.objects.owned_by(user)
            .filter(kind=TouchpointKind.LINKEDIN)
            .values_list("contact_id", flat=True)
        )

    def add(self, snap: Snapshot, linkedin_key: str, name_key: str) -> None:
        self.snapshots[snap.id] = snap
        if linkedin_key:
            self.by_linkedin.setdefault(linkedin_key, []).append(snap.id)
        for email in snap.emails:
            self.add_email(email, snap.id)
        self.by_name_org.setdefault((name_key, snap.org_key or ""), snap.id)

    def add_email(self, email: str, contact_id: int) -> None:
        ids = self.by_email.setdefault(normalise_email(email), [])
        if contact_id not in ids:
            ids.append(contact_id)

    def match(
        self, linkedin_key: str, emails: list[str], name_key: str, org_key: str, person: str
    ) -> tuple[int | None, tuple[str, str, int] | None]:
        """(contact id or None, conflict): an identifier alone never joins two different names;
        the first contact holding it under another name is returned as the conflict."""
        conflict = None
        if linkedin_key:
            ids = self.by_linkedin.get(linkedin_key, [])
            for pk in ids:
                if same_person(person, self.snapshots[pk].match_name):
                    return pk, None
            if ids:
                conflict = ("profile URL", linkedin_key, ids[0])
        for email in emails:
            ids = self.by_email.get(normalise_email(email), [])
            for pk in ids:
                if same_person(person, self.snapshots[pk].match_name):
                    return pk, conflict
            if ids and conflict is None:
                conflict = ("e-mail", email, ids[0])
        found = self.by_name_org.get((name_key, org_key))
        if found is not None and linkedin_key:
            # Two profiles with one name at one employer are two people.
            other = normalise_linkedin_url(self.snapshots[found].linkedin_url or "")
            if other and other != linkedin_key:
                return None, conflict
        return found, conflict


def person_key(name: str) -> str:
    """The name used to tell people apart; a name that is an e-mail address tells nothing."""
    return "" if "@" in name else normalise_name(name)


def same_person(a: str, b: str) -> bool:
    """Could two normalised names be one person? Unknown names, one name inside the other
    ("ada lovelace" / "ada king lovelace") and initials ("a lovelace") count as the same."""
    if not a or not b or a == b:
        return True
    ta, tb = a.split(), b.split()
    if set(ta) <= set(tb) or set(tb) <= set(ta):
        return True
    return ta[-1] == tb[-1] and (ta[0].startswith(tb[0]) or tb[0].startswith(ta[0]))


def plan_import(user, parsed: ParseResult, org_choices: dict[str, int] | None = None) -> ImportPlan:
    """Match every record against the user's data and work out what a commit would change.

    `org_choices` maps an organisation key of the file to the id of an existing organisation
    the user chose for it in the preview (see OrgSuggestion); other names stay as they are."""
    plan = ImportPlan(
        format=parsed.format,
        errors=list(parsed.errors),
        more_errors=parsed.more_errors,
        refused=parsed.refused,
    )
    if parsed.refused:
        return plan
    index = Index(user)
    source = SOURCE_LABELS.get(parsed.format, "import")
    next_new = -1
    org_keys: dict[str, str] = {}
    # File key -> the chosen existing organisation's key, for organisations the user still has.
    chosen = {
        key: index.org_names[pk] for key, pk in (org_choices or {}).items() if pk in index.org_names
    }
    not_held: dict[str, list] = {}  # file key -> [name in the file, rows], for suggestions
    for record in parsed.records:
        linkedin_key = normalise_linkedin_url(record.linkedin_url)
        name_key = normalise_name(record.name())
        # An organisation is stored with at most ORG_NAME characters; its key comes from the
        # stored name, as Organisation.save() makes it, so two long names that share their
        # first ORG_NAME characters are one organisation, not a duplicate key.
        record.organisation = record.organisation[:ORG_NAME].strip()
        org_key = org_keys.get(record.organisation)
        if org_key is None:
            org_key = org_keys[record.organisation] = (
                normalise_organisation_name(record.organisation)[:ORG_NAME]
                if record.organisation
                else ""
            )
        if org_key and org_key not in index.orgs:
            not_held.setdefault(org_key, [record.organisation, 0])[1] += 1
            if org_key in chosen:
                org_key = chosen[org_key]
                record.organisation = index.org_display[org_key]
            else:
                plan.new_orgs.setdefault(org_key, record.organisation)
        person = person_key(record.name())
        found, conflict = index.match(linkedin_key, record.emails, name_key, org_key, person)
        if conflict is not None:
            identifier, value, other = conflict
            plan.conflicts.append(
                Conflict(
                    record.line,
                    record.name(),
                    identifier,
                    value,
                    other,
                    index.snapshots[other].display_name or "",
                )
            )
        if found is None:
            snap = Snapshot(
                id=next_new,
                given_name=_cut(record.given_name, "given_name"),
                family_name=_cut(record.family_name, "family_name"),
                display_name=_cut(record.name(), "display_name"),
                emails=list(record.emails),
                phones=list(record.phones),
                linkedin_url=_cut(record.linkedin_url, "linkedin_url"),
                org_key=org_key,
                role=_cut(record.role, "role"),
                location=_cut(record.location, "location"),
                research_notes=record.notes,
                match_name=person,
            )
            next_new -= 1
            index.add(snap, linkedin_key, name_key)
            row = RowPlan(record, "new", snap.id)
        else:
            snap = index.snapshots[found]
            row = RowPlan(record, "repeated" if found < 0 else "unchanged", found)
            _apply(snap, record, org_key, row, plan, source, index.org_display)
            if row.changes and found > 0:
                row.action = "updated"
            for email in snap.emails:
                index.add_email(email, snap.id)
        plan.snapshots[snap.id] = snap
        for tag in record.tags:
            folded = tag.casefold()[:100]
            if folded not in index.tags:
                plan.new_tags.setdefault(folded, tag[:100])
            if (snap.id, folded) not in index.linked:
                index.linked.add((snap.id, folded))
                plan.tag_links.add((snap.id, folded))
                if row.action in ("unchanged", "updated") and found and found > 0:
                    row.changes.append(f"tag {tag} added")
                    row.action = "updated"
        if record.connected_on and snap.id not in index.connected:
            index.connected.add(snap.id)
            when = datetime.combine(record.connected_on, time(12), tzinfo=UTC)
            plan.touchpoints.append(
                (snap.id, TouchpointKind.LINKEDIN, when, "Connected on LinkedIn.")
            )
            if row.action in ("unchanged", "updated") and snap.id > 0:
                row.changes.append("LinkedIn connection date recorded")
                row.action = "updated"
        plan.rows.append(row)
    plan.org_suggestions = _org_suggestions(index, not_held, chosen)
    return plan


def _org_suggestions(
    index: Index, not_held: dict[str, list], chosen: dict[str, str]
) -> list[OrgSuggestion]:
    if not not_held or not index.orgs:
        return []
    suggester = Suggester([(pk, index.org_display[key], key) for key, pk in index.orgs.items()])
    out = []
    for key, (name, rows) in not_held.items():
        found = suggester.suggest(name)
        if found is not None:
            picked = chosen.get(key) == index.org_names[found.organisation_id]
            out.append(OrgSuggestion(key, name, rows, found.organisation_id, found.name, picked))
    return out


def _apply(snap, record, org_key, row, plan, source, org_display) -> None:
    """Bring a matched contact up to date with the record; note role and employer moves."""
    history: list[str] = []
    if record.role and record.role != snap.role:
        if snap.role:
            history.append(f"Role changed from {snap.role} to {record.role} ({source}).")
        row.changes.append(f"role: {snap.role or '—'} → {record.role}")
        snap.role = _cut(record.role, "role")
        snap.fields.add("role")
    if org_key and org_key != snap.org_key:
        old = org_display.get(snap.org_key) or plan.new_orgs.get(snap.org_key) or snap.org_key
        if old:
            history.append(f"Organisation changed from {old} to {record.organisation} ({source}).")
        row.changes.append(f"organisation: {old or '—'} → {record.organisation}")
        snap.org_key = org_key
        snap.fields.add("organisation")
    for name in ("given_name", "family_name", "linkedin_url", "location"):
        value = getattr(record, name)
        if value and not getattr(snap, name):
            setattr(snap, name, _cut(value, name))
            snap.fields.add(name)
            row.changes.append(f"{name.replace('_', ' ')} added")
    if record.notes and not snap.research_notes:
        snap.research_notes = record.notes
        snap.fields.add("research_notes")
        row.changes.append("notes added")
    known = {normalise_email(e) for e in snap.emails}
    extra = [e for e in record.emails if normalise_email(e) not in known]
    if extra:
        snap.emails = snap.emails + extra
        snap.fields.add("emails")
        row.changes.append("e-mail " + ", ".join(extra) + " added")
    known_phones = {"".join(p.split()) for p in snap.phones}
    extra = [p for p in record.phones if "".join(p.split()) not in known_phones]
    if extra:
        snap.phones = snap.phones + extra
        snap.fields.add("phones")
        row.changes.append("phone " + ", ".join(extra) + " added")
    if snap.id > 0 and snap.fields:
        snap.dirty = True
    when = timezone.now()
    for text in history:
        plan.touchpoints.append((snap.id, TouchpointKind.NOTE, when, text))


@dataclass
class _Rows:
    """A plan's rows in database values, made before its transaction opens (see bulk.py). Ids
    that exist only once the transaction runs (new organisations, new contacts) are filled in
    then, from the keys kept beside the rows."""

    organisations: Columns
    new_organisations: list[list]
    contacts: Columns
    new: list[list]  # one per pending snapshot, in order
    new_orgs: list[str]  # each new contact's organisation key
    updates: list[tuple[Updates, list[tuple[Snapshot, list]]]]  # per group of changed columns
    touchpoints: Columns
    notes: list[tuple[int, str, list]]  # (snapshot id, kind, row) per touchpoint


def _prepare(user, plan: ImportPlan, now: datetime) -> _Rows:
    relationship = Relationship.LINKEDIN if plan.format == "linkedin" else Relationship.COLD
    organisations = Columns(Organisation, now)
    new_organisations = [
        organisations.row({"user_id": user.pk, "name": name, "name_key": key})
        for key, name in plan.new_orgs.items()
    ]
    contacts = Columns(Contact, now)
    pending = [s for s in plan.snapshots.values() if s.id < 0]
    new = [
        contacts.row(
            {
                "user_id": user.pk,
                "given_name": s.given_name,
                "family_name": s.family_name,
                "display_name": s.display_name,
                "name_key": normalise_name(s.display_name)[:300],
                "emails": s.emails,
                "phones": s.phones,
                "linkedin_url": s.linkedin_url,
                "linkedin_key": normalise_linkedin_url(s.linkedin_url)[:500],
                "role": s.role,
                "location": s.location,
                "research_notes": s.research_notes or "",
                "relationship": relationship,
                "warmth": warmth_for(relationship, False),
                "source": SOURCES.get(plan.format, plan.format),
            }
        )
        for s in pending
    ]
    # Each contact gets only the columns the import changes on it, so a value that the
    # import read but leaves alone is never written back.
    groups: dict[tuple[str, ...], list[Snapshot]] = {}
    for s in plan.snapshots.values():
        if not s.dirty:
            continue
        names = set(s.fields)
        if "linkedin_url" in names:
            names.add("linkedin_key")
        if "organisation" in names:
            names.discard("organisation")
            names.add("organisation_id")
        groups.setdefault(tuple(sorted(names)), []).append(s)
    updates = []
    for names, group in groups.items():
        columns = Updates(Contact, [*names, "updated"])
        rows = []
        for s in group:
            row = {
                "given_name": s.given_name,
                "family_name": s.family_name,
                "emails": s.emails,
                "phones": s.phones,
                "role": s.role,
                "linkedin_url": s.linkedin_url,
                "linkedin_key": normalise_linkedin_url(s.linkedin_url)[:500],
                "location": s.location,
                "research_notes": s.research_notes or "",
                "organisation_id": None,  # filled in by the transaction
                "updated": now,
            }
            rows.append((s, columns.values({c: row[c] for c in columns.columns})))
        updates.append((columns, rows))
    touchpoints = Columns(Touchpoint, now)
    notes = [
        (
            cid,
            kind,
            touchpoints.row({"user_id": user.pk, "kind": kind, "happened_at": when, "text": text}),
        )
        for cid, kind, when, text in plan.touchpoints
    ]
    new_orgs = [s.org_key for s in pending]
    return _Rows(
        organisations, new_organisations, contacts, new, new_orgs, updates, touchpoints, notes
    )


def commit_plan(
    user, plan: ImportPlan, progress: Progress | None = None, then=None
) -> dict[str, int]:
    """Write the plan in bulk; all or nothing. `then(result)`, if given, runs last inside the
    transaction (the task records its outcome there); if it raises, nothing is saved."""
    if plan.refused:
        raise ValueError(plan.refused)
    now = timezone.now()
    rows = _prepare(user, plan, now)
    # The new contacts (beside each, its organisation's key), the touchpoints and each group
    # of changed contacts (beside each, its id and organisation's key): on SQLite bound before
    # the transaction takes the write lock (see bulk.Staged).
    notes = [row for _cid, _kind, row in rows.notes]
    with ExitStack() as stack:
        new_contacts = stack.enter_context(
            staged(rows.contacts, rows.new, {ORG_KEY: rows.new_orgs})
        )
        new_notes = stack.enter_context(staged(rows.touchpoints, notes, {}))
        changed = [
            stack.enter_context(
                staged(
                    columns,
                    [values for _s, values in group],
                    {ID_KEY: [s.id for s, _v in group], ORG_KEY: [s.org_key for s, _v in group]},
                )
            )
            for columns, group in rows.updates
        ]
        stack.enter_context(transaction.atomic())
        result = _write(user, plan, rows, (new_contacts, new_notes, changed), now, progress)
        if then is not None:
            then(result)
    return result


# The column beside each staged contact that names its organisation, and the SQL that turns
# it into the organisation's id once the transaction has created the new ones; beside each
# changed contact, its id.
ORG_KEY = "_organisation_key"
ID_KEY = "_contact_id"
ORG_ID_SQL = (
    f"CASE WHEN staged.{ORG_KEY} > '' THEN (SELECT o.id FROM {Organisation._meta.db_table} AS o "
    f"WHERE o.user_id = %s AND o.name_key = staged.{ORG_KEY}) END"
)


def _write(
    user,
    plan: ImportPlan,
    rows: _Rows,
    staged_rows: tuple[Staged | None, Staged | None, list[Staged | None]],
    now: datetime,
    progress,
) -> dict[str, int]:
    """Write the rows; `staged_rows` are the new contacts, the touchpoints and each group of
    changed contacts, when staged."""
    total = plan.writes
    done = 0

    def tick(step: int) -> None:
        nonlocal done
        done += step
        if progress:
            progress(min(done, total), total)

    for start in range(0, len(rows.new_organisations), BATCH):
        raw_insert(rows.organisations, rows.new_organisations[start : start + BATCH])
    Tag.objects.bulk_create(
        [Tag(user=user, name=name) for name in plan.new_tags.values()], batch_size=BATCH
    )
    org_ids = dict(Organisation.objects.owned_by(user).values_list("name_key", "id"))
    tag_ids = {n.casefold(): pk for pk, n in Tag.objects.owned_by(user).values_list("id", "name")}

    new_contacts, new_notes, changed = staged_rows
    pending = [s for s in plan.snapshots.values() if s.id < 0]
    ids: dict[int, int] = {}
    before = 0
    if rows.new:
        # The search index in one statement, not row by row; `before` is the highest contact
        # id before our rows.
        with indexed_after_insert() as before:
            _insert_new_contacts(user, rows, new_contacts, org_ids, tick)
    if pending:
        # Our rows are newer than `before` and carry this commit's `created` instant; a contact
        # added meanwhile in another tab does not (on PostgreSQL it can be inserted between
        # ours), and within one session ids grow in insertion order.
        created = list(
            Contact.objects.filter(user=user, id__gt=before, created=now)
            .order_by("id")
            .values_list("id", flat=True)
        )
        if len(created) != len(pending):
            raise RuntimeError("Another import ran at the same time; nothing was saved.")
        ids = {s.id: pk for s, pk in zip(pending, created, strict=True)}

    edited, gone = _edited_since_plan([s for s in plan.snapshots.values() if s.dirty])
    for (columns, group), staging in zip(rows.updates, changed, strict=True):
        _update_contacts(user, columns, group, staging, edited, org_ids, tick)

    def real(contact_id: int) -> int:
        return ids[contact_id] if contact_id < 0 else contact_id

    kept_notes, skipped = [], []
    for at, (cid, kind, _row) in enumerate(rows.notes):
        # A contact edited meanwhile gets no note of changes the commit did not make.
        if cid in gone or (cid in edited and kind == TouchpointKind.NOTE):
            skipped.append(at)
        else:
            kept_notes.append((at, real(cid)))
    _insert_notes(rows, new_notes, kept_notes, skipped, tick)

    through = Contact.tags.through
    links = sorted(link for link in plan.tag_links if link[0] not in gone)
    for start in range(0, len(links), BATCH):
        chunk = links[start : start + BATCH]
        through.objects.bulk_create(
            [through(contact_id=real(cid), tag_id=tag_ids[folded]) for cid, folded in chunk],
            ignore_conflicts=True,
        )
        tick(len(chunk))
    contacts_changed_in_bulk.send(sender=commit_plan, user=user)
    written = done + len(rows.new_organisations)
    analyze_after_commit([Organisation, Tag, Contact, Touchpoint, through], written)
    counts = plan.counts
    result = {k: counts[k] for k in ("new", "updated", "unchanged", "errors")}
    if edited:
        result["updated"] -= len(edited)
        result["skipped"] = len(edited)
    plan.edited = sorted(edited)
    return result


def _insert_new_contacts(
    user, rows: _Rows, staging: Staged | None, org_ids: dict[str, int], tick: Callable[[int], None]
) -> None:
    """Insert the new contacts, each with its organisation's id (new ones have theirs now)."""
    if staging is not None:
        staging.insert({"organisation_id": (ORG_ID_SQL, [user.pk])})
        tick(len(rows.new))
        return
    org_at = rows.contacts.position("organisation_id")
    for row, key in zip(rows.new, rows.new_orgs, strict=True):
        row[org_at] = org_ids.get(key) if key else None
    for start in range(0, len(rows.new), BATCH):
        chunk = rows.new[start : start + BATCH]
        raw_insert(rows.contacts, chunk)
        tick(len(chunk))


def _update_contacts(
    user,
    columns: Updates,
    group: list[tuple[Snapshot, list]],
    staging: Staged | None,
    edited: set[int],
    org_ids: dict[str, int],
    tick: Callable[[int], None],
) -> None:
    """Write one group's changed columns, each contact with its organisation's id (new ones
    have theirs now), leaving alone the contacts edited since the plan was made."""
    with_org = "organisation_id" in columns.columns
    if staging is not None:
        staging.discard([at for at, (s, _values) in enumerate(group) if s.id in edited])
        staging.update(ID_KEY, {"organisation_id": (ORG_ID_SQL, [user.pk])} if with_org else {})
        tick(sum(1 for s, _values in group if s.id not in edited))
        return
    if with_org:
        at = columns.position("organisation_id")
        for s, values in group:
            values[at] = org_ids.get(s.org_key) if s.org_key else None
    kept = [(s.id, values) for s, values in group if s.id not in edited]
    for start in range(0, len(kept), BATCH):
        chunk = kept[start : start + BATCH]
        raw_update(columns, chunk)
        tick(len(chunk))


def _insert_notes(
    rows: _Rows,
    staging: Staged | None,
    kept: list[tuple[int, int]],
    skipped: list[int],
    tick: Callable[[int], None],
) -> None:
    """Insert the touchpoints: `kept` gives the position of each to write and its contact's
    id; those at the positions `skipped` are left out."""
    if staging is not None:
        staging.discard(skipped)
        staging.set("contact_id", kept)
        staging.insert()
        tick(len(kept))
        return
    contact_at = rows.touchpoints.position("contact_id")
    notes = []
    for at, contact_id in kept:
        row = rows.notes[at][2]
        row[contact_at] = contact_id
        notes.append(row)
    for start in range(0, len(notes), BATCH):
        chunk = notes[start : start + BATCH]
        raw_insert(rows.touchpoints, chunk)
        tick(len(chunk))


def _edited_since_plan(snapshots: list[Snapshot]) -> tuple[set[int], set[int]]:
    """Contacts changed since the plan read them, read again under a row lock (PostgreSQL;
    SQLite's IMMEDIATE transaction holds the write lock already). They are left as they are."""
    stamps = {s.id: s.stamp for s in snapshots}
    edited: set[int] = set()
    gone: set[int] = set()  # deleted meanwhile: nothing to update or link
    pks = sorted(stamps)
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        current = (
            Contact.objects.select_for_update()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", "updated")
        )
        seen = set()
        for pk, updated in current:
            seen.add(pk)
            if updated != stamps[pk]:
                edited.add(pk)
        gone.update(set(chunk) - seen)
    edited |= gone
    return edited, gone


def plan_batch(user, batch) -> ImportPlan:
    """Plan an uploaded ImportBatch as it was set up: its format and its column mapping,
    from the records read at upload (the file is parsed again only for a new mapping)."""
    return plan_import(user, parsed_for(batch), batch.org_choices or None)


def import_bytes(user, data: bytes, fmt: str = "auto", mapping=None, dry_run=False, progress=None):
    """Parse, plan and (unless dry_run) commit; returns the plan (with counts and errors)."""
    from coffeechat.transfer.parsers import parse_bytes

    plan = plan_import(user, parse_bytes(data, fmt, mapping))
    if not dry_run and not plan.refused:
        commit_plan(user, plan, progress)
    return plan
