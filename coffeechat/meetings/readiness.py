"""The meeting's part of "ready to meet": the invitation went out and the format's checklist is
ticked. Added to prep's readiness list through `prep.readiness.more_items`."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse

from coffeechat.meetings.checklists import keys_for
from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.prep.readiness import Item, more_items

# A meeting that started less than this long ago is still "the next meeting" (it may be running).
RUNNING = timedelta(hours=2)


def _items(meeting: Meeting) -> list[Item]:
    page = reverse("meetings:detail", args=[meeting.pk])
    items = [
        Item(
            "Invitation sent",
            meeting.invitation_sent_at is not None,
            "E-mail or download the calendar invitation, or say you sent it yourself.",
            page + "#inv-h",
        )
    ]
    keys = keys_for(meeting.format)
    if keys:
        items.append(
            Item(
                f"{meeting.get_format_display()} checklist done",
                keys <= set(meeting.checklist_done or []),
                "Tick the meeting's checklist.",
                page + "#check-h",
            )
        )
    return items


@more_items
def next_meeting_items(wanted, now: datetime) -> dict[int, list[Item]]:
    """One query: the next scheduled meeting of each wanted conversation, and its items."""
    upcoming = (
        Meeting.objects.filter(
            conversation_id__in=wanted,
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=now - RUNNING,
        )
        .order_by("starts_at", "id")
        .only(
            "id", "conversation_id", "starts_at", "format", "invitation_sent_at", "checklist_done"
        )
    )
    found: dict[int, list[Item]] = {}
    for meeting in upcoming:
        if meeting.conversation_id not in found:
            found[meeting.conversation_id] = _items(meeting)
    return found
