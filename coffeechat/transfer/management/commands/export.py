"""`coffeechat export PATH --user NAME --format json|csv|vcard|vcard4|ics`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from coffeechat.transfer.management.commands._common import get_user
from coffeechat.transfer.services.backup import export_json
from coffeechat.transfer.services.exporting import (
    export_csv,
    export_ics,
    export_vcard,
)

EXPORTERS = {
    "json": export_json,
    "csv": export_csv,
    "vcard": export_vcard,
    "vcard4": lambda user: export_vcard(user, "4.0"),
    "ics": export_ics,
}


class Command(BaseCommand):
    help = "Export a user's data: a JSON backup, contacts as CSV or vCard, meetings as .ics."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="File to write, or - for standard output.")
        parser.add_argument("--user", required=True)
        parser.add_argument("--format", required=True, choices=sorted(EXPORTERS))

    def handle(self, *args, **options) -> None:
        user = get_user(options["user"])
        text = EXPORTERS[options["format"]](user)
        if options["path"] == "-":
            self.stdout.write(text, ending="")
            return
        Path(options["path"]).write_text(text, encoding="utf-8", newline="")
        self.stderr.write(f"Wrote {options['path']} ({len(text.encode('utf-8'))} bytes).")
