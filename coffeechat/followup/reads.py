"""Reads of action items that more than one card of a page shares."""

from coffeechat.contacts.models import Contact
from coffeechat.followup.models import ActionItem


def action_items_of(contact: Contact) -> list[ActionItem]:
    """All the contact's action items in their usual order, read once per contact object: the
    contact page's actions card lists them and keep in touch finds its reasons among them."""
    items = getattr(contact, "_action_items", None)
    if items is None:
        items = list(
            contact.action_items.only("id", "contact", "text", "due", "done", "done_at", "owner")
        )
        contact._action_items = items
    return items
