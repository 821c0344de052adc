"""Signals of the contacts app.

`contacts_changed_in_bulk(sender, user)` is sent after writes that bypass model signals (an
import's bulk inserts, a restore), so apps that keep derived data on contacts can recompute it.
"""

from django.dispatch import Signal

from coffeechat.core.freshness import mark_changed_on_commit

contacts_changed_in_bulk = Signal()


def refresh_warmth(contacts) -> int:
    """Recompute stored warmth for these contacts in one UPDATE."""
    from coffeechat.contacts.models import warmth_expression

    warmth = warmth_expression()
    # Only rows that are out of date are written.
    return contacts.order_by().exclude(warmth=warmth).update(warmth=warmth)


def _contacts_bulk_changed(sender, user, **kwargs) -> None:
    from coffeechat.contacts.models import Contact

    # A restore of a backup from before warmth was stored brings the default; work it out.
    refresh_warmth(Contact.objects.filter(user=user))
    # Rows written in bulk sent no signals: results kept for this user are stale.
    mark_changed_on_commit(user.pk)


def _contact_deleting(sender, instance, **kwargs) -> None:
    # Deleting a referrer clears `referred_by` on the people they referred, without save().
    instance._referral_ids = list(instance.referrals.values_list("pk", flat=True))


def _contact_deleted(sender, instance, **kwargs) -> None:
    from coffeechat.contacts.models import Contact

    if getattr(instance, "_referral_ids", None):
        refresh_warmth(Contact.objects.filter(pk__in=instance._referral_ids))


def connect() -> None:
    from django.db.models.signals import post_delete, pre_delete

    from coffeechat.contacts.models import Contact

    contacts_changed_in_bulk.connect(_contacts_bulk_changed, dispatch_uid="contacts_warmth_bulk")
    pre_delete.connect(_contact_deleting, sender=Contact, dispatch_uid="contacts_warmth_deleting")
    post_delete.connect(_contact_deleted, sender=Contact, dispatch_uid="contacts_warmth_deleted")
