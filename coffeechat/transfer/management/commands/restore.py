"""`coffeechat restore PATH --user NAME [--dry-run]`: load a JSON backup into an empty account.

It says first what the restore will do, in the words of the web page's preview (the same
`restore_preview` works it out); `--dry-run` stops there and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from coffeechat.transfer.management.commands._common import ProgressBar, get_user
from coffeechat.transfer.services.backup import RestoreError, parse_backup, restore_atomically
from coffeechat.transfer.services.restore_preview import inspect_backup, preview_restore


class Command(BaseCommand):
    help = "Restore a coffeechat JSON backup into an account that holds no data yet."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")
        parser.add_argument("--user", required=True)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what the restore would do and what is wrong in the file; write nothing.",
        )

    def handle(self, *args, **options) -> None:
        user = get_user(options["user"])
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except IsADirectoryError:
            raise CommandError(f"{path} is a directory, not a backup file.") from None
        try:
            payload = parse_backup(data)
        except RestoreError as error:
            raise CommandError(f"{path.name}: {error}") from None
        preview = preview_restore(user, inspect_backup(payload))
        self.stdout.write("\n".join(preview.lines()))
        if not preview.can_restore:
            raise CommandError(f"{preview.blocked_by} Nothing was restored.")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            counts = restore_atomically(
                user, payload, progress=ProgressBar("Restoring", stream=self.stderr)
            )
        except RestoreError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            # Something the preview does not check (a constraint of the database): all of it
            # was undone.
            raise CommandError(
                f"The database refused the backup ({error}), so nothing was restored."
            ) from None
        restored = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Restored {restored} records."))
