"""Sending one item to the server: the work of the `push_item` task.

Each push sends the item's state at that moment (the meeting as it is now, the contact as it
is now), so a task that runs late or twice does no harm. A failure is written on the item,
shown on the profile, and retried by the queue after a growing wait (when the task backend can
hold a task until later: the database backend can; tasks run within the request cannot).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from coffeechat.meetings.calendar import build_calendar_entry
from coffeechat.sync import dav
from coffeechat.sync.models import ItemKind, ItemState, SyncAccount, SyncItem
from coffeechat.transfer.services.exporting import contact_vcard

# After a failure, wait this long before the next try: 1, 5, 30 minutes, 2 and 12 hours.
RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)


def push(item_id: int) -> str:
    item = (
        SyncItem.objects.select_related("meeting__conversation__contact", "meeting__user")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        return "gone"
    account = SyncAccount.objects.filter(user_id=item.user_id).first()
    if account is None:
        item.delete()  # sync was turned off: nothing to keep track of
        return "no account"
    item.tried_at = timezone.now()
    try:
        with dav.Connection(account) as connection:
            outcome = _send(connection, item)
    except Exception as error:  # any failure (CredentialsUnreadable too) is shown and retried
        _failed(item, dav.describe(error, account))
        return "failed"
    if outcome == "removed":
        item.delete()
    return outcome


def _send(connection: dav.Connection, item: SyncItem) -> str:
    gone = item.removed or (item.kind == ItemKind.MEETING and item.meeting is None)
    gone = gone or (item.kind == ItemKind.CONTACT and item.contact_id is None)
    if gone:
        if item.href:
            connection.delete(item.href)
        return "removed"
    if item.kind == ItemKind.MEETING:
        meeting = item.meeting
        item.href = connection.put_event(build_calendar_entry(meeting))
        item.pushed_sequence, item.pushed_status = meeting.sequence, meeting.status
    else:
        item.href = connection.put_card(item.uid, contact_vcard(item.contact, uid=item.uid))
    item.state, item.error, item.attempts = ItemState.SYNCED, "", 0
    item.synced_at = timezone.now()
    item.save()
    return "synced"


def _failed(item: SyncItem, message: str) -> None:
    item.state, item.error = ItemState.FAILED, message
    item.attempts += 1
    item.save(update_fields=["state", "error", "attempts", "tried_at", "updated"])


def wait_before_retry(item_id: int) -> timedelta | None:
    """How long to wait before trying a failed item again; None once the tries are used up
    (the profile's "Try again" starts over)."""
    attempts = SyncItem.objects.filter(pk=item_id, state=ItemState.FAILED).values_list(
        "attempts", flat=True
    )
    count = attempts.first()
    if count is None or count > len(RETRY_AFTER):
        return None
    return RETRY_AFTER[count - 1]
