"""Sync follows meetings and contacts through model signals, so the apps below never import
it (docs/architecture.md): a meeting saved, or a marked contact saved, queues a push; either
deleted removes its copy from the server."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from coffeechat.contacts.models import Contact
from coffeechat.contacts.signals import contacts_changed_in_bulk
from coffeechat.meetings.models import Meeting
from coffeechat.sync import services

# A save naming only other fields (notes autosaved in meeting mode, the checklist) cannot
# change the calendar entry, and is let through without a query.
CALENDAR_FIELDS = {"starts_at", "minutes", "format", "place", "status", "sequence"}
# Likewise the columns contacts keep for speed, which no card shows.
CARD_SKIP_FIELDS = {"warmth", "keep_in_touch_due_at", "updated", "name_key", "linkedin_key"}


@receiver(post_save, sender=Meeting, dispatch_uid="sync.meeting_saved")
def meeting_saved(sender, instance: Meeting, raw: bool, update_fields, **kwargs) -> None:
    if raw or (update_fields is not None and not CALENDAR_FIELDS & set(update_fields)):
        return
    services.meeting_changed(instance)


@receiver(pre_delete, sender=Meeting, dispatch_uid="sync.meeting_deleted")
def meeting_deleted(sender, instance: Meeting, **kwargs) -> None:
    services.meeting_deleted(instance)


@receiver(post_save, sender=Contact, dispatch_uid="sync.contact_saved")
def contact_saved(sender, instance: Contact, raw: bool, created: bool, update_fields, **kwargs):
    if raw or created or (update_fields is not None and set(update_fields) <= CARD_SKIP_FIELDS):
        return
    services.contact_changed(instance)


@receiver(m2m_changed, sender=Contact.tags.through, dispatch_uid="sync.contact_tags")
def contact_tags_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    """Tags are the card's CATEGORIES; a tag added or removed changes no contact row."""
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        services.contact_changed(instance)


@receiver(pre_delete, sender=Contact, dispatch_uid="sync.contact_deleted")
def contact_deleted(sender, instance: Contact, **kwargs) -> None:
    services.contact_deleted(instance)


@receiver(contacts_changed_in_bulk, dispatch_uid="sync.contacts_bulk")
def contacts_bulk_changed(sender, user, **kwargs) -> None:
    """An import or a restore wrote contacts without saving each: send every marked one."""
    services.marked_contacts_changed(user)
