"""Today: each conversation's one next step (today.next_step), when it is worth a look today.

This replaces the per-stage lists that each app used to add (waiting for a reply, 3B7, meetings
to prepare, thank-yous due), which looked at the stage alone and went stale between stages.
"""

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Min, Q, QuerySet, Value, When, Window
from django.db.models.functions import Collate, RowNumber
from django.utils import timezone

from coffeechat.contacts.services import others_at
from coffeechat.core.compiled import CompiledQuery
from coffeechat.core.extensions import Action, TodayItem, provider, soonest_after
from coffeechat.core.reversing import url_maker
from coffeechat.pipeline.models import ACTIVE_STAGES, CLOSED_STAGES, Conversation
from coffeechat.today.facts import action_for, steps_for
from coffeechat.today.models import StoredStep
from coffeechat.today.next_step import Facts, Step
from coffeechat.today.stored import COLUMNS, Kept, kept, trusted_of_user, work_out

# How far ahead a step with a date is shown, and how long a closed conversation still asks for
# the next person.
AHEAD = timedelta(days=7)
PREPARE_AHEAD = timedelta(days=3)  # "prepare" earlier than that is not today's business
RECENTLY_CLOSED = timedelta(days=7)
# The earliest steps of each kind that Today lists (the board shows every conversation).
PER_KIND = 25
# Shown elsewhere on Today: people to keep in touch with (per contact, by keepintouch), and my
# dated action items (by followup).
SHOWN_ELSEWHERE = {"keep_in_touch"}
KINDS = {
    "write": "Request",
    "send": "Request",
    "wait": "Waiting",
    "ask_second": "3B7",
    "follow_up": "3B7",
    "no_response": "3B7",
    "ask_next": "Next person",
    "schedule": "Schedule",
    "referral": "Referral",
    "ask_again": "Ask again",
    "prepare": "Prepare",
    "join": "Meeting",
    "in_meeting": "Meeting",
    "capture": "Capture",
    "thank": "Thank-you",
    "my_promise": "Promise",
    "their_promise": "Promise",
    "close_loop": "Update",
}


def _shown(step: Step, facts: Facts, now) -> bool:
    if step.kind in SHOWN_ELSEWHERE:
        return False
    if step.kind == "my_promise" and facts.my_promise_due is not None:
        return False  # the action items list shows it with its date
    return _due_soon(step, now)


def _due_soon(step: Step, now) -> bool:
    ahead = PREPARE_AHEAD if step.kind == "prepare" else AHEAD
    return step.due is None or step.due <= now + ahead


def _due(pair: tuple[Step, Facts]) -> datetime:
    return pair[0].due or datetime.max.replace(tzinfo=UTC)


def _urgency(step: Step, now) -> int:
    if step.kind in {"wait", "write"}:
        return 3
    if step.due is None or step.due <= now + timedelta(days=1):
        return 1
    return 2


def _moving(user, closed_since) -> QuerySet:
    return Conversation.objects.filter(user_id=user).filter(
        Q(stage__in=ACTIVE_STAGES) | Q(stage__in=CLOSED_STAGES, stage_changed_at__gte=closed_since)
    )


def moving(user, now):
    """The user's conversations that can have a step for Today: still moving, or closed lately."""
    return _moving(user.pk, now - RECENTLY_CLOSED)


def chosen(steps, now) -> list[tuple[Step, Facts]]:
    """The steps Today lists, from every conversation's (step, facts): those due soon enough,
    the earliest few of each kind (a day's work: the board lists them all, and a heavy
    networker may have hundreds of stale requests)."""
    shown = [(step, facts) for step, facts in steps if _shown(step, facts, now)]
    by_kind: dict[str, list] = defaultdict(list)
    for pair in sorted(shown, key=_due):
        by_kind[pair[0].kind].append(pair)
    return [pair for pairs in by_kind.values() for pair in pairs[:PER_KIND]]


# The order of the earliest steps of each kind: by due (none last), then the conversations' own
# order (chosen()'s sort and its tie-break).
_EARLIEST = [F("due").asc(nulls_last=True), F("stage_changed_at").desc(), F("pk").desc()]


def _listable(per_kind: int, user, closed_since, prepare_until, ahead_until) -> QuerySet:
    # The earliest PER_KIND of each kind, in chosen()'s order; numbered in the database, which
    # sends only those. The rows are numbered on the few columns that place them, and only those
    # shown are read whole (titles, details, buttons): sorting ~1,100 whole rows for the window
    # cost a sixth more.
    #
    # Which conversations are moving comes from the stored rows themselves, not a join to the
    # conversations (a lookup for each of the ~800 rows: a third of the query on PostgreSQL).
    # A row not cleared says what its conversation does (any change of stage clears it), and
    # the moving conversations' rows were all worked out just before (shown_from_store).
    shown = (
        StoredStep.objects.filter(user_id=user, valid_until__isnull=False)
        .filter(Q(closed=False) | Q(stage_changed_at__gte=closed_since))
        .filter(
            Q(due__isnull=True)
            | Q(due__lte=prepare_until)
            | (Q(due__lte=ahead_until) & ~Q(kind="prepare"))
        )
        .exclude(kind__in=[*SHOWN_ELSEWHERE, ""])  # "": a row held for a step being worked out
        .exclude(kind="my_promise", promise_dated=True)
        .annotate(place=Window(RowNumber(), partition_by=[F("kind")], order_by=_EARLIEST))
        .filter(place__lte=per_kind)
        .values("pk")
    )
    return StoredStep.objects.filter(pk__in=shown)


def _shown_rows(per_kind: int, user, closed_since, prepare_until, ahead_until) -> QuerySet:
    shown = _listable(per_kind, user, closed_since, prepare_until, ahead_until)
    return shown.order_by(*_EARLIEST).values_list(*COLUMNS)


def _first_rows(
    limit: int, user, closed_since, prepare_until, ahead_until, now, day_ahead
) -> QuerySet:
    # The shown rows in the order of their items' sort key (TodayItem.sort_key): urgency as
    # items() gives it (overdue first), the due moment (a step due on a day is stored at the
    # local day's start, where the key puts it), then the title as Python compares strings
    # (by code point: SQLite's BINARY, PostgreSQL's "C"). Only the first `limit` are sent,
    # each with the number of shown rows in all.
    urgency = Case(
        When(due__lt=now, then=Value(0)),
        When(kind__in=["wait", "write"], then=Value(3)),
        When(Q(due__isnull=True) | Q(due__lte=day_ahead), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    by_code_point = "C" if connection.vendor == "postgresql" else "BINARY"
    shown = _listable(PER_KIND, user, closed_since, prepare_until, ahead_until)
    return (
        shown.annotate(urgency=urgency, shown=Window(Count("pk")))
        .order_by(
            "urgency",
            F("due").asc(nulls_last=True),
            Collate(F("title"), by_code_point),
            *_EARLIEST[1:],
        )
        .values_list(*COLUMNS, "shown")[:limit]
    )


def _moving_untrusted(user, closed_since, zone, now) -> QuerySet:
    # Only those without a trusted stored step, most often none: reading all ~1,100 with a flag
    # each cost more to send and convert than to find.
    return (
        _moving(user, closed_since)
        .exclude(pk__in=trusted_of_user(user, zone, now))
        .order_by()
        .values_list("pk", "user_id")
    )


# Read after every change of the user's data: built once (core.compiled), as building them
# took the ORM longer than the database took to run them.
_when = StoredStep._meta.get_field("due")
_UNTRUSTED = CompiledQuery(
    _moving_untrusted,
    user=Conversation._meta.get_field("user"),
    closed_since=Conversation._meta.get_field("stage_changed_at"),
    zone=StoredStep._meta.get_field("zone"),
    now=StoredStep._meta.get_field("valid_until"),
)
_SHOWN = CompiledQuery(
    _shown_rows,
    user=StoredStep._meta.get_field("user"),
    closed_since=StoredStep._meta.get_field("stage_changed_at"),
    prepare_until=_when,
    ahead_until=_when,
)
_FIRST = CompiledQuery(
    _first_rows,
    user=StoredStep._meta.get_field("user"),
    closed_since=StoredStep._meta.get_field("stage_changed_at"),
    prepare_until=_when,
    ahead_until=_when,
    now=_when,
    day_ahead=_when,
)


def shown_from_store(user, now) -> list[Kept]:
    """chosen(), from the stored steps (today.stored): those of the moving conversations whose
    step is missing or stale are worked out again first, then only the rows Today may list are
    read, in the conversations' order (the tie-break of chosen's sort)."""
    closed_since = _worked_out(user, now)
    rows = _SHOWN.rows(
        PER_KIND,
        user=user.pk,
        closed_since=closed_since,
        prepare_until=now + PREPARE_AHEAD,
        ahead_until=now + AHEAD,
    )
    by_kind: dict[str, list[Kept]] = defaultdict(list)
    for row in map(kept, rows):
        by_kind[row.step.kind].append(row)
    return [row for rows in by_kind.values() for row in rows]


def _worked_out(user, now) -> datetime:
    """Work out again the steps of the user's moving conversations that have no trusted stored
    step; the moment before which a closed conversation is no longer moving."""
    closed_since = now - RECENTLY_CLOSED
    zone = timezone.get_current_timezone_name()
    work_out(
        dict(_UNTRUSTED.rows(user=user.pk, closed_since=closed_since, zone=zone, now=now)), now
    )
    return closed_since


def first_next_steps(user, now, limit: int) -> tuple[list[TodayItem], int]:
    """The first `limit` of next_steps' items in their sort order, and how many it gives in
    all: only those rows are read and made into items (Today shows 40 of ~200)."""
    closed_since = _worked_out(user, now)
    rows = _FIRST.rows(
        limit,
        user=user.pk,
        closed_since=closed_since,
        prepare_until=now + PREPARE_AHEAD,
        ahead_until=now + AHEAD,
        now=now,
        day_ahead=now + timedelta(days=1),
    )
    shown = rows[0][-1] if rows else 0
    return list(items(user, now, [kept(row[:-1]) for row in rows])), shown


def from_steps(steps: list[tuple[Step, Facts]]) -> list[Kept]:
    """chosen()'s steps as stored ones: what the full computation gives, to compare with."""
    return [
        Kept(
            facts.conversation_id,
            Step(step.kind, step.title, step.due, step.action, "", step.detail, step.whole_day),
            tuple(action_for(step, facts).__dict__.values()),
            facts.contact_id,
            facts.organisation_id,
            facts.my_promise_due is not None,
        )
        for step, facts in steps
    ]


def full_computation(user, now) -> list[Kept]:
    """What Today lists, every step worked out afresh (the stored steps must give the same)."""
    found = steps_for(moving(user, now), now, meetings_until=now + AHEAD)
    return from_steps(chosen(found.values(), now))


def items(user, now, steps: list[Kept]):
    conversation_url = url_maker("pipeline:conversation_detail")
    contact_url = url_maker("contacts:detail")
    # 3B7's second person: name who the user already knows there (one query for all).
    second = [row for row in steps if row.step.kind == "ask_second" and row.organisation_id]
    others = others_at(user, {r.organisation_id for r in second}, [r.contact_id for r in second])
    for row in steps:
        step = row.step
        action = Action(*row.action)
        detail = step.detail
        people = others.get(row.organisation_id, []) if step.kind == "ask_second" else []
        if people:
            detail = f"Others you know there: {', '.join(p.display_name for p in people)}. {detail}"
            action = Action(f"Open {people[0].display_name}", contact_url(people[0].id))
        yield TodayItem(
            kind=KINDS[step.kind],
            title=step.title,
            url=conversation_url(row.conversation_id),
            when=timezone.localdate(step.due) if step.due and step.whole_day else step.due,
            detail=detail,
            overdue=step.overdue(now),
            urgency=_urgency(step, now),
            action=action,
        )


def _changes(user, now, closed_since, day_ahead, prepare_until, ahead_until) -> QuerySet:
    # Over all the user's rows, not only those shown: an instant too soon only means working
    # the list out again then.
    rows = StoredStep.objects.filter(user_id=user).values("user_id").order_by()
    return rows.annotate(
        stale=Min("valid_until", filter=Q(valid_until__gt=now)),
        overdue=Min("due", filter=Q(due__gte=now)),
        urgent=Min("due", filter=Q(due__gt=day_ahead)),
        prepare=Min("due", filter=Q(kind="prepare", due__gt=prepare_until)),
        enters=Min("due", filter=Q(due__gt=ahead_until) & ~Q(kind="prepare")),
        leaves=Min("stage_changed_at", filter=Q(closed=True, stage_changed_at__gte=closed_since)),
    ).values_list("stale", "overdue", "urgent", "prepare", "enters", "leaves")


_CHANGES = CompiledQuery(
    _changes,
    user=StoredStep._meta.get_field("user"),
    now=_when,
    closed_since=StoredStep._meta.get_field("stage_changed_at"),
    day_ahead=_when,
    prepare_until=_when,
    ahead_until=_when,
)


def next_steps_change_at(user, now):
    """When time alone next changes the steps Today lists (each rule of shown_from_store and
    items(), in turn): a stored step falls stale, a step falls overdue or due within a day, one
    comes into Today's days ahead, or a closed conversation's week ends."""
    closed_since = now - RECENTLY_CLOSED
    found = _CHANGES.rows(
        user=user.pk,
        now=now,
        closed_since=closed_since,
        day_ahead=now + timedelta(days=1),
        prepare_until=now + PREPARE_AHEAD,
        ahead_until=now + AHEAD,
    )
    if not found:
        return None
    stale, overdue, urgent, prepare, enters, leaves = found[0]
    return soonest_after(
        now - timedelta(microseconds=1),  # a step due now is overdue a moment later
        stale,
        overdue,
        urgent and urgent - timedelta(days=1),
        prepare and prepare - PREPARE_AHEAD,
        enters and enters - AHEAD,
        leaves and leaves + RECENTLY_CLOSED,
    )


@provider(changes_at=next_steps_change_at, first=first_next_steps)
def next_steps(user, now):
    yield from items(user, now, shown_from_store(user, now))
