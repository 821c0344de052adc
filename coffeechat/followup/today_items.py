"""Today: my action items due within the next week, and the thank-yous due."""

from datetime import timedelta

from django.db.models import DateTimeField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from coffeechat.core.extensions import Action, TodayItem, provider
from coffeechat.followup.models import ActionItem, Owner
from coffeechat.meetings.models import Meeting
from coffeechat.pipeline.models import Conversation, Stage

HORIZON_DAYS = 7
LIMIT = 20


@provider
def action_items(user, now):
    today = timezone.localdate(now)
    items = (
        ActionItem.objects.owned_by(user)
        .filter(done=False, owner=Owner.MINE, due__lte=today + timedelta(days=HORIZON_DAYS))
        .select_related("contact")
        .only("id", "text", "due", "conversation_id", "contact_id", "contact__display_name")
        .order_by("due", "id")[:LIMIT]
    )
    for item in items:
        yield TodayItem(
            kind="Action",
            title=item.text,
            url=(
                reverse("conversation_detail", args=[item.conversation_id])
                if item.conversation_id
                else reverse("contact_detail", args=[item.contact_id])
                if item.contact_id
                else reverse("today")
            ),
            when=item.due,
            detail=f"For {item.contact}" if item.contact else "",
            overdue=item.due < today,
            urgency=1 if item.due == today else 2,
            action=Action("Done", reverse("action_toggle", args=[item.pk]), "post"),
        )


THANKS_LIMIT = 30
THANKS_WITHIN = timedelta(hours=24)


@provider
def thank_you_due(user, now):
    """Conversations met and not thanked yet: due within a day of the meeting, then overdue."""
    ended = (
        Meeting.objects.filter(conversation=OuterRef("pk"), ended_at__isnull=False)
        .order_by()
        .values("conversation")
        .annotate(last=Max("ended_at"))
        .values("last")[:1]
    )
    conversations = (
        Conversation.objects.owned_by(user)
        .filter(stage=Stage.MET)
        .annotate(
            ended=Coalesce(
                Subquery(ended), "met_at", "stage_changed_at", output_field=DateTimeField()
            )
        )
        .select_related("contact")
        .only("id", "contact__id", "contact__display_name")
        .order_by("ended", "id")[:THANKS_LIMIT]
    )
    for conversation in conversations:
        due = conversation.ended + THANKS_WITHIN
        overdue = now > due
        yield TodayItem(
            kind="Thank-you",
            title=f"Thank-you due to {conversation.contact.display_name}",
            url=reverse("thank_you", args=[conversation.pk]),
            when=due,
            detail="More than a day since you met: send it today."
            if overdue
            else "Best sent within a day, while the conversation is fresh.",
            overdue=overdue,
            urgency=0 if overdue else 1,
            action=Action("Write it", reverse("thank_you", args=[conversation.pk])),
        )
