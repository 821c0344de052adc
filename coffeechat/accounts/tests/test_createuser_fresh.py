"""`coffeechat createuser` as the very first command on a new machine."""

import os
import subprocess
import sys

GOOD_PASSWORD = "coffee-Beans-2026"


def test_createuser_sets_up_a_fresh_data_directory(tmp_path):
    """On an empty data directory (SQLite) it migrates first instead of failing."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["COFFEECHAT_DATA_DIR"] = str(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "coffeechat.settings"
    done = subprocess.run(
        [sys.executable, "-m", "coffeechat", "createuser", "erin", "--password-stdin"],
        input=GOOD_PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Created account erin" in done.stdout
    assert (tmp_path / "coffeechat.sqlite3").is_file()


def test_other_commands_on_a_fresh_data_directory_say_what_to_run(tmp_path):
    """import, export, restore, today…: a clear next step, not a 'no such table' traceback."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["COFFEECHAT_DATA_DIR"] = str(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "coffeechat.settings"
    cards = tmp_path / "cards.vcf"
    cards.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n")
    for args in (
        ["import", str(cards), "--user", "erin"],
        ["export", str(tmp_path / "out.csv"), "--user", "erin", "--format", "csv"],
        ["today", "--user", "erin"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "coffeechat", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 1, args
        assert "Traceback" not in done.stderr, done.stderr
        assert "The database is not set up yet" in done.stderr
        assert "coffeechat createuser NAME" in done.stderr
