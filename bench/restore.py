"""Benchmark restoring a JSON backup through the CLI: the preview alone, then the restore.

    .venv/bin/python bench/restore.py [--contacts 20000] [--json]

Builds a deterministic backup (organisations, contacts, one history entry each) from one real
exported account, in a fresh SQLite database in a temporary data folder. Then, in this process,
times the preview the web page shows (read, check and describe the whole file) and the restore
(`restore_atomically`) into an empty account: the preview's share of the restore is the figure
to compare between machines. Last, `coffeechat restore --dry-run` and `coffeechat restore` run
in child processes for their peak resident memory (ru_maxrss via os.wait4).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_backup(contacts: int) -> dict:
    """One exported account, its organisation, contact and history entry copied `contacts` times
    (an organisation for every ten contacts)."""
    from datetime import UTC, datetime

    from django.contrib.auth import get_user_model

    from coffeechat.contacts.models import Contact, Organisation, Touchpoint
    from coffeechat.transfer.services.backup import export_data

    user = get_user_model().objects.create_user("template", "template@example.org", "x")
    org = Organisation.objects.create(user=user, name="Org", industry="Research")
    contact = Contact.objects.create(
        user=user,
        given_name="Ana",
        family_name="Silva",
        organisation=org,
        emails=["ana@example.org"],
        role="UX Researcher",
        research_notes="Met at a meetup; works on accessibility research in public services.",
    )
    Touchpoint.objects.create(
        user=user,
        contact=contact,
        kind="note",
        happened_at=datetime(2025, 1, 1, tzinfo=UTC),
        text="Asked about her path into research.",
    )
    payload = export_data(user)
    models = payload["models"]
    org_row, contact_row = models["contacts.organisation"][0], models["contacts.contact"][0]
    touch_row = models["contacts.touchpoint"][0]
    models["contacts.organisation"], models["contacts.contact"] = [], []
    models["contacts.touchpoint"] = []
    for n in range(1, contacts + 1):
        if n % 10 == 1:
            org_id = (n - 1) // 10 + 1
            row = copy.deepcopy(org_row)
            row["id"], row["fields"]["name"] = org_id, f"Organisation {org_id}"
            row["fields"]["name_key"] = f"organisation {org_id}"
            models["contacts.organisation"].append(row)
        row = copy.deepcopy(contact_row)
        row["id"] = n
        row["fields"].update(
            given_name=f"Ana {n}",
            display_name=f"Ana {n} Silva",
            organisation=(n - 1) // 10 + 1,
            emails=[f"ana{n}@example.org"],
        )
        models["contacts.contact"].append(row)
        row = copy.deepcopy(touch_row)
        row["id"], row["fields"]["contact"] = n, n
        models["contacts.touchpoint"].append(row)
    return payload


def time_in_process(user, path: Path) -> tuple[float, float]:
    """Seconds for the web page's preview of the file, and for restoring it."""
    from coffeechat.transfer.services.backup import parse_backup, restore_atomically
    from coffeechat.transfer.services.restore_preview import inspect_backup, preview_restore

    started = time.perf_counter()
    payload = parse_backup(path.read_bytes())
    preview_restore(user, inspect_backup(payload))
    previewed = time.perf_counter()
    restore_atomically(user, payload)
    return round(previewed - started, 2), round(time.perf_counter() - previewed, 2)


def run_restore(env: dict, path: Path, user: str, *extra: str) -> dict:
    command = [sys.executable, "-m", "coffeechat", "restore", str(path), "--user", user, *extra]
    started = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    output = child.stdout.read().decode() if child.stdout else ""
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"restore failed:\n{output}\n{child.stderr.read().decode()[-2000:]}")
    return {"process_seconds": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coffeechat-bench-") as tmp:
        env = dict(os.environ)
        env.update(
            COFFEECHAT_DATA_DIR=str(Path(tmp) / "data"),
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
        backup = Path(tmp) / "backup.json"
        backup.write_text(json.dumps(build_backup(args.contacts), indent=1), encoding="utf-8")
        timed = get_user_model().objects.create_user("timed", "timed@example.org", "x")
        seconds = time_in_process(timed, backup)
        get_user_model().objects.create_user("bench", "bench@example.org", "bench-password")
        preview = run_restore(env, backup, "bench", "--dry-run") | {"seconds": seconds[0]}
        restore = run_restore(env, backup, "bench") | {"seconds": seconds[1]}
        size_mb = round(backup.stat().st_size / 2**20, 1)
    result = {
        "contacts": args.contacts,
        "file_mb": size_mb,
        "preview": preview,
        "restore": restore,
        "preview_share": round(preview["seconds"] / restore["seconds"], 2),
    }
    if args.json:
        print(json.dumps(result))
        return
    for name in ("preview", "restore"):
        run = result[name]
        print(f"{name:8} {run['seconds']:6.2f} s  {run['peak_mb']:7.1f} MB")
    print(f"{size_mb} MB backup; the preview takes {result['preview_share']:.0%} of the restore")


if __name__ == "__main__":
    main()
