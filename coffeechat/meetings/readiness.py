"""The meeting's part of "ready to meet": the invitation went out and the format's checklist is
ticked. Added to prep's readiness list through `prep.readiness.more_items`."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet

from coffeechat.core.compiled import IDS, CompiledQuery
from coffeechat.core.reversing import url_maker
from coffeechat.meetings.checklists import keys_for
from coffeechat.meetings.models import Meeting, MeetingFormat, MeetingStatus
from coffeechat.prep.readiness import Item, more_items

# A meeting that started less than this long ago is still "the next meeting" (it may be running).
RUNNING = timedelta(hours=2)
# Each format's label, as Meeting.get_format_display gives it (the value itself if unknown).
_FORMATS = dict(MeetingFormat.choices)


def _items(
    page: str, format: str, invitation_sent_at: datetime | None, checklist_done: list | None
) -> list[Item]:
    items = [
        Item(
            "Invitation sent",
            invitation_sent_at is not None,
            "E-mail or download the calendar invitation, or say you sent it yourself.",
            page + "#inv-h",
        )
    ]
    keys = keys_for(format)
    if keys:
        items.append(
            Item(
                f"{_FORMATS.get(format, format)} checklist done",
                keys <= set(checklist_done or []),
                "Tick the meeting's checklist.",
                page + "#check-h",
            )
        )
    return items


def _upcoming(wanted, since) -> QuerySet:
    """The scheduled meetings of the wanted conversations from `since`, soonest first."""
    return (
        Meeting.objects.filter(
            conversation_id__in=wanted,
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=since,
        )
        .order_by("starts_at", "id")
        .values_list("id", "conversation_id", "format", "invitation_sent_at", "checklist_done")
    )


# For a list of ids (the board's cards), built once (core.compiled): building the query cost
# more than running it.
_UPCOMING = CompiledQuery(_upcoming, wanted=IDS, since=Meeting._meta.get_field("starts_at"))


_STARTS = CompiledQuery(
    lambda wanted, since: (
        Meeting.objects.filter(
            conversation_id__in=wanted, status=MeetingStatus.SCHEDULED, starts_at__gte=since
        )
        .order_by("starts_at")
        .values_list("starts_at")[:1]
    ),
    wanted=IDS,
    since=Meeting._meta.get_field("starts_at"),
)


def next_meeting_changes_at(ids: list[int], now: datetime) -> datetime | None:
    """When time alone next changes the items: the soonest of the conversations' next meetings
    stops being "the next meeting" (RUNNING after it starts), and the one after it takes its
    place. Nothing else here follows the clock."""
    found = _STARTS.rows(wanted=ids, since=now - RUNNING)
    return found[0][0] + RUNNING if found else None


@more_items(changes_at=next_meeting_changes_at)
def next_meeting_items(wanted, now: datetime) -> dict[int, list[Item]]:
    """One query: the next scheduled meeting of each wanted conversation, and its items. Plain
    rows, and the meeting page reversed once: the board and Today ask for dozens at once."""
    since = now - RUNNING
    if isinstance(wanted, QuerySet):
        upcoming = _upcoming(wanted, since)
    else:
        upcoming = _UPCOMING.rows(wanted=wanted, since=since)
    page = url_maker("meetings:detail")
    found: dict[int, list[Item]] = {}
    for pk, conversation_id, format, sent_at, done in upcoming:
        if conversation_id not in found:
            found[conversation_id] = _items(page(pk), format, sent_at, done)
    return found
