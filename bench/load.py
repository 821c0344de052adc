"""The load driver of bench/serve.py: a server to start, clients to run, percentiles to report.

Clients are asyncio coroutines in the bench's own process, each signed in as a user through a
session cookie, each asking for one page after another on a new connection. A GET counts as an
error unless it answers 200; a write (a form POST) unless it redirects somewhere other than the
sign-in page, so a lost session can never pass for a fast page.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only
MAX_CLIENTS = 64
MAX_SECONDS = 60.0
# How long one request may take before it counts as an error (an import preview plans
# 30,000 rows in a request, so the setup calls get longer).
REQUEST_TIMEOUT = 60.0


def start_server(workers: int, port: int, log: Path, task_worker: bool = False):
    """`coffeechat serve --workers N` on loopback with the bench's settings (the floor view)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="bench.floor_settings")
    command = [sys.executable, "-m", "coffeechat", "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers), "--skip-migrate"]
    if not task_worker:
        command.append("--no-worker")
    server = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"the server stopped at start; see {log}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/accounts/login/"):
                return server
        except OSError:
            time.sleep(0.1)  # waiting for the server to listen
    server.kill()
    raise SystemExit(f"the server did not start; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()  # `coffeechat serve` stops its server processes and task worker
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class CpuMeter:
    """CPU seconds used during a load by the server's processes (the parent and its forked
    children), the database's server processes for our connections (PostgreSQL backends; none on
    SQLite, which runs inside the server), and this process (the clients). On a machine with
    few cores the clients and the database compete with the server: this says how much.
    Linux only (/proc); elsewhere every figure is 0."""

    TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def __init__(self, server_pid: int, backends: Callable[[], list[int]] | None = None) -> None:
        self.server_pid = server_pid
        self.backends = backends or (lambda: [])

    @classmethod
    def _seconds(cls, pid: int) -> tuple[int, float]:
        """(parent pid, CPU seconds) of a process; (0, 0.0) when it is gone or unreadable."""
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0, 0.0
        return int(fields[1]), (int(fields[11]) + int(fields[12])) / cls.TICK

    def _server_pids(self) -> list[int]:
        pids = [self.server_pid]
        for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
            if entry.name.isdigit() and self._seconds(int(entry.name))[0] == self.server_pid:
                pids.append(int(entry.name))
        return pids

    def measure(self, run: Callable[[], dict]) -> dict:
        """run() (a load, returning its summary) with the cores each part used added."""
        before, started = self.sample(), time.perf_counter()
        result = run()
        result["cores"] = self.used(before, self.sample(), time.perf_counter() - started)
        # CPU per request: unlike requests per second, it holds while other work shares the cores.
        per_second = result.get("requests_per_s") or 0
        result["cpu_ms_per_request"] = {
            part: round(cores * 1000 / per_second, 1) if per_second else None
            for part, cores in result["cores"].items()
        }
        return result

    def sample(self) -> dict[str, dict[int, float]]:
        return {
            "server": {pid: self._seconds(pid)[1] for pid in self._server_pids()},
            "database": {pid: self._seconds(pid)[1] for pid in self.backends()},
            "clients": {os.getpid(): time.process_time()},
        }

    @staticmethod
    def used(before: dict, after: dict, seconds: float) -> dict[str, float]:
        """Cores used by each part over `seconds` (1.0: one core all the time)."""
        return {
            part: round(
                sum(t - before[part].get(pid, 0.0) for pid, t in after[part].items()) / seconds, 2
            )
            for part in after
        }


def queue_warnings(log: Path) -> int:
    """Waitress's "Task queue depth" lines in a server log (there should be none)."""
    return sum("Task queue depth" in line for line in log.read_text().splitlines())


def _csrf_token() -> str:
    # A token of Django's form (32 letters and digits), set as cookie and form field alike.
    return secrets.token_hex(16)


async def request(port: int, client: dict, page: str) -> bool:
    """One request on a new connection; True when it answered as the page should."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        cookies = f"sessionid={client['session']}"
        path = client["urls"][page]
        if page == "write":
            token = _csrf_token()
            body = f"kind=note&text=Bench+note&csrfmiddlewaretoken={token}".encode()
            head = (
                f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nCookie: {cookies}; "
                f"csrftoken={token}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            writer.write(head.encode() + body)
        else:
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nCookie: {cookies}\r\n"
                "Connection: close\r\n\r\n".encode()
            )
        await writer.drain()
        answer = await reader.read()  # up to the server closing the connection
    finally:
        writer.close()
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    if page != "write":
        return status == 200
    location = next((h.split(":", 1)[1] for h in head if h.lower().startswith("location:")), "")
    return status == 302 and "/accounts/login" not in location


def summary(latencies: list[float], errors: int, elapsed: float) -> dict:
    """Requests per second, percentiles (ms) and errors of one load."""
    if not latencies:
        return {"requests": 0, "requests_per_s": 0.0, "errors": errors}
    cuts = (
        statistics.quantiles(latencies, n=100, method="inclusive")
        if len(latencies) > 1
        else latencies * 99
    )
    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
        "max_ms": round(max(latencies), 1),
        "errors": errors,
    }


async def load(*args, **kwargs) -> dict:
    """The summary of `load_samples(*args, **kwargs)`: requests per second, percentiles and
    errors of the requests counted."""
    return summary(*await load_samples(*args, **kwargs))


def pooled(samples: list[tuple[list[float], int, float]]) -> dict:
    """The summary of several loads' samples (`load_samples`) taken together: for a figure
    measured over short windows (an import of a few seconds), one window is too few requests."""
    latencies = [ms for sample in samples for ms in sample[0]]
    return summary(latencies, sum(s[1] for s in samples), sum(s[2] for s in samples))


async def load_samples(
    port: int,
    clients: list[dict],
    count: int,
    pages: list[str],
    seconds: float,
    until: Callable[[], bool] | None = None,
    counting: Callable[[], bool] | None = None,
    seed: int = 7,
) -> tuple[list[float], int, float]:
    """`count` clients ask for pages drawn from `pages` for `seconds` (at most MAX_SECONDS), or
    until `until()` says so first; returns the requests they made (those started while
    `counting()` said so, when it is given), unsummarised: their latencies (ms), the errors,
    and the seconds from the first counted request to the end."""
    if not 1 <= count <= MAX_CLIENTS:
        raise ValueError(f"from 1 to {MAX_CLIENTS} clients")
    rng = random.Random(seed)
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + min(seconds, MAX_SECONDS)

    def going() -> bool:
        return time.perf_counter() < deadline and not (until and until())

    async def one_client(client: dict) -> None:
        nonlocal errors
        while going():
            started = time.perf_counter()
            counted = counting is None or counting()
            try:
                ok = await asyncio.wait_for(
                    request(port, client, rng.choice(pages)), REQUEST_TIMEOUT
                )
            except (OSError, ValueError, IndexError, TimeoutError):
                ok = False
            if counted:
                latencies.append((time.perf_counter() - started) * 1000)
                errors += not ok
                first[0] = min(first[0], started)

    first = [float("inf")]  # when the first counted request started
    await asyncio.gather(*(one_client(clients[i % len(clients)]) for i in range(count)))
    return latencies, errors, max(time.perf_counter() - first[0], 0.0)


class Browser:
    """One signed-in user's plain HTTP calls (upload, preview, commit, progress) for the setup
    and the import; blocking, so run it in a thread while the load goes on."""

    def __init__(self, port: int, session: str) -> None:
        self.port = port
        self.token = _csrf_token()
        self.cookies = f"sessionid={session}; csrftoken={self.token}"

    def call(self, method: str, path: str, body: bytes = b"", headers=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(
                method, path, body=body or None, headers={"Cookie": self.cookies, **(headers or {})}
            )
            response = connection.getresponse()
            return response.status, response.getheader("Location", ""), response.read()
        finally:
            connection.close()

    def post_form(self, path: str, fields: dict[str, str]):
        from urllib.parse import urlencode

        body = urlencode({**fields, "csrfmiddlewaretoken": self.token}).encode()
        kind = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.call("POST", path, body, kind)

    def upload(self, path: str, filename: str, data: bytes, fields: dict[str, str]):
        boundary = secrets.token_hex(12)
        parts = []
        for name, value in {**fields, "csrfmiddlewaretoken": self.token}.items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            parts.append(f"{head}{value}\r\n".encode())
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
            "\r\nContent-Type: text/csv\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        kind = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.call("POST", path, b"".join(parts), kind)

    def json(self, path: str) -> dict:
        status, _, body = self.call("GET", path, headers={"Accept": "application/json"})
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        return json.loads(body)
