"""`coffeechat serve`: migrations, then the web server and (unless told not to) a task worker."""

from __future__ import annotations

import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# How long a stopping worker may take to finish the task it is running (an import: seconds).
WORKER_STOP_SECONDS = 30


class Command(BaseCommand):
    help = "Apply pending migrations, then serve Coffeechat with a production WSGI server."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to bind (default 127.0.0.1)."
        )
        parser.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8).")
        parser.add_argument(
            "--skip-migrate",
            action="store_true",
            help="Do not apply migrations (when a deploy step runs `coffeechat migrate` once).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start a task worker (when `coffeechat worker` runs elsewhere).",
        )

    def handle(
        self, host: str, port: int, threads: int, skip_migrate: bool, no_worker: bool, **options
    ) -> None:
        from waitress import serve

        from coffeechat.wsgi import application

        proxy = proxy_options(settings.TRUSTED_PROXIES)
        if not skip_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        worker = None if no_worker else start_worker()
        # A SIGTERM (systemd, docker stop) unwinds like Ctrl+C, so the worker is stopped too.
        signal.signal(signal.SIGTERM, _exit)
        self.stdout.write(f"Coffeechat on http://{host}:{port}/  (data in {settings.DATA_DIR})")
        try:
            serve(application, host=host, port=port, threads=threads, ident="coffeechat", **proxy)
        finally:
            if worker is not None:
                stop_worker(worker)


# The headers a trusted proxy sets: the client's address, the scheme and the host it was asked for.
PROXY_HEADERS = frozenset({"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"})


def proxy_options(trusted: int | tuple[str, ...]) -> dict:
    """Waitress's proxy settings for settings.TRUSTED_PROXIES (empty when no proxy is trusted).

    A count trusts that many proxies in front of us, whichever address they connect from
    (so bind to an address only they can reach); an address trusts one proxy at that address.
    Waitress can trust a single address only: several are refused rather than half-honoured."""
    if not trusted:
        return {}
    if isinstance(trusted, int):
        return {
            "trusted_proxy": "*",
            "trusted_proxy_count": trusted,
            "trusted_proxy_headers": set(PROXY_HEADERS),
        }
    if len(trusted) > 1:
        raise CommandError(
            "COFFEECHAT_TRUSTED_PROXIES names several addresses, but `coffeechat serve` can trust "
            "only one proxy address: name the one that connects to Coffeechat, or give the number "
            "of proxies in front of it (such as 2) and bind --host where only they can reach it."
        )
    return {
        "trusted_proxy": trusted[0],
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": set(PROXY_HEADERS),
    }


def start_worker() -> subprocess.Popen:
    """`coffeechat worker` as a child process (we run no threads of our own).

    In a session of its own, so Ctrl+C in the terminal reaches only the server, which then
    asks the worker once to stop: a second signal would make it abandon its task."""
    return subprocess.Popen(
        [sys.executable, "-m", "coffeechat", "worker", "--verbosity", "0"],
        start_new_session=True,
    )


def stop_worker(worker: subprocess.Popen) -> None:
    """Let the worker finish its current task, then end it; kill it if it will not."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _exit(signum, frame) -> None:
    raise SystemExit(0)
