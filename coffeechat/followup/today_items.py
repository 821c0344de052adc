"""Today: my action items that are overdue or due within the next week."""

from datetime import timedelta

from django.utils import timezone

from coffeechat.followup.models import ActionItem, Owner
from coffeechat.today.registry import Action, TodayItem, provider

HORIZON_DAYS = 7
LIMIT = 50


@provider
def action_items(user, now):
    today = timezone.localdate(now)
    items = (
        ActionItem.objects.owned_by(user)
        .filter(done=False, owner=Owner.MINE, due__lte=today + timedelta(days=HORIZON_DAYS))
        .select_related("contact", "conversation")
        .order_by("due", "id")[:LIMIT]
    )
    for item in items:
        target = item.conversation or item.contact
        yield TodayItem(
            kind="Action",
            title=item.text,
            url=target.get_absolute_url() if target else "/",
            when=item.due,
            detail=f"For {item.contact}" if item.contact else "",
            overdue=item.due < today,
            urgency=1 if item.due == today else 2,
            action=Action("Done", f"/actions/{item.pk}/toggle/", "post"),
        )
