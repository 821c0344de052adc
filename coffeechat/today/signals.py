"""Clear the stored next step (today.stored) of every conversation a write touches.

A saved or deleted row clears the steps it feeds: a conversation's own, its contact's (name,
organisation, keep-in-touch date, research), its organisation's (name), and those of any row
that points at a conversation (drafts, replies, meetings, action items, touches, planned
questions). Writes that send no model signals send `core.freshness.facts_changed`, or, for
imports and restores, `contacts_changed_in_bulk`: they clear what they name, else all of the
user's steps.
"""

from django.db import connection, transaction
from django.db.models import F, Model
from django.db.models.signals import post_delete, post_save

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.contacts.signals import contacts_changed_in_bulk
from coffeechat.core.freshness import facts_changed
from coffeechat.pipeline.models import Conversation
from coffeechat.today.models import StoredStep


def _clear(**where) -> None:
    """Clear the steps now, for the writer's own later reads, and again once its transaction
    commits: a read that worked out a step from the facts as they were before the commit may
    have stored it in between (today.stored.refresh), and must not be trusted."""
    rows = StoredStep.objects.filter(**where)
    cleared = {"valid_until": None, "version": F("version") + 1}
    rows.update(**cleared)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: rows.update(**cleared))


def _row_changed(sender, instance: Model, **kwargs) -> None:
    if sender is Conversation:
        _clear(conversation_id=instance.pk)
    elif sender is Contact:
        _clear(contact_id=instance.pk)
    elif sender is Organisation:
        _clear(organisation_id=instance.pk)
    elif sender is not StoredStep:
        conversation_id = getattr(instance, "conversation_id", None)
        if conversation_id is not None:
            _clear(conversation_id=conversation_id)


def _bulk_changed(sender, user_id, contacts=None, conversations=None, **kwargs) -> None:
    if contacts is not None:  # the user's own contacts (a queryset of them, or their ids)
        _clear(contact_id__in=contacts)
    elif conversations is not None:
        _clear(user_id=user_id, conversation_id__in=conversations)
    else:
        _clear(user_id=user_id)


def _contacts_bulk_changed(sender, user, **kwargs) -> None:
    _clear(user_id=user.pk)


def connect() -> None:
    post_save.connect(_row_changed, dispatch_uid="today_steps_saved")
    post_delete.connect(_row_changed, dispatch_uid="today_steps_deleted")
    facts_changed.connect(_bulk_changed, dispatch_uid="today_steps_bulk")
    contacts_changed_in_bulk.connect(_contacts_bulk_changed, dispatch_uid="today_steps_import")
