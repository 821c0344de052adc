"""Deciding what to push, and queueing it: called by the signals, the pages and the tests."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coffeechat.core.compiled import CompiledQuery
from coffeechat.core.tasks import enqueue
from coffeechat.meetings.calendar import uid_for
from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.sync.models import ItemKind, ItemState, SyncAccount, SyncItem
from coffeechat.sync.tasks import push_item


def account_of(user) -> SyncAccount | None:
    return SyncAccount.objects.filter(user=user).first()


# Asked by the contact page on every view: built once (core.compiled).
_WITH_ADDRESSBOOK = CompiledQuery(
    lambda user: (
        SyncAccount.objects.filter(user_id=user).exclude(addressbook_url="").values_list("id")[:1]
    ),
    user=SyncAccount._meta.get_field("user"),
)


def has_addressbook(user) -> bool:
    """Whether the user's account syncs contacts to an address book (a user has one account)."""
    return bool(_WITH_ADDRESSBOOK.rows(user=user.pk))


def _queue(item: SyncItem) -> None:
    """Mark the item waiting and queue its push. With the database backend the task row is
    written in the caller's transaction, so a change rolled back queues nothing."""
    SyncItem.objects.filter(pk=item.pk).update(
        state=ItemState.PENDING, error="", updated=timezone.now()
    )
    task_id = enqueue(push_item, item.pk)
    SyncItem.objects.filter(pk=item.pk, state=ItemState.PENDING).update(task_id=task_id)


# --- meetings ------------------------------------------------------------------------------------


def meeting_changed(meeting: Meeting) -> None:
    """Push the meeting if its calendar entry changed: scheduled, moved, edited or cancelled
    (each raises SEQUENCE or changes the status); notes and checklists send nothing."""
    account = SyncAccount.objects.filter(user_id=meeting.user_id).exclude(calendar_name="")
    if not account.exists():
        return
    with transaction.atomic():
        item, created = SyncItem.objects.get_or_create(
            user_id=meeting.user_id,
            kind=ItemKind.MEETING,
            uid=uid_for(meeting),
            defaults={"meeting": meeting, "label": _meeting_label(meeting)},
        )
        unchanged = (item.pushed_sequence, item.pushed_status) == (
            meeting.sequence,
            meeting.status,
        )
        if not created and unchanged and item.state == ItemState.SYNCED:
            return
        item.label = _meeting_label(meeting)
        item.save(update_fields=["label", "updated"])
        _queue(item)


def _meeting_label(meeting: Meeting) -> str:
    when = timezone.localtime(meeting.starts_at).strftime("%d %b %Y %H:%M")
    return f"Meeting with {meeting.conversation.contact} on {when}"


def meeting_deleted(meeting: Meeting) -> None:
    item = SyncItem.objects.filter(
        user_id=meeting.user_id, kind=ItemKind.MEETING, uid=uid_for(meeting)
    ).first()
    if item:
        _remove(item)


def push_upcoming_meetings(user) -> int:
    """When sync is turned on: the meetings still to come (and the last day's) go to the
    calendar, so it does not wait for each one's next change."""
    since = timezone.now() - timedelta(days=1)
    meetings = (
        Meeting.objects.owned_by(user)
        .filter(starts_at__gte=since)
        .exclude(status=MeetingStatus.HELD)
        .select_related("conversation__contact")
    )
    count = 0
    for meeting in meetings:
        meeting_changed(meeting)
        count += 1
    return count


# --- contacts ------------------------------------------------------------------------------------


def contact_item(contact) -> SyncItem | None:
    return SyncItem.objects.filter(
        user_id=contact.user_id, kind=ItemKind.CONTACT, contact=contact, removed=False
    ).first()


def mark_contact(contact) -> SyncItem:
    """Mark a contact for the address book and push it."""
    with transaction.atomic():
        item = contact_item(contact)
        if item is None:
            item = SyncItem.objects.create(
                user_id=contact.user_id,
                kind=ItemKind.CONTACT,
                contact=contact,
                uid=f"coffeechat-contact-{uuid.uuid4()}",
                label=contact.display_name,
            )
        _queue(item)
    return item


def unmark_contact(contact) -> bool:
    """Stop syncing a contact: its card leaves the address book."""
    item = contact_item(contact)
    if item is None:
        return False
    _remove(item)
    return True


def contact_changed(contact) -> None:
    item = contact_item(contact)
    if item is not None:
        if item.label != contact.display_name:
            SyncItem.objects.filter(pk=item.pk).update(label=contact.display_name)
        _queue(item)


def marked_contacts_changed(user) -> int:
    items = SyncItem.objects.owned_by(user).filter(
        kind=ItemKind.CONTACT, removed=False, contact__isnull=False
    )
    count = 0
    for item in items:
        _queue(item)
        count += 1
    return count


def contact_deleted(contact) -> None:
    item = contact_item(contact)
    if item is not None:
        _remove(item)


# --- both -----------------------------------------------------------------------------------------


def _remove(item: SyncItem) -> None:
    with transaction.atomic():
        SyncItem.objects.filter(pk=item.pk).update(removed=True)
        _queue(item)


def retry(user, item_id: int | None = None) -> int:
    """ "Try again" on the profile: every failed item of the user (or one), queued now."""
    items = SyncItem.objects.owned_by(user).filter(state=ItemState.FAILED)
    if item_id is not None:
        items = items.filter(pk=item_id)
    count = 0
    for item in items:
        SyncItem.objects.filter(pk=item.pk).update(attempts=0)
        _queue(item)
        count += 1
    return count


def problems(user):
    return SyncItem.objects.owned_by(user).filter(state=ItemState.FAILED)


def counts(user) -> dict[str, int]:
    rows = SyncItem.objects.owned_by(user).filter(removed=False)
    return {
        "meetings": rows.filter(kind=ItemKind.MEETING, state=ItemState.SYNCED).count(),
        "contacts": rows.filter(kind=ItemKind.CONTACT).count(),
        "waiting": rows.filter(state=ItemState.PENDING).count(),
        "failed": rows.filter(Q(state=ItemState.FAILED)).count(),
    }


def forget(user) -> None:
    SyncItem.objects.owned_by(user).delete()
