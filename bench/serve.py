"""Throughput and latency of `coffeechat serve` under a bounded load, for 1 and 2 processes.

Builds a data directory (SQLite, or the empty database in DATABASE_URL) with many users, starts
`coffeechat serve --workers N` on loopback, and drives it from this process with asyncio clients,
each signed in as a different user, for a fixed time. Two loads per server:

- the floor: every client asks for the cheapest signed-in page (bench/floor.py);
- the mix: Today 30%, contacts 20%, search 10%, a contact 15%, the board 10% and writes 15%
  (a note added to a contact, through the form, with its CSRF token).

It prints requests per second, the 50th/95th/99th percentile latency and errors, the mix as a
share of the floor's throughput on the same server, and the speed-up of 2 processes over 1. It
also counts "Task queue depth" lines in the server's log, which should be none.

    .venv/bin/python bench/serve.py [--json] [--users 200] [--contacts 300] [--clients 32]
                                    [--seconds 10]

Bounds: loopback only, at most 64 clients, at most 60 seconds per load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIX = [("today", 30), ("contacts", 20), ("search", 10), ("detail", 15), ("board", 10)]
MIX += [("write", 15)]


def prepare(users: int, contacts: int) -> list[dict]:
    """Users with data, and for each a signed-in session and the URLs the load will ask for."""
    from bench.contacts import populate, setup_django

    setup_django()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.urls import reverse

    store = import_module(settings.SESSION_ENGINE).SessionStore
    rng = random.Random(2026)
    clients = []
    for n in range(users):
        user, people, _ = populate(f"user{n}", contacts, max(1, contacts // 10), 40, rng)
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        contact = people[len(people) // 2].pk
        clients.append(
            {
                "session": session.session_key,
                "urls": {
                    "floor": reverse("bench_floor"),
                    "today": reverse("today:index"),
                    "contacts": reverse("contacts:list"),
                    "search": reverse("contacts:list") + "?q=lima",
                    "detail": reverse("contacts:detail", args=[contact]),
                    "board": reverse("pipeline:board"),
                    "write": reverse("contacts:touchpoint_add", args=[contact]),
                },
            }
        )
    from django.db import connections

    connections.close_all()
    return clients


def start_server(workers: int, port: int, log: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="bench.floor_settings")
    command = [sys.executable, "-m", "coffeechat", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers), "--no-worker", "--skip-migrate"]
    server = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/"):
                return server
        except OSError:
            time.sleep(0.1)  # waiting for the server to listen
    server.kill()
    raise SystemExit(f"the server did not start; see {log}")


async def request(port: int, client: dict, page: str) -> int:
    """One request on a new connection; returns the HTTP status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    cookies = f"sessionid={client['session']}"
    path = client["urls"][page]
    if page == "write":
        token = secrets.token_urlsafe(24)[:32].replace("-", "a").replace("_", "b")
        body = f"kind=note&text=Bench+note&csrfmiddlewaretoken={token}".encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookies}; "
            f"csrftoken={token}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        writer.write(head.encode() + body)
    else:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookies}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
    await writer.drain()
    status_line = await reader.readline()
    await reader.read()  # the rest of the answer, up to the server closing the connection
    writer.close()
    return int(status_line.split()[1])


async def load(port: int, clients: list[dict], count: int, seconds: float, mix: bool) -> dict:
    rng = random.Random(7)
    pages = [name for name, weight in MIX for _ in range(weight)] if mix else ["floor"]
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def one_client(client: dict) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status = await request(port, client, rng.choice(pages))
            except OSError:
                status = 0
            latencies.append((time.perf_counter() - started) * 1000)
            if not 200 <= status < 400:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(one_client(clients[i % len(clients)]) for i in range(count)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--contacts", type=int, default=300, help="contacts per user")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= 60:
        raise SystemExit("--clients must be 1 to 64 and --seconds at most 60")
    os.environ.setdefault("COFFEECHAT_DATA_DIR", tempfile.mkdtemp(prefix="coffeechat-serve-"))
    started = time.perf_counter()
    clients = prepare(args.users, args.contacts)
    setup_seconds = round(time.perf_counter() - started, 1)

    from coffeechat.core.smtp_testing import free_port

    results: dict = {}
    for workers in (1, 2):
        port = free_port()
        log = Path(os.environ["COFFEECHAT_DATA_DIR"]) / f"serve-{workers}.log"
        server = start_server(workers, port, log)
        try:
            asyncio.run(load(port, clients, 4, 2, mix=True))  # warm every process's caches
            floor = asyncio.run(load(port, clients, args.clients, args.seconds, mix=False))
            mixed = asyncio.run(load(port, clients, args.clients, args.seconds, mix=True))
        finally:
            server.terminate()
            server.wait(timeout=30)
        queue_lines = sum("Task queue depth" in line for line in log.read_text().splitlines())
        results[f"processes_{workers}"] = {
            "floor": floor,
            "mix": mixed,
            "mix_share_of_floor": round(mixed["requests_per_s"] / floor["requests_per_s"], 2),
            "queue_warnings": queue_lines,
        }
    one, two = results["processes_1"], results["processes_2"]
    results["speedup_2_over_1"] = round(
        two["mix"]["requests_per_s"] / one["mix"]["requests_per_s"], 2
    )
    results["setup_seconds"] = setup_seconds
    results["database"] = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    if args.json:
        print(json.dumps(results))
        return
    print(
        f"{args.users} users × {args.contacts} contacts on {results['database']}, "
        f"{args.clients} clients, {args.seconds:g} s per load (data in {setup_seconds} s)"
    )
    print(f"{'server':<12}{'load':<7}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'errors':>8}")
    for workers in (1, 2):
        row = results[f"processes_{workers}"]
        for name in ("floor", "mix"):
            r = row[name]
            print(
                f"{workers} process{'es' if workers > 1 else '':<2}  {name:<7}"
                f"{r['requests_per_s']:>8}{r['p50_ms']:>8}{r['p95_ms']:>8}{r['p99_ms']:>8}"
                f"{r['errors']:>8}"
            )
        share, warnings = row["mix_share_of_floor"], row["queue_warnings"]
        print(f"  mix / floor: {share}; queue warnings in the log: {warnings}")
    print(f"2 processes / 1 on the mix: {results['speedup_2_over_1']}")


if __name__ == "__main__":
    main()
