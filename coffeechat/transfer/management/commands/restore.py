"""`coffeechat restore PATH --user NAME`: load a JSON backup into an empty account."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coffeechat.transfer.management.commands._common import get_user
from coffeechat.transfer.services.backup import RestoreError, restore_in_steps


class Command(BaseCommand):
    help = "Restore a coffeechat JSON backup into an account that holds no data yet."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")
        parser.add_argument("--user", required=True)

    def handle(self, *args, **options) -> None:
        user = get_user(options["user"])
        path = Path(options["path"])
        try:
            payload = json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path.name} is not a JSON backup ({error}).") from None
        try:
            counts = restore_in_steps(user, payload)
        except RestoreError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
        self.stdout.write(self.style.SUCCESS(f"Restored {summary or 'nothing'}."))
