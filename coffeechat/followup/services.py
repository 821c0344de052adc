"""Ticking an action item, shared by its page and the JSON API."""

from django.utils import timezone

from coffeechat.contacts.models import TouchpointKind
from coffeechat.contacts.services import log_touchpoint
from coffeechat.followup.models import ActionItem


def set_done(item: ActionItem, done: bool) -> None:
    """Mark the item done (noted on its contact's timeline) or not done again."""
    item.done = done
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done", "done_at", "updated"])
    if done and item.contact_id:
        log_touchpoint(
            item.contact,
            TouchpointKind.NOTE,
            text=f"Done: {item.text}",
            conversation=item.conversation,
        )
