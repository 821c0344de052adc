"""Today: requests that are still waiting for a reply."""

from django.urls import reverse

from coffeechat.core.extensions import Action, TodayItem, provider
from coffeechat.pipeline.models import Conversation, Stage

# The least urgent kind of item; the board's Requested column lists them all.
LIMIT = 15


@provider
def waiting_for_reply(user, now):
    waiting = (
        Conversation.objects.owned_by(user)
        .filter(stage=Stage.REQUESTED)
        .select_related("contact")
        .only("id", "requested_at", "stage_changed_at", "contact__display_name")
        .order_by("requested_at", "id")[:LIMIT]
    )
    for conversation in waiting:
        since = conversation.requested_at or conversation.stage_changed_at
        url = reverse("pipeline:conversation_detail", args=[conversation.pk])
        yield TodayItem(
            kind="Waiting",
            title=f"Waiting for {conversation.contact} to reply",
            url=url,
            when=since,
            detail="Requested; log their answer when it comes.",
            urgency=3,
            action=Action("Open", url),
        )
