"""Today: conversations met and not thanked yet."""

from datetime import timedelta

from django.db.models import DateTimeField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from coffeechat.core.extensions import Action, TodayItem, provider
from coffeechat.meetings.models import Meeting
from coffeechat.pipeline.models import Conversation, Stage

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
            url=reverse("thanks:compose", args=[conversation.pk]),
            when=due,
            detail="More than a day since you met: send it today."
            if overdue
            else "Best sent within a day, while the conversation is fresh.",
            overdue=overdue,
            urgency=0 if overdue else 1,
            action=Action("Write it", reverse("thanks:compose", args=[conversation.pk])),
        )
