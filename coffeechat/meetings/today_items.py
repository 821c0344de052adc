"""Today: meetings in the next seven days."""

from datetime import timedelta

from django.utils import timezone

from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.today.registry import Action, TodayItem, provider

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
        .order_by("starts_at")
    )
    today = timezone.localdate(now)
    for meeting in meetings:
        conversation = meeting.conversation
        yield TodayItem(
            kind="Meeting",
            title=f"Meet {conversation.contact}",
            url=conversation.get_absolute_url(),
            when=meeting.starts_at,
            detail=f"{meeting.minutes} minutes, {meeting.get_format_display().lower()}"
            + (f" — {meeting.place}" if meeting.place else ""),
            urgency=1 if timezone.localdate(meeting.starts_at) == today else 2,
            action=Action("Prepare", conversation.get_absolute_url()),
        )
