"""Starting, retrying and watching import tasks.

Start (or "Try again") claims the batch for a new attempt and queues a task for it; a worker
runs it (`runs.run`). A task whose worker died leaves the batch "running": it counts as
interrupted when the task backend records the task as ended, or when the batch has not moved
for STALE_AFTER, and the page offers to try again or cancel. Nothing was saved either way.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from coffeechat.core.tasks import enqueue, task_ended
from coffeechat.transfer.models import BatchStatus, ImportBatch, Phase
from coffeechat.transfer.tasks import import_batch

# Far longer than the largest import takes (30,000 rows: a few seconds).
STALE_AFTER = timedelta(minutes=10)
INTERRUPTED_MESSAGE = "The import was interrupted (its worker stopped), so nothing was saved."


def start(user, batch_id: int) -> bool:
    """Queue a pending batch; False if it is not pending (a second click, a second tab)."""
    return _launch(user, batch_id, status=BatchStatus.PENDING)


def retry(user, batch: ImportBatch) -> bool:
    """Queue a failed or interrupted batch again; False if it is neither (any more)."""
    if not can_retry(batch):
        return False
    return _launch(
        user,
        batch.pk,
        attempt=batch.attempt,
        status__in=[BatchStatus.RUNNING, BatchStatus.FAILED],
    )


def _launch(user, batch_id: int, **conditions) -> bool:
    # Claim and enqueue together: with the database backend the task row is written in the
    # same transaction, so there is never a claimed batch without a task or the reverse.
    with transaction.atomic():
        claimable = ImportBatch.objects.owned_by(user).filter(pk=batch_id, **conditions)
        claimed = claimable.update(
            status=BatchStatus.RUNNING,
            phase=Phase.QUEUED,
            done=0,
            total=0,
            error="",
            task_id="",
            attempt=F("attempt") + 1,
            updated=timezone.now(),
        )
        if not claimed:
            return False
        attempt = ImportBatch.objects.values_list("attempt", flat=True).get(pk=batch_id)
        task_id = enqueue(import_batch, batch_id, attempt)
        ImportBatch.objects.filter(pk=batch_id, attempt=attempt).update(task_id=task_id)
    return True


def can_retry(batch: ImportBatch) -> bool:
    return batch.status == BatchStatus.FAILED or interrupted(batch)


def interrupted(batch: ImportBatch) -> bool:
    """A batch still marked running whose task will never finish it."""
    if batch.status != BatchStatus.RUNNING:
        return False
    if task_ended(import_batch, batch.task_id):
        # The task may have recorded its outcome since the batch was read.
        return ImportBatch.objects.filter(
            pk=batch.pk, attempt=batch.attempt, status=BatchStatus.RUNNING
        ).exists()
    # Waiting in the queue is not being stuck: the task runs when a worker is free.
    return batch.phase != Phase.QUEUED and batch.updated < timezone.now() - STALE_AFTER
