"""`coffeechat tidyimports`: delete uploads left unimported for a week (see services/holding)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from coffeechat.transfer.services import holding


class Command(BaseCommand):
    help = (
        "Delete uploaded import files never imported and untouched for "
        f"{holding.HOLD_FOR.days} days: left for review, stopped, or stuck after a crash."
    )

    def handle(self, *args, **options) -> None:
        deleted = holding.expire()
        self.stdout.write(f"{deleted} stale upload{'s' if deleted != 1 else ''} deleted.")
