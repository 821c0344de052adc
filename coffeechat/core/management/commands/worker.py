"""`coffeechat worker`: run background tasks (imports, restores) from the database queue.

django-tasks' `db_worker` under our name, with two defaults changed: no reloading on code
changes (it would stop a task midway), and the signal handlers it installs are put back when
it returns, so `--batch` can run inside another program (a test, a deploy step).
"""

from __future__ import annotations

import signal

from django_tasks_db.management.commands import db_worker

SIGNALS = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else [])


class Command(db_worker.Command):
    help = "Run background tasks (imports, restores) queued in the database; --batch to drain."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options) -> None:
        previous = {number: signal.getsignal(number) for number in SIGNALS}
        try:
            super().handle(*args, **options)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
