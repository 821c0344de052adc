"""`coffeechat check request|questions|thankyou PATH`: run the coach's checkers on a text file.

This command takes over Django's `check` name, so with no checker name (or with Django's own
options, e.g. `--deploy`) it runs Django's system checks exactly as before.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.management.commands import check as django_check
from django.utils import timezone

from coffeechat.coach import engine
from coffeechat.coach.engine import CheckContext
from coffeechat.coach.sources import source_name
from coffeechat.core.channels import WRITTEN_REQUEST_CHANNELS, Channel

CHECKERS = ("request", "questions", "thankyou")
# Exit status when the file cannot be read (1 means "the checker found a problem").
ERROR_STATUS = 2


class Command(django_check.Command):
    help = (
        "Check a request, a question plan or a thank-you note against the coach's rules "
        "(`check request|questions|thankyou PATH`); with no checker name, run Django's system "
        "checks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        for action in parser._actions:
            if action.dest == "args":  # Django's app labels: our checker name and file go here too
                action.metavar = "request|questions|thankyou PATH, or app_label"
                action.help = (
                    "A checker name and a text file (- for standard input); or, for Django's "
                    "system checks, app labels."
                )
        group = parser.add_argument_group("coach checkers")
        group.add_argument(
            "--channel",
            choices=[channel.value for channel in WRITTEN_REQUEST_CHANNELS],
            default=None,
            help="Request channel (default: email).",
        )
        group.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            dest="output_format",
            help="Output format for the coach checkers (default: text).",
        )
        group.add_argument(
            "--referrer", default="", help="Who referred you to this person (requests)."
        )
        group.add_argument(
            "--connection",
            default="",
            help="How you are connected to this person, e.g. a shared school (requests).",
        )
        group.add_argument(
            "--notes",
            default=None,
            help="A file of points from your meeting notes, one a line (thank-you notes).",
        )
        group.add_argument(
            "--meeting-ended",
            default=None,
            help="When the meeting ended, ISO 8601 (thank-you notes; compared with now).",
        )

    def handle(self, *args: str, **options: Any) -> str | None:
        if not args or args[0] not in CHECKERS:
            used = [
                name
                for name in ("channel", "referrer", "connection", "notes", "meeting_ended")
                if options.get(name)
            ]
            if used or options.get("output_format") != "text":
                raise CommandError(
                    f"Name a checker ({', '.join(CHECKERS)}) and a file to use the coach's options."
                )
            return super().handle(*args, **options)

        checker, paths = args[0], args[1:]
        if len(paths) != 1:
            raise CommandError(f"`check {checker}` takes exactly one file: check {checker} PATH")
        text = read_text(paths[0])
        if checker == "request":
            rows = self.check_request(text, options)
        elif checker == "questions":
            rows = self.check_questions(text)
        else:
            rows = self.check_thankyou(text, options)

        if options["output_format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.write_text(rows, checker)
        if any(row["severity"] == "problem" for row in rows):
            sys.exit(1)
        return None

    # --- the three checkers -------------------------------------------------------------------

    def check_request(self, text: str, options: dict[str, Any]) -> list[dict]:
        context = CheckContext(
            channel=options["channel"] or Channel.EMAIL,
            referrer_name=options["referrer"],
            connection=options["connection"],
        )
        return [f.as_dict() for f in engine.check("request", text, context)]

    def check_questions(self, text: str) -> list[dict]:
        lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
        lines = [(n, line) for n, line in lines if line]
        rows: list[dict] = []
        for n, line in lines:
            others = [other for m, other in lines if m != n]
            context = CheckContext(other_questions=others)
            for finding in engine.check("question", line, context):
                rows.append({**finding.as_dict(), "line": n})
        return rows

    def check_thankyou(self, text: str, options: dict[str, Any]) -> list[dict]:
        points: list[str] = []
        if options["notes"]:
            points = [
                line.strip().lstrip("-*•").strip()
                for line in read_text(options["notes"]).splitlines()
            ]
            points = [p for p in points if p]
        ended = None
        if options["meeting_ended"]:
            ended = parse_moment(options["meeting_ended"])
        context = CheckContext(note_points=points, meeting_ended_at=ended, now=timezone.now())
        return [f.as_dict() for f in engine.check("thankyou", text, context)]

    # --- output -------------------------------------------------------------------------------

    def write_text(self, rows: list[dict], checker: str) -> None:
        for row in rows:
            where = ""
            if row["start"] is not None:
                where = f" [{row['start']}-{row['end']}]"
            line = f"line {row['line']}: " if "line" in row else ""
            source = source_name(row["source"])
            self.stdout.write(
                f"{line}{row['severity']} {row['rule']}: {row['message']} ({source}){where}"
            )
        self.stdout.write(summary(rows, checker))


def summary(rows: list[dict], checker: str) -> str:
    if not rows:
        return f"{checker}: no findings."
    counts = {
        severity: sum(1 for row in rows if row["severity"] == severity)
        for severity in ("problem", "warning", "tip")
    }
    parts = [f"{n} {severity}{'s' if n != 1 else ''}" for severity, n in counts.items() if n]
    return f"{checker}: {', '.join(parts)}."


def read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"No such file: {path}", returncode=ERROR_STATUS) from None
    except IsADirectoryError:
        raise CommandError(f"Not a file: {path}", returncode=ERROR_STATUS) from None
    except UnicodeDecodeError:
        raise CommandError(f"Not a UTF-8 text file: {path}", returncode=ERROR_STATUS) from None
    except OSError as error:
        raise CommandError(
            f"Cannot read {path}: {error.strerror}", returncode=ERROR_STATUS
        ) from None


def parse_moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--meeting-ended must be a date and time like 2026-03-02T14:30, not {value!r}"
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
