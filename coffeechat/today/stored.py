"""Next steps kept per conversation (StoredStep), so that the first view after a change works
out only the steps that change touched, not the user's ~1,000.

A stored step is trusted while all of these hold:
- `valid_until` is later than now: `next_step.valid_until` puts it at the first moment time
  alone could change the step (a meeting starting, 3B7's days, …), at most a day ahead;
- it was worked out in the current time zone (3B7 counts days in it; details print times);
- nothing it was worked out from has changed since: every write to its facts clears
  `valid_until` (today.signals: saved and deleted rows, and the signals that writes bypassing
  model signals send: QuerySet.update(), bulk_create, imports, restores).
Any other row is worked out again (`steps_for` on just those conversations) and stored.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from coffeechat.core.compiled import IDS, CompiledQuery
from coffeechat.core.planner import analyze_after_commit
from coffeechat.meetings.readiness import RUNNING
from coffeechat.pipeline.models import CLOSED_STAGES, Conversation
from coffeechat.today.facts import (
    READINESS_FROM,
    MeetingRow,
    action_for,
    meetings_of,
    steps_for,
)
from coffeechat.today.models import StoredStep
from coffeechat.today.next_step import Step, later, valid_until

# What a row held for a step still being worked out says of the conversation (never read).
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_UPDATED = [
    "user",
    "kind",
    "title",
    "detail",
    "due",
    "whole_day",
    "action_label",
    "action_url",
    "action_method",
    "contact_id",
    "organisation_id",
    "promise_dated",
    "closed",
    "stage_changed_at",
    "zone",
    "valid_until",
]


class Kept(NamedTuple):
    """A stored step as the pages read it."""

    conversation_id: int
    step: Step
    action: tuple[str, str, str]  # label, url, method
    contact_id: int
    organisation_id: int | None
    promise_dated: bool


# The columns read into Kept, in its order.
COLUMNS = (
    "conversation_id",
    "kind",
    "title",
    "due",
    "action_label",
    "detail",
    "whole_day",
    "action_url",
    "action_method",
    "contact_id",
    "organisation_id",
    "promise_dated",
)


def kept(row: tuple) -> Kept:
    pk, kind, title, due, label, detail, whole_day, url, method, contact, org, dated = row
    # `target` is where the button goes, already resolved into the stored url.
    step = Step(kind, title, due, label, "", detail, whole_day)
    return Kept(pk, step, (label, url, method), contact, org, dated)


def _read_query(ids) -> QuerySet:
    # Per conversation: the version of its stored row (None: no row yet), and for a row held
    # in its place the keys a write's clear finds it by (today.signals).
    version = StoredStep.objects.filter(conversation_id=OuterRef("pk")).values("version")
    return (
        Conversation.objects.filter(pk__in=ids)
        .annotate(stored_version=Subquery(version))
        .values_list("pk", "stored_version", "user_id", "contact_id", "contact__organisation_id")
        .order_by()
    )


# Run after every change of a conversation's facts, most often for one: built once
# (core.compiled), as building it took the ORM longer than running it.
_READ = CompiledQuery(_read_query, ids=IDS)


def _meeting_moments(meetings: list[MeetingRow]) -> dict[int, list[datetime | None]]:
    """Per conversation, the moments its facts turn on as time passes (today.facts._meetings
    and readiness): every meeting's start and end, and when it leaves readiness."""
    moments: dict[int, list[datetime | None]] = defaultdict(list)
    for meeting in meetings:
        starts_at = meeting.starts_at
        moments[meeting.conversation_id] += [
            starts_at,
            meeting.end,
            later(starts_at, READINESS_FROM),
            later(starts_at, RUNNING),
        ]
    return moments


# How often a refresh tries again for steps whose facts a concurrent write changed meanwhile.
ATTEMPTS = 3


def _trusted(users, zone, now) -> QuerySet:
    return StoredStep.objects.filter(user_id__in=users, zone=zone, valid_until__gt=now).values_list(
        "conversation_id"
    )


# Read after every change of a user's data: built once (core.compiled), as building it took
# longer than running it.
_TRUSTED = CompiledQuery(
    _trusted,
    users=IDS,
    zone=StoredStep._meta.get_field("zone"),
    now=StoredStep._meta.get_field("valid_until"),
)


def refresh(owners: dict[int, int], now: datetime, attempts: int = ATTEMPTS) -> None:
    """Work out again and store the steps of those conversations (`owners`: each one's user
    id) whose stored step is missing or no longer trusted: one query when all are, a fixed
    number otherwise (`work_out`)."""
    # The conversations, and the trusted rows of their owners, read apart and compared here:
    # as one NOT EXISTS, PostgreSQL (with no statistics yet for rows just stored) compared
    # every conversation with every stored row (37 ms for Today's 1,100).
    zone_name = timezone.get_current_timezone_name()
    owner_ids = set(owners.values())
    trusted = {pk for (pk,) in _TRUSTED.rows(users=owner_ids, zone=zone_name, now=now)}
    work_out({pk: owner for pk, owner in owners.items() if pk not in trusted}, now, attempts)


def trusted_of_user(user, zone: str, now: datetime) -> QuerySet:
    """The ids of the conversations of `user` with a trusted stored step, as a sub-select for a
    caller that reads the user's conversations anyway (Today reads those without one). Both
    databases read it once, through the user's index (SQLite builds a list of it, PostgreSQL
    hashes it), and look each conversation up in it."""
    return StoredStep.objects.filter(user_id=user, zone=zone, valid_until__gt=now).values(
        "conversation_id"
    )


def trusted_step(conversation, zone: str, now: datetime) -> Subquery:
    """The trusted stored step of a conversation (`OuterRef` to its id), or None: looked up by
    the step's unique key for each row, for a caller with a short list of conversations and no
    user to scope by (the board's cards). As an EXISTS, PostgreSQL answered it by hashing every
    user's trusted steps."""
    steps = StoredStep.objects.filter(conversation_id=conversation, zone=zone, valid_until__gt=now)
    return Subquery(steps.values("conversation_id")[:1])


def work_out_untrusted(read: list, now: datetime) -> list[int]:
    """For conversations read as (id, user id, trusted) rows (with `trusted_step`), work out
    the steps of those not trusted; their ids, in the rows' order."""
    work_out({pk: owner for pk, owner, trusted in read if not trusted}, now)
    return [pk for pk, _owner, _trusted in read]


def work_out(stale: dict[int, int], now: datetime, attempts: int = ATTEMPTS) -> None:
    """Work out again and store the steps of the conversations in `stale` (each one's user id).

    A write that commits while the facts are read would leave an older step stored after its
    clear (today.signals clears again once it commits): each row's `version` is read before the
    facts, and a step is stored only over the version it was read with. A row that moved on is
    worked out again, up to `attempts` times in all (then left cleared, for the next view)."""
    if not stale:
        return
    zone, zone_name = timezone.get_current_timezone(), timezone.get_current_timezone_name()
    users, versions, places = {}, {}, []
    for pk, stored_version, user_id, contact_id, organisation_id in _READ.rows(ids=list(stale)):
        users[pk], versions[pk] = user_id, stored_version or 0
        if stored_version is None:
            places.append(
                StoredStep(
                    conversation_id=pk,
                    user_id=user_id,
                    contact_id=contact_id,
                    organisation_id=organisation_id,
                    stage_changed_at=EPOCH,
                )
            )
    if not users:
        return
    # Held before the facts are read, so that a write committing meanwhile has a version to
    # raise; the pages skip rows with no kind.
    StoredStep.objects.bulk_create(places, ignore_conflicts=True)
    wanted = list(users)
    meetings = meetings_of(wanted)  # read once, for the facts and for the moments
    found = steps_for(wanted, now, meetings=meetings)
    moments = _meeting_moments(meetings)
    rows = []
    for pk, (step, facts) in found.items():
        action = action_for(step, facts)
        rows.append(
            StoredStep(
                conversation_id=pk,
                user_id=users[pk],
                kind=step.kind,
                title=step.title,
                detail=step.detail,
                due=step.due,
                whole_day=step.whole_day,
                action_label=action.label,
                action_url=action.url,
                action_method=action.method,
                contact_id=facts.contact_id,
                organisation_id=facts.organisation_id,
                promise_dated=facts.my_promise_due is not None,
                closed=facts.stage in CLOSED_STAGES,
                stage_changed_at=facts.stage_changed_at,
                zone=zone_name,
                valid_until=valid_until(facts, now, zone, tuple(moments.get(pk, ()))),
                version=versions[pk],
            )
        )
    moved_on = {row.conversation_id for row in rows} - _store_unless_cleared(rows)
    # A user's steps first worked out in bulk (their first Today with a thousand conversations):
    # the planner learns of the new rows now, not from a plan kept since the table was empty.
    analyze_after_commit([StoredStep], len(places))
    if moved_on and attempts > 1:
        refresh({pk: stale[pk] for pk in moved_on}, now, attempts - 1)


# The columns a refresh writes, and how many rows go in one statement (within both databases'
# limits on parameters).
_WRITTEN = ("conversation", *_UPDATED, "version")
_BATCH = 500


def _store_unless_cleared(rows: list[StoredStep]) -> set[int]:
    """Upsert `rows`, each only over a stored row of the version it carries (no signals: a
    stored step is not the user's data); the ids of the rows stored."""
    fields = [StoredStep._meta.get_field(name) for name in _WRITTEN]
    table = connection.ops.quote_name(StoredStep._meta.db_table)
    columns = [connection.ops.quote_name(field.column) for field in fields]
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns[1:-1])
    stored: set[int] = set()
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        placeholders = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * len(batch))
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {placeholders} "
            f"ON CONFLICT ({columns[0]}) DO UPDATE SET {updates} "
            f"WHERE {table}.{columns[-1]} = excluded.{columns[-1]} RETURNING {columns[0]}"
        )
        params = [
            field.get_db_prep_save(getattr(row, field.attname), connection)
            for row in batch
            for field in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            stored.update(pk for (pk,) in cursor.fetchall())
    return stored
