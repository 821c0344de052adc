"""Reads of action items that more than one card of a page shares."""

from django.db import DEFAULT_DB_ALIAS

from coffeechat.contacts.models import Contact
from coffeechat.core.compiled import CompiledQuery, model_fields
from coffeechat.followup.models import ActionItem

_FIELDS = model_fields(ActionItem, {"id", "contact_id", "text", "due", "done", "done_at", "owner"})
# The contact page reads it on every view: built once (core.compiled), as building it took the
# ORM longer than running it.
_OF_CONTACT = CompiledQuery(
    lambda pk: ActionItem.objects.filter(contact_id=pk).values_list(*_FIELDS),
    pk=ActionItem._meta.get_field("contact"),
)


def action_items_of(contact: Contact) -> list[ActionItem]:
    """All the contact's action items in their usual order, read once per contact object: the
    contact page's actions card lists them and keep in touch finds its reasons among them."""
    items = getattr(contact, "_action_items", None)
    if items is None:
        items = []
        for row in _OF_CONTACT.rows(pk=contact.pk):
            item = ActionItem.from_db(DEFAULT_DB_ALIAS, _FIELDS, row)
            item.contact = contact  # as the related manager fills it in: no read per item
            items.append(item)
        contact._action_items = items
    return items
