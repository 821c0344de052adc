"""Today: my action items due within the next week."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from coffeechat.core.extensions import Action, TodayItem, provider
from coffeechat.core.reversing import url_with_id
from coffeechat.followup.models import ActionItem, Owner

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
                url_with_id("pipeline:conversation_detail", item.conversation_id)
                if item.conversation_id
                else url_with_id("contacts:detail", item.contact_id)
                if item.contact_id
                else reverse("today:index")
            ),
            when=item.due,
            detail=f"For {item.contact}" if item.contact else "",
            overdue=item.due < today,
            urgency=1 if item.due == today else 2,
            action=Action("Done", url_with_id("followup:action_toggle", item.pk), "post"),
        )
