"""Today: meetings in the next three days that still need preparation."""

from datetime import timedelta

from django.utils import timezone

from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.pipeline.models import Conversation
from coffeechat.prep.readiness import readiness_for_many
from coffeechat.today.registry import Action, TodayItem, provider

HORIZON = timedelta(days=3)


@provider
def meetings_to_prepare(user, now):
    # Four queries whatever the rows: the meetings, then readiness for their conversations.
    soon = Meeting.objects.owned_by(user).filter(
        status=MeetingStatus.SCHEDULED, starts_at__gte=now, starts_at__lte=now + HORIZON
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
        plan_url = f"/prep/conversations/{conversation.pk}/plan/"
        yield TodayItem(
            kind="Prepare",
            title=f"Prepare for {conversation.contact}",
            url=plan_url,
            when=meeting.starts_at,
            detail="Still to do: " + ", ".join(item.label.lower() for item in state.missing),
            urgency=1 if timezone.localdate(meeting.starts_at) == today else 2,
            action=Action("Open the plan", plan_url),
        )
