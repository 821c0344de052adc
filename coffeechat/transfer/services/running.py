"""Running a committed web import, in a background thread, so its page can show progress.

The import itself is one transaction (all or nothing). While it holds SQLite's write lock no
other connection can write, so progress lives in this process's memory, not in the database;
the batch row records only the outcome (imported, or stopped with the reason). A page served
by another process (several app servers on PostgreSQL) sees "importing" without a percentage,
then the outcome.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from coffeechat.transfer.models import BatchStatus, ImportBatch
from coffeechat.transfer.services.importing import commit_plan, plan_batch

log = logging.getLogger(__name__)

READING, SAVING = "reading", "saving"
# Far longer than the largest import takes (30,000 rows: a few seconds).
STALE_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class Progress:
    phase: str  # READING the file and matching it, then SAVING
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None


_lock = threading.Lock()
_progress: dict[int, Progress] = {}
_threads: dict[int, threading.Thread] = {}


def _report(batch_id: int, progress: Progress) -> None:
    with _lock:
        _progress[batch_id] = progress


def progress_of(batch_id: int) -> Progress | None:
    """What this process knows of a running import (None if it is not running here)."""
    with _lock:
        return _progress.get(batch_id)


def claim(user, batch_id: int) -> bool:
    """Mark a pending batch as running; False if it is not pending (already started, say)."""
    claimed = ImportBatch.objects.owned_by(user).filter(pk=batch_id, status=BatchStatus.PENDING)
    return claimed.update(status=BatchStatus.RUNNING, updated=timezone.now()) == 1


def interrupted(batch: ImportBatch) -> bool:
    """A batch still marked running long after it started: its server stopped mid-import.

    The transaction was rolled back, so nothing was saved; the page says so (a GET writes
    nothing, so the row keeps its status and the user uploads the file again)."""
    return (
        batch.status == BatchStatus.RUNNING
        and progress_of(batch.pk) is None
        and batch.updated < timezone.now() - STALE_AFTER
    )


def start(batch_id: int) -> None:
    """Run a claimed batch: in a thread by default, inline when the setting says so."""
    _report(batch_id, Progress(READING))
    if not settings.COFFEECHAT_IMPORT_IN_BACKGROUND:
        run(batch_id)
        return
    thread = threading.Thread(
        target=_run_in_thread, args=(batch_id,), name=f"import-{batch_id}", daemon=True
    )
    with _lock:
        _threads[batch_id] = thread
    thread.start()


def wait(batch_id: int, timeout: float = 60) -> None:
    """Block until a background import ends (for tests and the command line)."""
    with _lock:
        thread = _threads.get(batch_id)
    if thread is not None:
        thread.join(timeout)


def _run_in_thread(batch_id: int) -> None:
    # A new thread opens its own connection; drop any the thread-local cache kept from before.
    close_old_connections()
    try:
        run(batch_id)
    finally:
        connection.close()  # each thread has its own connection; do not leak it
        with _lock:
            _threads.pop(batch_id, None)


def run(batch_id: int) -> None:
    """Plan and commit the batch, recording the outcome on it.

    The outcome is written in the import's own transaction, so the batch says "imported"
    exactly when the contacts are saved; if either fails, both roll back and the batch says
    why. Only a failure to record even that escapes (the page then reports the import as
    interrupted, which is true: nothing was saved).

    Inline (in the request's thread) it must not touch the request's connection: closing it
    would end a transaction the caller still holds.
    """
    try:
        batch = ImportBatch.objects.select_related("user").get(
            pk=batch_id, status=BatchStatus.RUNNING
        )
    except ImportBatch.DoesNotExist:
        _forget(batch_id)
        return
    try:
        plan = plan_batch(batch.user, batch)
        if plan.refused:
            _fail(batch, plan.refused)
            return
        _report(batch_id, Progress(SAVING, 0, 1))
        with transaction.atomic():
            counts = commit_plan(
                batch.user,
                plan,
                lambda done, total: _report(batch_id, Progress(SAVING, done, total)),
            )
            batch.status = BatchStatus.COMMITTED
            batch.summary = counts
            batch.data = b""
            batch.save(update_fields=["status", "summary", "data", "updated"])
    except Exception:
        log.exception("Import %s failed", batch_id)
        _fail(batch, "Something went wrong while saving, so nothing was imported. Try again.")
        return
    _forget(batch_id)


def _fail(batch: ImportBatch, reason: str) -> None:
    # Back to pending would invite the same failure again; the user starts a fresh upload.
    batch.status = BatchStatus.FAILED
    batch.error = reason
    batch.data = b""
    batch.save(update_fields=["status", "error", "data", "updated"])
    _forget(batch.pk)


def _forget(batch_id: int) -> None:
    with _lock:
        _progress.pop(batch_id, None)
