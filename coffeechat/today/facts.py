"""What `next_step` needs to know about many conversations, in a fixed number of queries.

`steps_for(conversations, now)` is what the pages call: the board for its visible cards, the
conversation page for one, Today and the digest for every conversation that is still moving.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from coffeechat.contacts.models import Touchpoint, TouchpointKind
from coffeechat.core.compiled import IDS, CompiledQuery
from coffeechat.core.extensions import Action
from coffeechat.core.reversing import url_with_id
from coffeechat.followup.models import ActionItem, Owner
from coffeechat.meetings.models import Meeting, MeetingStatus, planned_end
from coffeechat.outreach.models import DraftKind, Reply, RequestDraft
from coffeechat.pipeline.models import Conversation
from coffeechat.prep.readiness import readiness_for_many
from coffeechat.today.next_step import Facts, Step, next_step

# The columns of a conversation (and its contact) that the facts read, as plain tuples: Today
# reads every conversation of the user, and model instances would cost more than the rest.
FIELDS = (
    "id",
    "stage",
    "stage_changed_at",
    "requested_at",
    "met_at",
    "thanked_at",
    "contact_id",
    "contact__display_name",
    "contact__keep_in_touch_due_at",
    "contact__organisation_id",
    "contact__organisation__name",
)


def _drafts_query(ids) -> QuerySet:
    return (
        RequestDraft.objects.filter(conversation_id__in=ids)
        .filter(Q(kind=DraftKind.REQUEST, sent_at__isnull=True) | Q(kind=DraftKind.FOLLOW_UP))
        .values_list("conversation_id", "pk", "kind", "created", "sent_at")
        .order_by("created", "id")
    )


def _replies_query(ids) -> QuerySet:
    return (
        Reply.objects.filter(conversation_id__in=ids)
        .values_list("conversation_id", "outcome", "created")
        .order_by("replied_on", "created", "id")
    )


def _meetings_query(ids) -> QuerySet:
    return (
        Meeting.objects.filter(conversation_id__in=ids)
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("id", "conversation_id", "starts_at", "minutes", "ended_at", "status")
        .order_by("starts_at", "id")
    )


def _actions_query(ids) -> QuerySet:
    return (
        ActionItem.objects.filter(conversation_id__in=ids)
        .values_list("id", "conversation_id", "text", "due", "done", "done_at", "owner")
        .order_by(F("due").asc(nulls_last=True), "id")
    )


def _updates_query(ids) -> QuerySet:
    return (
        Touchpoint.objects.filter(conversation_id__in=ids, kind=TouchpointKind.UPDATE)
        .values_list("conversation_id", "happened_at")
        .order_by("happened_at")
    )


def _rows_query(ids) -> QuerySet:
    return Conversation.objects.filter(pk__in=ids).values_list(*FIELDS).order_by()


# Every change of a conversation's facts works its step out again (today.stored), most often
# for one conversation: built once (core.compiled), as building these queries took the ORM
# longer than running them (6 of 6.5 ms for one conversation on SQLite).
_ROWS = CompiledQuery(_rows_query, ids=IDS)
_DRAFTS = CompiledQuery(_drafts_query, ids=IDS)
_REPLIES = CompiledQuery(_replies_query, ids=IDS)
_MEETINGS = CompiledQuery(_meetings_query, ids=IDS)
_ACTIONS = CompiledQuery(_actions_query, ids=IDS)
_UPDATES = CompiledQuery(_updates_query, ids=IDS)


def _drafts(ids) -> tuple[dict[int, datetime], dict[int, datetime], dict[int, int]]:
    """Per conversation: the newest unsent request draft's time, the last follow-up sent, and
    the newest follow-up written but not sent."""
    unsent: dict[int, datetime] = {}
    followed_up: dict[int, datetime] = {}
    follow_up_draft: dict[int, int] = {}
    for conversation_id, pk, kind, created, sent_at in _DRAFTS.rows(ids=ids):
        if kind == DraftKind.REQUEST:
            unsent[conversation_id] = created
        elif sent_at is None:
            follow_up_draft[conversation_id] = pk
        else:
            followed_up[conversation_id] = max(sent_at, followed_up.get(conversation_id, sent_at))
    return unsent, followed_up, follow_up_draft


def _replies(ids) -> dict[int, tuple[str, datetime]]:
    """The latest reply per conversation: (outcome, when it was logged)."""
    latest: dict[int, tuple[str, datetime]] = {}
    for conversation_id, outcome, created in _REPLIES.rows(ids=ids):
        latest[conversation_id] = (outcome, created)
    return latest


# Readiness is for a conversation with a scheduled meeting that started at most this long ago.
READINESS_FROM = timedelta(days=1)


class MeetingRow(NamedTuple):
    """A meeting as the facts read it (not cancelled)."""

    pk: int
    conversation_id: int
    starts_at: datetime
    minutes: int
    ended_at: datetime | None
    status: str

    @property
    def end(self) -> datetime:
        """When it ended, or ends as planned."""
        return self.ended_at or planned_end(self.starts_at, self.minutes)


def meetings_of(ids: list[int]) -> list[MeetingRow]:
    """The meetings of these conversations that count (none cancelled), earliest first."""
    return list(map(MeetingRow._make, _MEETINGS.rows(ids=ids)))


def _meetings(read: list[MeetingRow], now: datetime) -> tuple[dict[int, MeetingRow], set[int]]:
    """Of the meetings read (`meetings_of`): the one that matters per conversation, the next
    one ahead, else the last one held; and the conversations with a scheduled meeting from
    READINESS_FROM ago on."""
    chosen: dict[int, MeetingRow] = {}
    scheduled: set[int] = set()
    for meeting in read:
        current = chosen.get(meeting.conversation_id)
        if current is None or current.end <= now:
            chosen[meeting.conversation_id] = meeting  # a later one replaces one that is over
        if meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at >= now - READINESS_FROM:
            scheduled.add(meeting.conversation_id)
    return chosen, scheduled


class _Action(NamedTuple):
    pk: int
    conversation_id: int
    text: str
    due: date | None
    done: bool
    done_at: datetime | None
    owner: str


def _actions(ids) -> tuple[dict, dict, dict]:
    """Per conversation: my first open promise, theirs, and my last thing done."""
    mine: dict[int, _Action] = {}
    theirs: dict[int, _Action] = {}
    done: dict[int, _Action] = {}
    for item in map(_Action._make, _ACTIONS.rows(ids=ids)):
        key = item.conversation_id
        if not item.done:
            target = mine if item.owner == Owner.MINE else theirs
            target.setdefault(key, item)
        elif item.owner == Owner.MINE and item.done_at:
            done[key] = max(done.get(key, item), item, key=lambda i: i.done_at)
    return mine, theirs, done


def _last_updates(ids) -> dict[int, datetime]:
    """When the user last told each conversation's contact how something went."""
    return dict(_UPDATES.rows(ids=ids))


def facts_for(
    conversations: QuerySet | list[int],
    now: datetime,
    meetings_until: datetime | None = None,
    meetings: list[MeetingRow] | None = None,
) -> dict[int, Facts]:
    """Facts per conversation id, for a queryset of conversations or a list of their ids, in a
    fixed number of queries however many there are (one, for none).

    The conversations are read first; the other queries take the ids found, one parameter
    however long the list (core.compiled), not the caller's query again as a subquery.

    `meetings_until`: a caller that shows no step due after then (Today) passes it, and
    readiness, the costliest fact, is read only for meetings that start by then. Readiness
    decides only between "prepare" and "join", both due when the meeting starts, so a later
    meeting's step is not shown either way; its `ready` is left False.

    `meetings`: the conversations' meetings as `meetings_of` reads them, from a caller that has
    read them already (today.stored, for the moments a step holds until).
    """
    if isinstance(conversations, QuerySet):
        rows = list(conversations.values_list(*FIELDS))
    else:
        rows = _ROWS.rows(ids=conversations)
    if not rows:
        return {}
    ids = [row[0] for row in rows]
    unsent, followed_up, follow_up_drafts = _drafts(ids)
    replies = _replies(ids)
    meetings, scheduled = _meetings(meetings_of(ids) if meetings is None else meetings, now)
    # Readiness for those with a scheduled meeting still to come (by `meetings_until`).
    wanted = [
        pk
        for pk in scheduled
        if meetings_until is None or now < meetings[pk].starts_at <= meetings_until
    ]
    ready = readiness_for_many(wanted, now)
    mine, theirs, done = _actions(ids)
    updates = _last_updates(ids)
    facts = {}
    for row in rows:
        pk, stage, stage_changed_at, requested_at, met_at, thanked_at, contact_id = row[:7]
        contact, keep_in_touch_due_at, organisation_id, organisation = row[7:]
        meeting = meetings.get(pk)
        reply, replied_at = replies.get(pk, ("", None))
        advice = done.get(pk)
        if advice and (pk in updates and updates[pk] >= advice.done_at):
            advice = None
        readiness = ready.get(pk)
        facts[pk] = Facts(
            stage=stage,
            contact=contact,
            stage_changed_at=stage_changed_at,
            organisation=organisation or "",
            draft_at=unsent.get(pk),
            requested_at=requested_at,
            follow_up_sent_at=followed_up.get(pk),
            reply=reply,
            replied_at=replied_at,
            meeting_starts_at=meeting.starts_at if meeting else None,
            meeting_ends_at=meeting.end if meeting else None,
            captured=bool(meeting and meeting.status == MeetingStatus.HELD),
            ready=bool(readiness and readiness.ready),
            still_to_do=", ".join(i.label.lower() for i in readiness.missing) if readiness else "",
            met_at=met_at,
            thanked_at=thanked_at,
            my_promise=mine[pk].text if pk in mine else "",
            my_promise_due=mine[pk].due if pk in mine else None,
            their_promise=theirs[pk].text if pk in theirs else "",
            advice_done=advice.text if advice else "",
            advice_done_at=advice.done_at if advice else None,
            keep_in_touch_due_at=keep_in_touch_due_at,
            conversation_id=pk,
            contact_id=contact_id,
            organisation_id=organisation_id,
            follow_up_draft_id=follow_up_drafts.get(pk),
            meeting_id=meeting.pk if meeting else None,
            advice_action_id=advice.pk if advice else None,
        )
    return facts


def steps_for(
    conversations: QuerySet | list[int],
    now: datetime,
    meetings_until: datetime | None = None,
    meetings: list[MeetingRow] | None = None,
) -> dict[int, tuple[Step, Facts]]:
    """The next step per conversation id (see today.next_step), with the facts it came from
    (`meetings_until` and `meetings`: see facts_for)."""
    zone = timezone.get_current_timezone()
    found = facts_for(conversations, now, meetings_until, meetings)
    return {pk: (next_step(f, now, zone), f) for pk, f in found.items()}


# Where each step's button goes: the URL name, the fact holding its id, a fragment, the method.
PAGES: dict[str, tuple[str, str, str, str]] = {
    "compose": ("outreach:compose", "conversation_id", "", "get"),
    "reply": ("pipeline:conversation_detail", "conversation_id", "#outreach-h", "get"),
    "no_response": ("outreach:no_response", "conversation_id", "", "post"),
    "follow_up": ("outreach:follow_up", "conversation_id", "", "post"),
    "follow_up_draft": ("outreach:draft_detail", "follow_up_draft_id", "", "get"),
    "organisation": ("contacts:organisation_detail", "organisation_id", "", "get"),
    "next_people": ("outreach:next_list", "", "", "get"),
    "schedule": ("pipeline:conversation_detail", "conversation_id", "#meet-h", "get"),
    "plan": ("prep:plan", "conversation_id", "", "get"),
    "meeting_mode": ("meetings:live", "meeting_id", "", "get"),
    "capture": ("meetings:capture", "meeting_id", "", "get"),
    "thanks": ("thanks:compose", "conversation_id", "", "get"),
    "actions": ("pipeline:conversation_detail", "conversation_id", "#actions-h", "get"),
    "close_loop": ("followup:close_loop", "advice_action_id", "", "get"),
    "contact": ("contacts:detail", "contact_id", "#timeline-h", "get"),
}


def action_for(step: Step, facts: Facts) -> Action:
    """The step's one button: where it goes, and whether it is a form (POST) or a link."""
    name, key, fragment, method = PAGES[step.target]
    url = url_with_id(name, getattr(facts, key)) if key else reverse(name)
    return Action(step.action, url + fragment, method)
