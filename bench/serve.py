"""Throughput and latency of `coffeechat serve` under a bounded load, and an import during it.

For each database (SQLite, and PostgreSQL when a server is given), in a new throw-away database:
many users with data, each with a signed-in session; then `coffeechat serve --workers N` on
loopback for 1 and 2 processes, driven from this process by asyncio clients for a fixed time:

- the floor: every client asks for the cheapest signed-in page (bench/floor.py);
- the mix: Today 30%, contacts 20%, search 10%, a contact 15%, the board 10% and writes 15%
  (a note added to a contact, through the form, with its CSRF token).

Then the import: a LinkedIn file of --import-rows rows goes through the web's own path (upload,
preview, commit) into an empty account and is imported by the server's task worker, once with
no other traffic and --import-repeats times (3) while the mix runs, each into an account of its
own; the mix also runs alone for the same server. An import lasts a few seconds, too few
requests for one window's p95 to hold from run to run: the requests made during every repeat
are taken together.

It prints requests per second, the 50th/95th/99th percentile latency and errors of each load,
the mix as a share of the floor's throughput on the same server, 2 processes over 1 (with about
the most this machine's cores allow: every core spent at one process's CPU a request), the
"Task queue depth" lines in the server logs (there should be none), the import's time under
load against its idle time, and other users' p95 during the import against their p95 without.

    .venv/bin/python bench/serve.py [--quick] [--json] [--postgres URL] [--databases sqlite,...]
        [--users 200] [--contacts 300] [--clients 32] [--seconds 10] [--import-rows 30000]
        [--import-repeats 3] [--processes 1,2]

--processes 1 measures one server process only (with --import-rows 0 and --databases, one case
while trying a change; 2 processes over 1 is then not reported).

--quick is a smoke run (a few users, 8 clients, 1 s loads, a 3,000-row import): it checks that
everything answers, not how fast. Bounds: loopback only, at most 64 clients, at most 60 seconds
per load. Without --postgres (or DATABASE_URL) only SQLite is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.databases import analyze, postgres_reachable, throwaway  # noqa: E402
from bench.load import (  # noqa: E402
    MAX_CLIENTS,
    MAX_SECONDS,
    Browser,
    CpuMeter,
    load,
    load_samples,
    pooled,
    queue_warnings,
    start_server,
    stop_server,
)

MIX = [("today", 30), ("contacts", 20), ("search", 10), ("detail", 15), ("board", 10)]
MIX += [("write", 15)]
MIX_PAGES = [name for name, weight in MIX for _ in range(weight)]
FULL = {
    "users": 200,
    "contacts": 300,
    "clients": 32,
    "seconds": 10.0,
    "import_rows": 30_000,
    "import_repeats": 3,
}
QUICK = {
    "users": 6,
    "contacts": 60,
    "clients": 8,
    "seconds": 1.0,
    "import_rows": 3_000,
    "import_repeats": 1,
}
IMPORT_TIMEOUT = 600  # seconds an import may take before the bench gives up on it
TARGETS = {
    "mix_share_of_floor": 0.35,
    "speedup_2_over_1": 1.7,
    "import_under_load_over_idle": 2.0,
    "others_p95_with_over_without": 2.0,
}


# How long the loads warm a new server up before they are measured.
WARM_SECONDS = 8.0


def sign_in(user) -> str:
    """A session for `user`, as signing in makes it; returns its key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def prepare(users: int, contacts: int) -> list[dict]:
    """Users with data, and for each a signed-in session and the URLs the load will ask for."""
    import random

    from django.urls import reverse

    from bench.contacts import populate

    rng = random.Random(2026)
    clients = []
    for n in range(users):
        user, people, _ = populate(f"user{n}", contacts, max(1, contacts // 10), 40, rng)
        contact = people[len(people) // 2].pk
        clients.append(
            {
                "session": sign_in(user),
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
    return clients


def measure_processes(workers: int, clients: list[dict], args, data_dir: Path) -> dict:
    """The floor and the mix on `coffeechat serve --workers <workers>`."""
    from coffeechat.core.smtp_testing import free_port

    port = free_port()
    log = data_dir / f"serve-{workers}.log"
    server = start_server(workers, port, log)
    cpu = CpuMeter(server.pid, _backends)
    try:
        # Every process's caches, and every thread's connection: on PostgreSQL each connection
        # prepares a statement on its fifth run (coffeechat.env), so all the clients are needed
        # to reach all the threads, and a few seconds for the mix's ~70 statements to be
        # prepared; four clients for two seconds left most of the measured load unprepared.
        warm = min(WARM_SECONDS, args.seconds)
        asyncio.run(load(port, clients, args.clients, MIX_PAGES + ["floor"], warm))
        floor = cpu.measure(
            lambda: asyncio.run(load(port, clients, args.clients, ["floor"], args.seconds))
        )
        mixed = cpu.measure(
            lambda: asyncio.run(load(port, clients, args.clients, MIX_PAGES, args.seconds))
        )
    finally:
        stop_server(server)
    return {
        "floor": floor,
        "mix": mixed,
        "mix_share_of_floor": _ratio(mixed["requests_per_s"], floor["requests_per_s"]),
        "queue_warnings": queue_warnings(log),
    }


def _backends() -> list[int]:
    """PostgreSQL's server processes for the connections to our database (not our own)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


class Importer:
    """An empty account that imports a LinkedIn file through the web pages, as a person would."""

    def __init__(self, name: str, port: int) -> None:
        from django.contrib.auth.models import User

        from coffeechat.accounts.models import Profile

        self.user = User.objects.create_user(name, password="bench-password-2026")
        Profile.objects.create(user=self.user, full_name=name.title(), onboarded=True)
        self.browser = Browser(port, sign_in(self.user))
        self.batch_id = 0

    def upload_and_preview(self, data: bytes) -> None:
        from django.urls import reverse

        from coffeechat.transfer.models import ImportBatch

        upload = reverse("transfer:upload")
        status, _, _ = self.browser.upload(upload, "Connections.csv", data, {"format": "auto"})
        if status != 302:
            raise SystemExit(f"the upload answered {status}")
        self.batch_id = ImportBatch.objects.filter(user=self.user).latest("id").pk
        status, _, _ = self.browser.call("GET", reverse("transfer:batch", args=[self.batch_id]))
        if status != 200:
            raise SystemExit(f"the import preview answered {status}")

    def commit_and_wait(self) -> dict:
        """Press "Import", then follow the progress page until the import is over; returns its
        time from the click and the task worker's time on it."""
        from django.urls import reverse

        from coffeechat.contacts.models import Contact

        progress = reverse("transfer:progress", args=[self.batch_id])
        clicked = time.perf_counter()
        status, _, _ = self.browser.post_form(reverse("transfer:commit", args=[self.batch_id]), {})
        if status != 302:
            raise SystemExit(f"the import's commit answered {status}")
        while time.perf_counter() - clicked < IMPORT_TIMEOUT:
            state = self.browser.json(progress)
            if state["status"] == "committed":
                return {
                    "seconds": round(time.perf_counter() - clicked, 2),
                    "working_seconds": self.worked_seconds(),
                    "created": Contact.objects.filter(user=self.user).count(),
                }
            if state["status"] == "failed":
                raise SystemExit(f"the import failed: {state['error']}")
            time.sleep(0.2)
        raise SystemExit(f"the import took more than {IMPORT_TIMEOUT} s")

    def worked_seconds(self) -> float:
        """The task worker's time on the import, from taking it up to its end, as the task
        backend records them: a short import can be over before the progress page is first
        read, and the worker looks for new tasks once a second."""
        from django_tasks import task_backends

        from coffeechat.transfer.models import ImportBatch
        from coffeechat.transfer.tasks import import_batch

        task_id = ImportBatch.objects.get(pk=self.batch_id).task_id
        backend = task_backends[import_batch.backend]
        for _ in range(200):
            result = backend.get_result(task_id)
            if result.finished_at and result.started_at:
                return round((result.finished_at - result.started_at).total_seconds(), 2)
            time.sleep(0.05)  # the worker records the end just after the import commits
        raise SystemExit("the import's task did not record its end")


def measure_import(clients: list[dict], args, data_dir: Path) -> dict:
    """The import alone, the mix alone, then the import while the mix runs (--import-repeats
    times, each into an empty account of its own), on one server."""
    from coffeechat.core.smtp_testing import free_port

    linkedin_csv = importlib.import_module("bench.import")
    path = data_dir / "Connections.csv"
    linkedin_csv.generate(path, args.import_rows)
    data = path.read_bytes()
    port = free_port()
    log = data_dir / "serve-import.log"
    server = start_server(args.import_processes, port, log, task_worker=True)
    try:
        idle = Importer("import_idle", port)
        loaded = [Importer(f"import_loaded_{n}", port) for n in range(args.import_repeats)]
        for importer in [idle, *loaded]:
            importer.upload_and_preview(data)
        asyncio.run(load(port, clients, 4, MIX_PAGES, min(2.0, args.seconds)))  # warm
        alone = idle.commit_and_wait()
        without = asyncio.run(load(port, clients, args.clients, MIX_PAGES, args.seconds))
        runs = [asyncio.run(_import_during_load(each, port, clients, args)) for each in loaded]
    finally:
        stop_server(server)
    for under_load, _samples in runs:
        if under_load["created"] != alone["created"]:
            raise SystemExit(f"the imports differ: {alone['created']} and {under_load['created']}")
    # The import under load whose time is the median of the repeats; others' requests during
    # every repeat, taken together.
    under_load = sorted((run for run, _ in runs), key=lambda r: r["working_seconds"])[
        len(runs) // 2
    ]
    during = pooled([samples for _, samples in runs])
    return {
        "rows": args.import_rows,
        "processes": args.import_processes,
        "repeats": args.import_repeats,
        "idle": alone,
        "under_load": under_load,
        "under_load_each": [run["working_seconds"] for run, _ in runs],
        "import_under_load_over_idle": _ratio(
            under_load["working_seconds"], alone["working_seconds"]
        ),
        "others_without_import": without,
        "others_during_import": during,
        "others_p95_with_over_without": _ratio(during["p95_ms"], without["p95_ms"]),
        "queue_warnings": queue_warnings(log),
    }


async def _import_during_load(importer: Importer, port: int, clients: list[dict], args):
    """Start the mix, give it a second to reach its pace, then import; the mix stops when the
    import is over (or after MAX_SECONDS). Only requests made during the import count."""
    over = threading.Event()
    started = threading.Event()
    during = load_samples(
        port, clients, args.clients, MIX_PAGES, MAX_SECONDS, over.is_set, started.is_set
    )
    mix = asyncio.create_task(during)
    await asyncio.sleep(1)
    started.set()
    try:
        result = await asyncio.to_thread(importer.commit_and_wait)
    finally:
        over.set()
    return result, await mix


def measure_here(args) -> dict:
    """Every figure on the database this process is configured for (the parent's child)."""
    from bench.contacts import setup_django

    setup_django()
    from django.db import connection, connections

    started = time.perf_counter()
    clients = prepare(args.users, args.contacts)
    analyze()
    results: dict = {
        "database": connection.vendor,
        "setup_seconds": round(time.perf_counter() - started, 1),
    }
    connections.close_all()
    data_dir = Path(os.environ["COFFEECHAT_DATA_DIR"])
    if not args.import_only:
        for workers in _processes(args):
            results[f"processes_{workers}"] = measure_processes(workers, clients, args, data_dir)
        if {"processes_1", "processes_2"} <= results.keys():
            one, two = results["processes_1"]["mix"], results["processes_2"]["mix"]
            results["speedup_2_over_1"] = _ratio(two["requests_per_s"], one["requests_per_s"])
            results["speedup_ceiling"] = speedup_ceiling(one)
    if args.import_rows:
        results["import"] = measure_import(clients, args, data_dir)
    return results


def speedup_ceiling(one: dict) -> float | None:
    """About the most any number of server processes could serve over one on this machine: all
    its cores, spent at the CPU a request of one process's load took in the server, the database
    and the clients together, against what one process served. One process leaves part of the
    cores to the database and the clients; more processes must share every core with them. An
    estimate, not a bound: with more processes a request may cost a little more CPU (the
    database's share grows) or a little less (fewer threads contend for one interpreter)."""
    per_request = one.get("cpu_ms_per_request") or {}
    if not per_request or None in per_request.values():
        return None
    most = (os.cpu_count() or 1) * 1000 / sum(per_request.values())
    return _ratio(most, one["requests_per_s"])


def _processes(args) -> list[int]:
    """The server process counts to measure (--processes 1,2)."""
    counts = [int(n) for n in args.processes.split(",")]
    if not counts or any(n not in (1, 2) for n in counts):
        raise SystemExit("--processes takes 1, 2 or 1,2")
    return counts


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="a smoke run (see above)")
    parser.add_argument("--users", type=int)
    parser.add_argument("--contacts", type=int, help="contacts per user")
    parser.add_argument("--clients", type=int)
    parser.add_argument("--seconds", type=float, help="length of each load")
    parser.add_argument("--import-rows", type=int, help="rows of the import (0: no import)")
    parser.add_argument("--import-processes", type=int, default=1, help="server processes then")
    parser.add_argument(
        "--import-repeats",
        type=int,
        help="imports during the mix, their requests taken together (an import lasts seconds)",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL URL; a new database is made on its server and dropped after",
    )
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="which of sqlite,postgresql to measure"
    )
    parser.add_argument(
        "--import-only", action="store_true", help="only the import (no floor, no 1 or 2 processes)"
    )
    parser.add_argument(
        "--processes", default="1,2", help="server processes to measure: 1, 2 or 1,2"
    )
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)  # the child
    args = parser.parse_args()
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.seconds <= MAX_SECONDS:
        raise SystemExit(f"--clients must be 1 to {MAX_CLIENTS}, --seconds at most {MAX_SECONDS:g}")
    if args.here:
        print(json.dumps(measure_here(args)))
        return
    results = {"settings": _settings(args), "skipped": {}}
    for database in args.databases.split(","):
        if database == "postgresql":
            why = postgres_reachable(args.postgres) if args.postgres else "no --postgres URL given"
            if why:
                results["skipped"][database] = why
                continue
        elif database != "sqlite":
            raise SystemExit(f"unknown database {database!r}: sqlite or postgresql")
        with throwaway(database, args.postgres) as env:
            results[database] = _run_child(args, env, database)
    if args.json:
        print(json.dumps(results))
    else:
        print_report(results)


def _settings(args) -> dict:
    names = ("users", "contacts", "clients", "seconds", "import_rows", "import_processes")
    names += ("import_repeats", "processes")
    return {name: getattr(args, name) for name in names}


def _run_child(args, env: dict, database: str) -> dict:
    """Measure one database in a new process (Django's settings name one database)."""
    command = [sys.executable, __file__, "--here"]
    for name, value in _settings(args).items():
        command += [f"--{name.replace('_', '-')}", str(value)]
    command += ["--import-only"] if args.import_only else []
    child_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env
    done = subprocess.run(command, env=child_env, stdout=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"the {database} run failed (its messages are above)")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_report(results: dict) -> None:
    s = results["settings"]
    print(
        f"{s['users']} users × {s['contacts']} contacts, {s['clients']} clients, "
        f"{s['seconds']:g} s per load"
    )
    print(
        f"{'database':<12}{'server':<13}{'load':<6}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}", end=""
    )
    print(f"{'p99 ms':>8}{'errors':>8}{'× floor':>9}   cores (CPU) used: server/database/clients")
    for database in ("sqlite", "postgresql"):
        run = results.get(database, {})
        measured = [workers for workers in (1, 2) if f"processes_{workers}" in run]
        if not measured:
            continue
        for workers in measured:
            row = run[f"processes_{workers}"]
            for name in ("floor", "mix"):
                r = row[name]
                ratio = row["mix_share_of_floor"] if name == "mix" else 1.0
                server = f"{workers} process{'es' if workers > 1 else ''}"
                print(
                    f"{database:<12}{server:<13}{name:<6}{r['requests_per_s']:>8}{r['p50_ms']:>8}"
                    f"{r['p95_ms']:>8}{r['p99_ms']:>8}{r['errors']:>8}{ratio:>9}   {_cores(r)}"
                )
        warnings = sum(run[f"processes_{workers}"]["queue_warnings"] for workers in measured)
        print(
            f"{database:<12}2 processes / 1 on the mix: {run.get('speedup_2_over_1', '—')} "
            f"(target ≥ {TARGETS['speedup_2_over_1']} on PostgreSQL; this machine's "
            f"{os.cpu_count()} cores allow about {run.get('speedup_ceiling', '—')}); "
            "mix / floor target ≥ "
            f"{TARGETS['mix_share_of_floor']}; queue warnings in the logs: {warnings}"
        )
    for database in ("sqlite", "postgresql"):
        if "import" in results.get(database, {}):
            print_import(database, results[database]["import"])
    for database, why in results["skipped"].items():
        print(f"{database}: not measured ({why})")


def _cores(r: dict) -> str:
    """The cores (CPU seconds per second) the server, the database and the clients used."""
    cores, per_request = r.get("cores"), r.get("cpu_ms_per_request")
    if not cores:
        return ""
    parts = ("server", "database", "clients")
    used = "/".join(f"{cores[part]:.2f}" for part in parts)
    return used + " (" + "/".join(f"{per_request[part]}" for part in parts) + " ms a request)"


def print_import(database: str, r: dict) -> None:
    idle, loaded = r["idle"], r["under_load"]
    without, during = r["others_without_import"], r["others_during_import"]
    print(
        f"{database:<12}import of {r['rows']:,} rows ({loaded['created']:,} contacts), "
        f"{r['processes']} server process(es): idle {idle['working_seconds']} s, during the mix "
        f"{loaded['working_seconds']} s (median of {_each(r)}) = "
        f"{r['import_under_load_over_idle']}× idle "
        f"(target ≤ {TARGETS['import_under_load_over_idle']} on PostgreSQL; from the click "
        f"{idle['seconds']} and {loaded['seconds']} s)"
    )
    print(
        f"{'':<12}others' p95 {without['p95_ms']} ms without the import, {during['p95_ms']} ms "
        f"during {_imports(r['repeats'])} ({during['requests']} requests) = "
        f"{r['others_p95_with_over_without']}× (target < "
        f"{TARGETS['others_p95_with_over_without']}); longest request {without['max_ms']} → "
        f"{during['max_ms']} ms; errors {without['errors']} → {during['errors']}"
    )


def _imports(repeats: int) -> str:
    return "the import" if repeats == 1 else f"the {repeats} imports"


def _each(r: dict) -> str:
    return ", ".join(f"{seconds} s" for seconds in r["under_load_each"])


if __name__ == "__main__":
    main()
