"""`coffeechat import PATH --user NAME [--format …] [--dry-run]`: preview, then commit."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coffeechat.transfer.management.commands._common import ProgressBar, get_user
from coffeechat.transfer.parsers import FORMAT_CHOICES, parse_bytes
from coffeechat.transfer.parsers.encoding import check_size
from coffeechat.transfer.records import ImportRefused
from coffeechat.transfer.services.importing import commit_plan, plan_import


class Command(BaseCommand):
    help = "Import contacts from a LinkedIn, Google Contacts, vCard or CSV file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")
        parser.add_argument("--user", required=True)
        parser.add_argument("--format", default="auto", choices=[c for c, _ in FORMAT_CHOICES])
        parser.add_argument("--dry-run", action="store_true", help="Show the preview only.")

    def handle(self, *args, **options) -> None:
        user = get_user(options["user"])
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            check_size(path.stat().st_size)
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        parsed = parse_bytes(path.read_bytes(), options["format"])
        if parsed.refused:
            raise CommandError(f"{path.name}: {parsed.refused}")
        plan = plan_import(user, parsed)
        counts = plan.counts
        self.stdout.write(
            f"{path.name} ({parsed.format}, {parsed.encoding}): {counts['rows']} rows — "
            f"{counts['new']} new, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged duplicates, {counts['errors']} errors"
        )
        updated = [row for row in plan.rows if row.action == "updated"]
        for row in updated[:50]:
            changes = "; ".join(row.changes)
            self.stdout.write(f"  line {row.record.line}: {row.record.name()}: {changes}")
        if len(updated) > 50:
            self.stdout.write(f"  … and {len(updated) - 50} more updates")
        for conflict in plan.conflicts:
            self.stdout.write(
                f"  line {conflict.line}: {conflict.name}: {conflict.kind} as "
                f"{conflict.other_name} ({conflict.value}); imported as a separate person"
            )
        for suggestion in plan.org_suggestions[:50]:
            # The command asks nothing, so the name stays new; the web preview offers the choice.
            self.stdout.write(
                f"  organisation {suggestion.name} looks like your {suggestion.existing_name}; "
                "imported as a new organisation (merge them later, or import from the web "
                "page to choose)"
            )
        for error in plan.errors:
            self.stdout.write(f"  {error}")
        if plan.more_errors:
            self.stdout.write(f"  … and {plan.more_errors} more errors, not listed")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
            return
        if counts["new"] == 0 and counts["updated"] == 0:
            self.stdout.write("Nothing to change.")
            return
        self.stderr.write(f"Importing {counts['rows']} rows…")
        done = commit_plan(user, plan, ProgressBar("import", self.stderr))
        skipped = f", {done['skipped']} changed meanwhile left alone" if "skipped" in done else ""
        self.stdout.write(
            self.style.SUCCESS(f"Imported: {done['new']} new, {done['updated']} updated{skipped}.")
        )
