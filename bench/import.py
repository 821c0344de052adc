"""Benchmark the LinkedIn import: 30,000 rows, first import and re-import, against a floor.

    .venv/bin/python bench/import.py [--quick] [--rows 30000] [--rounds 3] [--postgres URL] [--json]

Generates a deterministic Connections.csv (seeded), migrates a new, empty database (SQLite in a
temporary data folder, or with --postgres a database made for the run on that server and dropped
after), creates a user, then runs `coffeechat import` twice in child processes and reports wall
time, the child's peak resident memory (ru_maxrss via os.wait4) and what was created.
Target: each run under 5 s and under 300 MB.

Then `hostile`: a dry run of a file at the 20 MB upload limit made of two-byte rows (ten million
of them), which the import refuses; its peak memory must stay under 400 MB.

And the web's way (`stored_hostile`, `stored_max_rows`): in a child process, an upload is parsed
once and its records stored on the batch, then read back and planned as the preview and the commit
do; for the hostile file and for the longest file accepted (MAX_ROWS short rows). Peak memory of
each must also stay under 400 MB.

Then the floor: the same rows written with plain executemany INSERTs and nothing else, against
the import's commit (plan made beforehand), each into a new account, in alternating rounds. Each
figure is printed with its ratio to the floor, the commit also with the part inside its
transaction (on SQLite, how long it holds the database's write lock) and that part's CPU time
(on SQLite the database works in this process; CPU time does not stretch on a shared machine).
Each round then imports the same file again into that account with every position changed,
and prints the part inside that commit's transaction (every contact updated, noted and indexed
again: on SQLite, how long a re-import holds the write lock).
--quick: 3,000 rows, one round, no hostile file.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.databases import postgres_reachable, throwaway  # noqa: E402

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
FIRST = [
    "Ana",
    "Ben",
    "Chloé",
    "Dmitri",
    "Emeka",
    "Fatima",
    "Georg",
    "Hana",
    "Ivan",
    "Jun",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tomás",
    "Uma",
    "Vikram",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoë",
    "Aiko",
    "Bram",
    "Carmen",
    "Dario",
    "Elif",
    "Farid",
    "Илья",
    "Мария",
    "伟",
    "芳",
    "Ahmed",
    "Ли",
    "Σοφία",
    "Νίκος",
    "さくら",
    "太郎",
    "Olusegun",
    "José",
    "François",
    "Małgorzata",
    "Søren",
]
LAST = [
    "Abara",
    "Becker",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Hansen",
    "Ibrahim",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Varga",
    "Wang",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Иванова",
    "Смирнов",
    "王",
    "李",
    "Παπαδόπουλος",
    "佐藤",
    "O'Brien",
    "van",
    "der",
    "Berg",
    "de",
    "la",
    "Cruz",
    "Nguyễn",
    "Müller",
]
SYLLABLES = [
    "ac",
    "al",
    "an",
    "ar",
    "bel",
    "bri",
    "co",
    "da",
    "el",
    "en",
    "fin",
    "gra",
    "ion",
    "kin",
    "la",
    "lo",
    "ma",
    "mer",
    "no",
    "or",
    "pa",
    "qui",
    "ra",
    "sol",
    "ta",
    "ve",
]
SUFFIXES = ["", "", "", ", Inc.", " Inc", " LLC", " Ltd", " GmbH", ", Inc", " Corporation"]
ROLES = [
    "Software Engineer",
    "Senior Product Manager",
    "UX Researcher",
    "Data Scientist",
    "Engineering Manager",
    "Designer, Growth",
    "Recruiter",
    "Founder & CEO",
    "Consultant",
    "Marketing Lead",
    "Analyst",
    "Head of People",
    "Teacher",
    "Nurse",
    "Policy Advisor",
]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    companies = []
    for _ in range(3000):
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if rng.random() < 0.2:
            name += " " + rng.choice(["Labs", "Health", "Systems", "Bank", "Media", "Studio"])
        companies.append(name)
    start = date(2010, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(PREAMBLE)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for n in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            slug = f"{first}-{last}-{n:05d}".lower().replace(" ", "-")
            email = f"person{n}@example.org" if rng.random() < 0.08 else ""
            company = rng.choice(companies) + rng.choice(SUFFIXES)
            connected = start + timedelta(days=rng.randint(0, 5800))
            writer.writerow(
                [
                    first,
                    last,
                    f"https://www.linkedin.com/in/{slug}",
                    email,
                    company,
                    rng.choice(ROLES),
                    connected.strftime("%d %b %Y"),
                ]
            )
            if n % 5000 == 4999:
                writer.writerow([])
                handle.write(",,,,,,\n")


def generate_hostile(path: Path, megabytes: int = 20) -> None:
    header = b"First Name,Last Name,Company\n"
    path.write_bytes(header + b"a\n" * ((megabytes * 2**20 - len(header)) // 2))


def generate_max_rows(path: Path) -> None:
    header = b"First Name,Last Name,Company\n"
    rows = (b"P%d,Q%d,Org %d\n" % (n, n, n % 3000) for n in range(100_000))
    path.write_bytes(header + b"".join(rows))


def stored_child(path: Path) -> None:
    """In the child: the upload's parse-and-store, then the plan from the stored records."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from coffeechat.transfer.models import ImportBatch
    from coffeechat.transfer.services.importing import plan_batch
    from coffeechat.transfer.services.parsed import store_parsed

    user = get_user_model().objects.get(username="bench")
    data = path.read_bytes()
    batch = ImportBatch.objects.create(user=user, format="auto", data=data, size=len(data))
    del data
    store_parsed(batch)
    batch = ImportBatch.objects.defer("data").get(pk=batch.pk)
    plan = plan_batch(user, batch)
    print(json.dumps({"rows": len(plan.rows), "refused": bool(plan.refused)}))
    batch.delete()


def run_stored(env: dict, path: Path) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--stored-child", str(path)]
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    output = child.stdout.read().decode() if child.stdout else ""
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"stored parse failed:\n{output}")
    result = json.loads(output.strip().splitlines()[-1])
    result.update(seconds=round(seconds, 2), peak_mb=round(usage.ru_maxrss / 1024, 1))
    result["file_mb"] = round(path.stat().st_size / 2**20, 1)
    return result


def run_import(env: dict, csv_path: Path, *extra: str, must_succeed: bool = True) -> dict:
    command = [
        sys.executable,
        "-m",
        "coffeechat",
        "import",
        str(csv_path),
        "--user",
        "bench",
        *extra,
    ]
    started = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    output = child.stdout.read().decode() if child.stdout else ""
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode and must_succeed:
        raise SystemExit(f"import failed ({child.returncode}):\n{output}")
    return {"seconds": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def counts() -> dict:
    from coffeechat.contacts.models import Contact, Organisation, Touchpoint

    return {
        "contacts": Contact.objects.count(),
        "organisations": Organisation.objects.count(),
        "touchpoints": Touchpoint.objects.count(),
    }


def floor_seconds(user, data: bytes) -> float:
    """The floor: the rows the import writes for this file (organisations, contacts and their
    LinkedIn touchpoints), made ready beforehand and written with plain executemany INSERTs in
    one transaction, nothing else. Whatever the import costs above this is ours to explain."""
    from django.db import connection, transaction
    from django.utils import timezone

    from coffeechat.contacts.models import Contact, Organisation
    from coffeechat.transfer.parsers import parse_bytes
    from coffeechat.transfer.services.importing import _prepare, plan_import

    rows = _prepare(user, plan_import(user, parse_bytes(data)), timezone.now())
    quote = connection.ops.quote_name

    def insert(table, values: list[list]) -> None:
        columns = ", ".join(quote(f.column) for f in table.fields)
        marks = ", ".join(["%s"] * len(table.fields))
        sql = f"INSERT INTO {quote(table.model._meta.db_table)} ({columns}) VALUES ({marks})"
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)

    started = time.perf_counter()
    with transaction.atomic():
        insert(rows.organisations, rows.new_organisations)
        orgs = dict(Organisation.objects.filter(user=user).values_list("name_key", "id"))
        at = rows.contacts.position("organisation_id")
        for row, key in zip(rows.new, rows.new_orgs, strict=True):
            row[at] = orgs.get(key)
        insert(rows.contacts, rows.new)
        ids = Contact.objects.filter(user=user).order_by("id").values_list("id", flat=True)
        real = dict(zip(range(-1, -len(rows.new) - 1, -1), ids, strict=True))
        at = rows.touchpoints.position("contact_id")
        for cid, _kind, row in rows.notes:
            row[at] = real[cid]
        insert(rows.touchpoints, [row for _cid, _kind, row in rows.notes])
    return time.perf_counter() - started


def commit_against_floor(data: bytes, rounds: int) -> dict:
    """The import's commit (its plan made beforehand, untimed) and the floor, each into a new
    empty account, in alternating rounds; medians and their ratio."""
    from django.contrib.auth import get_user_model

    from coffeechat.core import planner
    from coffeechat.transfer.parsers import parse_bytes
    from coffeechat.transfer.services import importing

    users = get_user_model().objects
    commits, writing, writing_cpu, floors, analysing = [], [], [], [], []
    changed_writing: list[float] = []
    timing = [writing]  # where timed_write puts the time inside the transaction
    write, analyze = importing._write, planner.analyze_tables

    def timed_analyze(*args, **kwargs):  # after the commit, on PostgreSQL (statistics)
        started = time.perf_counter()
        try:
            return analyze(*args, **kwargs)
        finally:
            analysing.append(time.perf_counter() - started)

    def timed_write(*args, **kwargs):  # the part inside the transaction (SQLite's write lock)
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return write(*args, **kwargs)
        finally:
            timing[0].append(time.perf_counter() - started)
            # SQLite works in this process: its CPU time, unlike the wall time, does not
            # stretch when other processes share the cores.
            writing_cpu.append(time.process_time() - cpu)

    importing._write, planner.analyze_tables = timed_write, timed_analyze
    try:
        for n in range(rounds):
            user = users.create_user(f"commit{n}")
            plan = importing.plan_import(user, parse_bytes(data))
            started = time.perf_counter()
            importing.commit_plan(user, plan)
            commits.append(time.perf_counter() - started)
            floors.append(floor_seconds(users.create_user(f"floor{n}"), data))
            # The same people again, every one with a new role: each contact changed and
            # noted, and its search index entry written again.
            timing[0], cpu_so_far, analysed_so_far = (
                changed_writing,
                len(writing_cpu),
                len(analysing),
            )
            importing.commit_plan(user, importing.plan_import(user, parse_bytes(promoted(data))))
            timing[0] = writing
            del writing_cpu[cpu_so_far:], analysing[analysed_so_far:]  # the first commits' only
    finally:
        importing._write, planner.analyze_tables = write, analyze
    floor = statistics.median(floors)
    return {
        "floor_s": round(floor, 2),
        "commit_s": round(statistics.median(commits), 2),
        "in_transaction_s": round(statistics.median(writing), 2),
        "in_transaction_cpu_s": round(statistics.median(writing_cpu), 2),
        "ratio": round(statistics.median(commits) / floor, 1),
        "in_transaction_ratio": round(statistics.median(writing) / floor, 1),
        # Part of commit_s: ANALYZE once the rows are committed (PostgreSQL; 0 on SQLite).
        "analyze_s": round(statistics.median(analysing), 2) if analysing else 0.0,
        # Every row changed: the part inside the transaction of a re-import.
        "changed_in_transaction_s": round(statistics.median(changed_writing), 2),
    }


def promoted(data: bytes) -> bytes:
    """The LinkedIn file `data` with " (promoted)" after every position."""
    lines = data.decode("utf-8").split("\n")
    at = HEADER.index("Position")
    out = []
    for line in lines:
        cells = next(csv.reader([line])) if line else []
        if len(cells) == len(HEADER) and cells != HEADER and cells[at]:
            cells[at] += " (promoted)"
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="").writerow(cells)
            line = buffer.getvalue()
        out.append(line)
    return "\n".join(out).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30000)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of commit against floor")
    parser.add_argument("--quick", action="store_true", help="3,000 rows, one round, no hostile")
    parser.add_argument("--postgres", default="", help="measure on PostgreSQL (a new database)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--stored-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stored_child:
        sys.path.insert(0, str(ROOT))
        stored_child(args.stored_child)
        return
    if args.quick:
        args.rows, args.rounds = 3000, 1
    database = "postgresql" if args.postgres else "sqlite"
    if args.postgres and (why := postgres_reachable(args.postgres)):
        print(f"postgresql: not measured ({why})")
        return
    with throwaway(database, args.postgres) as place, tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        env.update(
            place,
            COFFEECHAT_SECRET_KEY="bench-only",
            DJANGO_SETTINGS_MODULE="coffeechat.settings",
            PYTHONPATH=str(ROOT),
        )
        os.environ.clear()
        os.environ.update(env)
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        get_user_model().objects.create_user("bench", "bench@example.org", "bench-password")
        csv_path = Path(tmp) / "Connections.csv"
        generate(csv_path, args.rows)
        first = run_import(env, csv_path)
        after_first = counts()
        first["created"] = after_first["contacts"]
        first["rows_created"] = after_first
        again = run_import(env, csv_path)
        after_again = counts()
        again["rows_created"] = {k: after_again[k] - after_first[k] for k in after_again}
        again["created"] = again["rows_created"]["contacts"]
        hostile, stored_hostile, stored_max_rows = {}, {}, {}
        if not args.quick:  # memory bounds at the upload limits: nothing to smoke-test
            hostile_path = Path(tmp) / "hostile.csv"
            generate_hostile(hostile_path)
            hostile = run_import(env, hostile_path, "--dry-run", must_succeed=False)
            hostile["file_mb"] = round(hostile_path.stat().st_size / 2**20, 1)
            stored_hostile = run_stored(env, hostile_path)
            max_path = Path(tmp) / "max-rows.csv"
            generate_max_rows(max_path)
            stored_max_rows = run_stored(env, max_path)
        commit = commit_against_floor(csv_path.read_bytes(), args.rounds)
        connections.close_all()  # before the throw-away database is dropped
    for run in (first, again):
        run["ratio"] = round(run["seconds"] / commit["floor_s"], 1)
    result = {"rows": args.rows, "database": database, "first": first, "again": again}
    result |= {"hostile": hostile, "stored_hostile": stored_hostile}
    result |= {"stored_max_rows": stored_max_rows, "commit": commit}
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"{args.rows:,} LinkedIn rows on {database}; floor (plain executemany of the same rows) "
        f"{commit['floor_s']} s"
    )
    for name in ("first", "again"):
        run = result[name]
        print(
            f"{name:6} {run['seconds']:6.2f} s  {run['peak_mb']:7.1f} MB  created {run['created']}"
            f"  {run['ratio']}× floor (the whole command: start, read, match, write)"
        )
    print(
        f"commit {commit['commit_s']:6.2f} s  {commit['ratio']}× floor; of which in its "
        f"transaction {commit['in_transaction_s']} s ({commit['in_transaction_ratio']}× floor; "
        f"CPU {commit['in_transaction_cpu_s']} s), ANALYZE after it {commit['analyze_s']} s"
    )
    print(
        f"re-import with every role changed: in its transaction "
        f"{commit['changed_in_transaction_s']} s"
    )
    if not hostile:
        return
    print(
        f"hostile {hostile['seconds']:5.2f} s  {hostile['peak_mb']:7.1f} MB  "
        f"({hostile['file_mb']} MB of two-byte rows, dry run)"
    )
    for name in ("stored_hostile", "stored_max_rows"):
        run = result[name]
        print(
            f"{name} {run['seconds']:5.2f} s  {run['peak_mb']:7.1f} MB  "
            f"({run['file_mb']} MB, {run['rows']} rows planned from stored records)"
        )


if __name__ == "__main__":
    main()
