"""Uploaded files the instance holds for a user: capped per user, and dropped when stale.

An uploaded file stays in its batch row while it waits for review, while it imports, and after
an import stopped (so "Try again" can run it). Once imported its file is emptied; a cancelled
batch is deleted. What is left is bounded in two ways:

- per user, at most `max_held_files()` files and `max_held_bytes()` bytes at once, so one
  account cannot fill the database with uploads it never reviews;
- across the instance, a batch not touched for HOLD_FOR is deleted with its file (`expire`,
  run at every upload and by `coffeechat tidyimports`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from coffeechat.transfer.models import BatchStatus, ImportBatch
from coffeechat.transfer.records import ImportRefused

HOLD_FOR = timedelta(days=7)


def max_held_files() -> int:
    return int(getattr(settings, "COFFEECHAT_MAX_HELD_IMPORTS", 5))


def max_held_bytes() -> int:
    return int(float(getattr(settings, "COFFEECHAT_MAX_HELD_IMPORT_MB", 50)) * 1024 * 1024)


def held(user):
    """The user's batches that still hold a file: waiting, importing or stopped."""
    return ImportBatch.objects.owned_by(user).exclude(status=BatchStatus.COMMITTED)


def check_room(user, size: int) -> None:
    """Refuse a new upload of `size` bytes that would pass the user's caps."""
    files = held(user)
    count = files.count()
    if count >= max_held_files():
        raise ImportRefused(
            f"You already have {count} uploaded files waiting (for review, or stopped), the most "
            "Coffeechat keeps for you at once. Import or cancel one of them below, then upload "
            "this file again."
        )
    used = files.aggregate(total=Sum("size"))["total"] or 0
    if used + size > max_held_bytes():
        raise ImportRefused(
            f"Your waiting files take {_mb(used)} MB; with this one ({_mb(size)} MB) they would "
            f"pass the {_mb(max_held_bytes())} MB Coffeechat keeps for you at once. Import or "
            "cancel one of them below, then upload this file again."
        )


def expire(now: datetime | None = None) -> int:
    """Delete every batch (and its file) not touched for HOLD_FOR that was never imported:
    left waiting for review, stopped, or stuck "running" after a crash. Returns how many."""
    cutoff = (now or timezone.now()) - HOLD_FOR
    stale = ImportBatch.objects.exclude(status=BatchStatus.COMMITTED).filter(updated__lt=cutoff)
    _, deleted = stale.delete()
    return deleted.get(ImportBatch._meta.label, 0)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")
