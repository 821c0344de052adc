"""Today: meetings in the next seven days, confirming tomorrow's, today's checklist, and the
meetings of the next three days that still need preparation.

One query whatever the number of meetings.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from coffeechat.core.extensions import Action, TodayItem, provider
from coffeechat.meetings import checklists
from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.pipeline.models import Conversation
from coffeechat.prep.readiness import readiness_for_many

HORIZON = timedelta(days=7)


@provider
def upcoming_meetings(user, now):
    meetings = (
        Meeting.objects.owned_by(user)
        .filter(
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=now - timedelta(hours=2),
            starts_at__lte=now + HORIZON,
        )
        .select_related("conversation__contact")
        .only(
            "id",
            "starts_at",
            "minutes",
            "format",
            "place",
            "checklist_done",
            "conversation__id",
            "conversation__contact__display_name",
        )
        .order_by("starts_at", "id")
    )
    today = timezone.localdate(now)
    tomorrow = today + timedelta(days=1)
    for meeting in meetings:
        conversation = meeting.conversation
        contact = conversation.contact
        day = timezone.localdate(meeting.starts_at)
        page = meeting.get_absolute_url()
        yield TodayItem(
            kind="Meeting",
            title=f"Meet {contact}",
            url=page,
            when=meeting.starts_at,
            detail=f"{meeting.minutes} minutes, {meeting.get_format_display().lower()}"
            + (f" — {meeting.place}" if meeting.place else ""),
            urgency=1 if day == today else 2,
            action=Action("Meeting mode", reverse("meetings:live", args=[meeting.pk]))
            if day == today
            else Action("Prepare", conversation.get_absolute_url()),
        )
        if day == tomorrow:
            yield TodayItem(
                kind="Meeting",
                title=f"Confirm tomorrow's meeting with {contact}",
                url=page,
                when=meeting.starts_at,
                detail="A short note the day before saves a wasted trip or an empty call.",
                urgency=1,
                action=Action("Invitation", page),
            )
        elif day == today and meeting.starts_at > now:
            items = checklists.keys_for(meeting.format)
            left = len(items - set(meeting.checklist_done or []))
            if left:
                yield TodayItem(
                    kind="Meeting",
                    title=f"Checklist for today's meeting with {contact}",
                    url=page + "#check-h",
                    when=meeting.starts_at,
                    detail=f"{left} of {len(items)} things still to get ready.",
                    urgency=0,
                    action=Action("Checklist", page + "#check-h"),
                )


PREPARE_HORIZON = timedelta(days=3)


@provider
def meetings_to_prepare(user, now):
    # Four queries whatever the rows: the meetings, then readiness for their conversations.
    soon = Meeting.objects.owned_by(user).filter(
        status=MeetingStatus.SCHEDULED, starts_at__gte=now, starts_at__lte=now + PREPARE_HORIZON
    )
    meetings = list(
        soon.select_related("conversation__contact")
        .only("id", "starts_at", "conversation__id", "conversation__contact__display_name")
        .order_by("starts_at", "id")
    )
    conversations = Conversation.objects.owned_by(user).filter(
        pk__in=soon.values("conversation_id")
    )
    ready = readiness_for_many(conversations, now)
    today = timezone.localdate(now)
    seen: set[int] = set()
    for meeting in meetings:
        conversation = meeting.conversation
        state = ready.get(conversation.pk)
        if state is None or state.ready or conversation.pk in seen:
            continue
        seen.add(conversation.pk)
        plan_url = reverse("prep:plan", args=[conversation.pk])
        yield TodayItem(
            kind="Prepare",
            title=f"Prepare for {conversation.contact}",
            url=plan_url,
            when=meeting.starts_at,
            detail="Still to do: " + ", ".join(item.label.lower() for item in state.missing),
            urgency=1 if timezone.localdate(meeting.starts_at) == today else 2,
            action=Action("Open the plan", plan_url),
        )
