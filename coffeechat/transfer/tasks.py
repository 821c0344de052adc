"""Background tasks of the transfer app, run by a worker (`coffeechat worker`)."""

from __future__ import annotations

from django_tasks import task

from coffeechat.transfer.services import runs


@task()
def import_batch(batch_id: int, attempt: int) -> str:
    """Import a committed batch (a contacts file or a JSON backup); returns the outcome."""
    return runs.run(batch_id, attempt)
