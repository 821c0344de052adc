"""What the import task does: run a batch, with its progress and outcome on the batch row.

The task (queued by `jobs.py`) writes its phase and progress on the batch row and records the
outcome in the import's own transaction, so the batch says "imported" exactly when the contacts
are saved. A task may only record an outcome for the attempt it was started for: when the user
cancelled or started again meanwhile, its work rolls back.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from coffeechat.transfer.models import BACKUP, BatchStatus, ImportBatch, Phase
from coffeechat.transfer.services.backup import RestoreError, parse_backup, restore_atomically
from coffeechat.transfer.services.importing import commit_plan, plan_batch
from coffeechat.transfer.services.progress import ProgressWriter

log = logging.getLogger(__name__)

FAILED_MESSAGE = "Something went wrong while saving, so nothing was imported. Try again."


class Superseded(Exception):
    """The batch was cancelled or started again while this attempt ran."""


def cancel(user, batch_id: int) -> bool:
    """Drop a batch that has not been imported; False if it was imported meanwhile.

    One conditional DELETE: if the import commits first the row says so and stays; if the
    DELETE wins, the task finds no batch to record its outcome on and rolls back."""
    batches = ImportBatch.objects.owned_by(user).filter(pk=batch_id)
    deleted, _ = batches.exclude(status=BatchStatus.COMMITTED).delete()
    return bool(deleted)


def run(batch_id: int, attempt: int) -> str:
    """Plan and commit the batch for this attempt; returns the outcome, also on the batch."""
    batch = (
        ImportBatch.objects.select_related("user")
        .defer("data")  # read only if the records were never stored (or for a restore)
        .filter(pk=batch_id, attempt=attempt, status=BatchStatus.RUNNING)
        .first()
    )
    if batch is None:
        return "superseded"
    _progress(batch, phase=Phase.READING)
    writer = ProgressWriter(batch.pk, attempt)
    try:
        if batch.format == BACKUP:
            return _restore(batch, writer)
        plan = plan_batch(batch.user, batch)
        if plan.refused:
            return _fail(batch, plan.refused)
        _progress(batch, phase=Phase.SAVING, done=0, total=plan.writes)
        # The outcome is recorded in the import's own transaction: both or neither.
        commit_plan(
            batch.user,
            plan,
            writer,
            then=lambda counts: _record_success(batch, counts, plan.writes),
        )
    except Superseded:
        return "superseded"
    except Exception:
        log.exception("Import %s failed", batch_id)
        return _fail(batch, FAILED_MESSAGE)
    finally:
        writer.close()
    return BatchStatus.COMMITTED


def _restore(batch: ImportBatch, writer: ProgressWriter) -> str:
    # The upload was checked and described when it came in (its preview); reading it again
    # here is the one read that writes.
    try:
        payload = parse_backup(bytes(batch.data))
    except RestoreError as error:
        return _fail(batch, str(error))
    _progress(batch, phase=Phase.RESTORING, done=0, total=0)

    def record(counts: dict[str, int]) -> None:
        restored = sum(counts.values())
        _record_success(batch, {"restored": restored}, restored)

    try:
        # All or nothing, the outcome's record included: steps with undo on SQLite, so other
        # users can write meanwhile; one transaction on PostgreSQL.
        restore_atomically(batch.user, payload, then=record, progress=writer)
    except RestoreError as error:
        return _fail(batch, str(error))
    return BatchStatus.COMMITTED


def _record_success(batch: ImportBatch, summary: dict, total: int) -> None:
    recorded = ImportBatch.objects.filter(
        pk=batch.pk, attempt=batch.attempt, status=BatchStatus.RUNNING
    ).update(
        status=BatchStatus.COMMITTED,
        summary=summary,
        data=b"",
        parsed=b"",
        phase="",
        done=total,
        total=total,
        updated=timezone.now(),
    )
    if not recorded:
        raise Superseded  # rolls the import back with it


def _progress(batch: ImportBatch, **values) -> None:
    ImportBatch.objects.filter(pk=batch.pk, attempt=batch.attempt).update(
        **values, updated=timezone.now()
    )


def _fail(batch: ImportBatch, reason: str) -> str:
    # The file is kept so "Try again" can run it again; cancelling deletes it.
    ImportBatch.objects.filter(
        pk=batch.pk, attempt=batch.attempt, status=BatchStatus.RUNNING
    ).update(status=BatchStatus.FAILED, error=reason, phase="", updated=timezone.now())
    return BatchStatus.FAILED
