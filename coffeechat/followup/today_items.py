"""Today: my action items due within the next week."""

from datetime import timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from coffeechat.core.compiled import CompiledQuery
from coffeechat.core.extensions import Action, TodayItem, next_local_midnight, provider
from coffeechat.core.reversing import url_maker
from coffeechat.followup.models import ActionItem, Owner

HORIZON_DAYS = 7
LIMIT = 20


def _due_items(user, until) -> QuerySet:
    """The user's open action items due by `until`, soonest first; `user` is the user's id and
    `until` a date (placeholders when compiled)."""
    return (
        ActionItem.objects.filter(user_id=user, done=False, owner=Owner.MINE, due__lte=until)
        .order_by("due", "id")
        .values_list("id", "text", "due", "conversation_id", "contact_id", "contact__display_name")[
            :LIMIT
        ]
    )


# Run after every change of the user's data: the ORM took longer to build this small query than
# the database to run it, so it is built once (core.compiled). The horizon is a value: the local
# date depends on the time zone.
_DUE_ITEMS = CompiledQuery(
    _due_items,
    user=ActionItem._meta.get_field("user"),
    until=ActionItem._meta.get_field("due"),
)


# Due within a week, overdue, due today: all by the local date.
@provider(changes_at=next_local_midnight)
def action_items(user, now):
    today = timezone.localdate(now)
    until = today + timedelta(days=HORIZON_DAYS)
    conversation_url = url_maker("pipeline:conversation_detail")
    contact_url = url_maker("contacts:detail")
    toggle_url = url_maker("followup:action_toggle")
    for pk, text, due, conversation_id, contact_id, contact_name in _DUE_ITEMS.rows(
        user=user.pk, until=until
    ):
        yield TodayItem(
            kind="Action",
            title=text,
            url=(
                conversation_url(conversation_id)
                if conversation_id
                else contact_url(contact_id)
                if contact_id
                else reverse("today:index")
            ),
            when=due,
            detail=f"For {contact_name}" if contact_id else "",
            overdue=due < today,
            urgency=1 if due == today else 2,
            action=Action("Done", toggle_url(pk), "post"),
        )
