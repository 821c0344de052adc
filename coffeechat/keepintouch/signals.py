"""Keep each contact's stored keep-in-touch due time current (see followup.cadence).

The due time depends on the contact's own cadence, its tags' cadences, when it was created and
its last touch; a receiver here watches each of those. Bulk paths that bypass model signals
(imports, restores) send `contacts_changed_in_bulk` instead.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from coffeechat.contacts.models import Contact, Tag, Touchpoint
from coffeechat.contacts.signals import contacts_changed_in_bulk
from coffeechat.keepintouch.cadence import contacts_with_a_cadence, refresh_due

# Saving only these fields cannot change when someone is due.
_IRRELEVANT_ONLY = frozenset(
    {"snoozed_until", "linkedin_connected", "updated", "research_notes", "keep_in_touch_due_at"}
)


@receiver(post_save, sender=Touchpoint, dispatch_uid="keep_due_touch_saved")
def touch_saved(sender, instance: Touchpoint, **kwargs) -> None:
    refresh_due(Contact.objects.filter(pk=instance.contact_id))


@receiver(post_delete, sender=Touchpoint, dispatch_uid="keep_due_touch_deleted")
def touch_deleted(sender, instance: Touchpoint, origin=None, **kwargs) -> None:
    if isinstance(origin, Contact):
        return  # the contact itself is going
    refresh_due(Contact.objects.filter(pk=instance.contact_id))


@receiver(post_save, sender=Contact, dispatch_uid="keep_due_contact_saved")
def contact_saved(sender, instance: Contact, update_fields=None, raw=False, **kwargs) -> None:
    if raw or (update_fields and set(update_fields) <= _IRRELEVANT_ONLY):
        return
    refresh_due(Contact.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Tag, dispatch_uid="keep_due_tag_saved")
def tag_saved(sender, instance: Tag, created=False, raw=False, **kwargs) -> None:
    if raw or created:
        return  # a new tag has no contacts yet
    refresh_due(Contact.objects.filter(tags=instance))


@receiver(pre_delete, sender=Tag, dispatch_uid="keep_due_tag_deleting")
def tag_deleting(sender, instance: Tag, **kwargs) -> None:
    # The links disappear with the tag, so remember whom it reached while we still can.
    instance._keep_due_contacts = list(instance.contacts.values_list("pk", flat=True))


@receiver(post_delete, sender=Tag, dispatch_uid="keep_due_tag_deleted")
def tag_deleted(sender, instance: Tag, **kwargs) -> None:
    contact_ids = getattr(instance, "_keep_due_contacts", [])
    if contact_ids:
        refresh_due(Contact.objects.filter(pk__in=contact_ids))


@receiver(m2m_changed, sender=Contact.tags.through, dispatch_uid="keep_due_tags_changed")
def tags_changed(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs) -> None:
    if action == "pre_clear" and reverse:
        instance._keep_due_contacts = list(instance.contacts.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:  # contact.tags.add(...) and friends
        refresh_due(Contact.objects.filter(pk=instance.pk))
    elif action == "post_clear":  # tag.contacts.clear()
        refresh_due(Contact.objects.filter(pk__in=getattr(instance, "_keep_due_contacts", [])))
    elif pk_set:  # tag.contacts.add(...)
        refresh_due(Contact.objects.filter(pk__in=pk_set))


@receiver(contacts_changed_in_bulk, dispatch_uid="keep_due_bulk")
def contacts_bulk_changed(sender, user, **kwargs) -> None:
    # Contacts that have no cadence and no stored due time are right already; skip them.
    stored = Contact.objects.owned_by(user).filter(keep_in_touch_due_at__isnull=False)
    refresh_due(contacts_with_a_cadence(user) | stored)
