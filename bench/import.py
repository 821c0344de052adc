"""Benchmark the LinkedIn import through the CLI: 30,000 rows, first import and re-import.

    .venv/bin/python bench/import.py [--rows 30000] [--json]

Generates a deterministic Connections.csv (seeded), migrates a fresh SQLite database in a
temporary data folder, creates a user, then runs `coffeechat import` twice in child processes and
reports wall time, the child's peak resident memory (ru_maxrss via os.wait4) and what was created.
Target: each run under 5 s and under 300 MB.

Then `hostile`: a dry run of a file at the 20 MB upload limit made of two-byte rows (ten million
of them), which the import refuses; its peak memory must stay under 400 MB.

And the web's way (`stored_hostile`, `stored_max_rows`): in a child process, an upload is parsed
once and its records stored on the batch, then read back and planned as the preview and the commit
do; for the hostile file and for the longest file accepted (MAX_ROWS short rows). Peak memory of
each must also stay under 400 MB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def counts(db: Path) -> dict:
    with sqlite3.connect(db) as connection:

        def one(table: str) -> int:
            return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

        return {
            "contacts": one("contacts_contact"),
            "organisations": one("contacts_organisation"),
            "touchpoints": one("contacts_touchpoint"),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--stored-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stored_child:
        sys.path.insert(0, str(ROOT))
        stored_child(args.stored_child)
        return
    with tempfile.TemporaryDirectory(prefix="coffeechat-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        env = dict(os.environ)
        env.update(
            COFFEECHAT_DATA_DIR=str(data_dir),
            COFFEECHAT_SECRET_KEY="bench-only",
            DJANGO_SETTINGS_MODULE="coffeechat.settings",
            PYTHONPATH=str(ROOT),
        )
        env.pop("DATABASE_URL", None)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        get_user_model().objects.create_user("bench", "bench@example.org", "bench-password")
        csv_path = Path(tmp) / "Connections.csv"
        generate(csv_path, args.rows)
        db = data_dir / "coffeechat.sqlite3"
        first = run_import(env, csv_path)
        after_first = counts(db)
        first["created"] = after_first["contacts"]
        first["rows_created"] = after_first
        again = run_import(env, csv_path)
        after_again = counts(db)
        again["rows_created"] = {k: after_again[k] - after_first[k] for k in after_again}
        again["created"] = again["rows_created"]["contacts"]
        hostile_path = Path(tmp) / "hostile.csv"
        generate_hostile(hostile_path)
        hostile = run_import(env, hostile_path, "--dry-run", must_succeed=False)
        hostile["file_mb"] = round(hostile_path.stat().st_size / 2**20, 1)
        stored_hostile = run_stored(env, hostile_path)
        max_path = Path(tmp) / "max-rows.csv"
        generate_max_rows(max_path)
        stored_max_rows = run_stored(env, max_path)
    result = {
        "rows": args.rows,
        "first": first,
        "again": again,
        "hostile": hostile,
        "stored_hostile": stored_hostile,
        "stored_max_rows": stored_max_rows,
    }
    if args.json:
        print(json.dumps(result))
        return
    for name in ("first", "again"):
        run = result[name]
        print(
            f"{name:6} {run['seconds']:6.2f} s  {run['peak_mb']:7.1f} MB  created {run['created']}"
        )
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
