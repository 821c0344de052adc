"""`coffeechat serve`: migrations, then the web server and (unless told not to) a task worker.

One process serves with waitress's threads. Python runs one thread at a time per process, so a
hosted instance gives `--workers N` to fork N server processes that accept on one listening
socket (POSIX only): each is a plain waitress server, and the parent only watches them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import traceback

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
        parser.add_argument(
            "--threads", type=int, default=8, help="Threads per server process (default 8)."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Server processes sharing the port, to use several cores (default 1; POSIX only).",
        )
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
        self,
        host: str,
        port: int,
        threads: int,
        workers: int,
        skip_migrate: bool,
        no_worker: bool,
        **options,
    ) -> None:
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1.")
        if workers > 1 and not hasattr(os, "fork"):
            raise CommandError(
                "--workers above 1 needs a POSIX system (Linux, macOS): this one cannot fork. "
                "Run one process here, or several behind a proxy on different ports."
            )
        proxy = proxy_options(settings.TRUSTED_PROXIES)
        if not skip_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        worker = None if no_worker else start_worker()
        # A SIGTERM (systemd, docker stop) unwinds like Ctrl+C, so the worker is stopped too.
        signal.signal(signal.SIGTERM, _exit)
        self.stdout.write(f"Coffeechat on http://{host}:{port}/  (data in {settings.DATA_DIR})")
        options = {"threads": threads, "ident": "coffeechat", **proxy}
        try:
            if workers == 1:
                run_waitress(host=host, port=port, **options)
            else:
                serve_forked(listening_socket(host, port), workers, options)
        finally:
            if worker is not None:
                stop_worker(worker)


def run_waitress(**options) -> None:
    from waitress import serve

    from coffeechat.wsgi import application

    serve(application, **options)


def listening_socket(host: str, port: int) -> socket.socket:
    """One socket bound before forking, so every server process accepts from the same queue."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise CommandError(f"Cannot listen on {host}:{port}: {error.strerror}.") from error
    sock.listen(1024)
    return sock


def serve_forked(sock: socket.socket, workers: int, options: dict) -> None:
    """Fork `workers` waitress processes on `sock`; replace one that dies; stop all on exit."""
    from django.db import connections

    # A database connection opened by the migrations must not be shared across the fork.
    connections.close_all()
    children: set[int] = set()
    try:
        while True:
            while len(children) < workers:
                children.add(_fork_server(sock, options))
            pid, _status = os.wait()
            if pid in children:
                children.discard(pid)
                time.sleep(1)  # a process that dies at once should not be restarted in a loop
    finally:
        _stop_children(children)


def _fork_server(sock: socket.socket, options: dict) -> int:
    pid = os.fork()
    if pid:
        return pid
    # The child: default signal handling (Ctrl+C and SIGTERM end it), serve, never return.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    code = 0
    try:
        run_waitress(sockets=[sock], **options)
    except KeyboardInterrupt:
        pass
    except BaseException:
        traceback.print_exc()
        code = 1
    os._exit(code)


def _stop_children(children: set[int]) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for pid in children:
        while time.monotonic() < deadline:
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


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
