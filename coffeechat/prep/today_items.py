"""Today: meetings in the next three days that still need preparation."""

from datetime import timedelta

from django.utils import timezone

from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.prep.readiness import readiness_for_many
from coffeechat.today.registry import Action, TodayItem, provider

HORIZON = timedelta(days=3)


@provider
def meetings_to_prepare(user, now):
    meetings = list(
        Meeting.objects.owned_by(user)
        .filter(status=MeetingStatus.SCHEDULED, starts_at__gte=now, starts_at__lte=now + HORIZON)
        .select_related("conversation__contact__organisation")
        .order_by("starts_at", "id")
    )
    conversations = {m.conversation_id: m.conversation for m in meetings}
    ready = readiness_for_many(conversations.values(), now)
    today = timezone.localdate(now)
    for meeting in meetings:
        conversation = meeting.conversation
        state = ready[conversation.pk]
        if state.ready:
            continue
        yield TodayItem(
            kind="Prepare",
            title=f"Prepare for {conversation.contact}",
            url=f"/prep/conversations/{conversation.pk}/plan/",
            when=meeting.starts_at,
            detail="Still to do: " + ", ".join(item.label.lower() for item in state.missing),
            urgency=1 if timezone.localdate(meeting.starts_at) == today else 2,
            action=Action("Open the plan", f"/prep/conversations/{conversation.pk}/plan/"),
        )
