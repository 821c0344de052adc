"""Background tasks of the sync app, run by a worker (`coffeechat worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task, task_backends

from coffeechat.sync import pushing
from coffeechat.sync.models import SyncItem


@task()
def push_item(item_id: int) -> str:
    """Send one meeting or contact to the user's server (or remove it there); after a failure,
    queue the next try."""
    outcome = pushing.push(item_id)
    if outcome == "failed":
        retry_later(item_id)
    return outcome


def retry_later(item_id: int) -> bool:
    """Queue a failed item again after its wait, when the task backend can hold a task until
    a later time (the database backend can; tasks run within the request cannot)."""
    wait = pushing.wait_before_retry(item_id)
    if wait is None or not task_backends[push_item.backend].supports_defer:
        return False
    result = push_item.using(run_after=timezone.now() + wait).enqueue(item_id)
    SyncItem.objects.filter(pk=item_id).update(task_id=str(result.id))
    return True
