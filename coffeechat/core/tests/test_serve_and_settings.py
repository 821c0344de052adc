import os
import stat
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from coffeechat.core.smtp_testing import free_port
from coffeechat.env import (
    SettingError,
    env_base_url,
    env_bool,
    env_dates,
    env_int,
    env_log_level,
    env_origins,
    env_time_zone,
    env_trusted_proxies,
    parse_database_url,
    parse_email_url,
)


def test_it_serves_with_migrations_and_a_generated_key_in_one_data_dir(tmp_path: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(
        COFFEECHAT_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="coffeechat.settings",
    )
    env.pop("COFFEECHAT_SECRET_KEY", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = ""
        # Up to a minute: a fresh migrate on a busy machine (CI, parallel suites) can take 10 s.
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/setup/") as reply:
                    body = reply.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "Create your account" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/coffeechat/site.css") as css:
            assert b"--accent" in css.read()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert (tmp_path / "coffeechat.sqlite3").exists()
    key_file = tmp_path / "secret_key"
    assert len(key_file.read_text()) > 40
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_it_reads_booleans_and_numbers_strictly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(SettingError, match="X_FLAG must be true or false"):
        env_bool("X_FLAG", False)
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(SettingError, match="X_NUM must be a whole number"):
        env_int("X_NUM", 5)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(SettingError, match="at least 1"):
        env_int("X_NUM", 5, minimum=1)


def test_it_reads_trusted_proxies_as_a_count_or_addresses(monkeypatch):
    assert env_trusted_proxies("X_PROXIES", 0) == 0
    monkeypatch.setenv("X_PROXIES", "2")
    assert env_trusted_proxies("X_PROXIES", 0) == 2
    monkeypatch.setenv("X_PROXIES", "127.0.0.1, ::1")
    assert env_trusted_proxies("X_PROXIES", 0) == ("127.0.0.1", "::1")
    monkeypatch.setenv("X_PROXIES", "127.0.0.1,-1")
    with pytest.raises(SettingError, match="X_PROXIES must be a number of proxies"):
        env_trusted_proxies("X_PROXIES", 0)


def test_it_reads_the_mail_url():
    settings = parse_email_url("smtps://me%40uni.edu:p%2Fss@mail.uni.edu?from=me@uni.edu")
    assert settings["EMAIL_HOST"] == "mail.uni.edu"
    assert settings["EMAIL_PORT"] == 465
    assert settings["EMAIL_USE_SSL"] is True
    assert (settings["EMAIL_HOST_USER"], settings["EMAIL_HOST_PASSWORD"]) == ("me@uni.edu", "p/ss")
    assert settings["DEFAULT_FROM_EMAIL"] == "me@uni.edu"
    assert parse_email_url("smtp://relay?tls=1")["EMAIL_PORT"] == 587
    with pytest.raises(SettingError, match="EMAIL_URL must start with"):
        parse_email_url("http://example.org")


def test_it_reads_holidays_as_dates_and_names_a_bad_one(monkeypatch) -> None:
    monkeypatch.setenv("X_DAYS", "2026-12-25, 2026-12-26,")
    assert env_dates("X_DAYS") == {date(2026, 12, 25), date(2026, 12, 26)}
    monkeypatch.setenv("X_DAYS", "2026-12-25,25/12/2026")
    with pytest.raises(ImproperlyConfigured, match=r"X_DAYS must be dates .*'25/12/2026'"):
        env_dates("X_DAYS")


def test_it_checks_time_zones_log_levels_and_addresses(monkeypatch) -> None:
    monkeypatch.setenv("X_ZONE", "Mars/Olympus")
    with pytest.raises(SettingError, match=r"X_ZONE must be a time zone name .*'Mars/Olympus'"):
        env_time_zone("X_ZONE", "UTC")
    monkeypatch.setenv("X_LEVEL", "loud")
    with pytest.raises(SettingError, match=r"X_LEVEL must be one of DEBUG, .*'LOUD'"):
        env_log_level("X_LEVEL", "WARNING")
    monkeypatch.setenv("X_LEVEL", "info")
    assert env_log_level("X_LEVEL", "WARNING") == "INFO"
    monkeypatch.setenv("X_URL", "coffeechat.example.edu")
    with pytest.raises(SettingError, match=r"X_URL must start with https://"):
        env_base_url("X_URL")
    monkeypatch.setenv("X_URL", "https://coffeechat.example.edu/")
    assert env_base_url("X_URL") == "https://coffeechat.example.edu"
    monkeypatch.setenv("X_ORIGINS", "https://a.example.edu, https://b.example.edu/path")
    with pytest.raises(SettingError, match=r"X_ORIGINS takes origins without a path"):
        env_origins("X_ORIGINS")


def test_postgresql_connections_are_kept_and_checked_before_reuse() -> None:
    config = parse_database_url("postgres://coffeechat@db.example.edu/coffeechat")
    assert config["CONN_MAX_AGE"] > 0  # not a new connection per request
    assert config["CONN_HEALTH_CHECKS"] is True  # a restarted database costs no 500


def test_postgresql_prepares_the_statements_a_kept_connection_repeats() -> None:
    options = parse_database_url("postgres://coffeechat@db.example.edu/coffeechat")["OPTIONS"]
    assert options["server_side_binding"] is True  # psycopg prepares only what the server binds
    assert options["prepare_threshold"] == 5
    # Off for a connection pooler that cannot keep prepared statements, from the URL alone.
    url = "postgres://coffeechat@db.example.edu/coffeechat?server_side_binding=false"
    assert parse_database_url(url)["OPTIONS"]["server_side_binding"] is False


@pytest.mark.django_db
def test_postgresql_runs_a_repeated_query_as_a_prepared_statement() -> None:
    from django.contrib.auth.models import User
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's settings")
    for _ in range(6):  # one more than the threshold
        list(User.objects.filter(username="prepared-statement-probe").values_list("pk"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%prepared-statement-probe%"],
        )
        # The parameter is bound by the server, so the statement holds a placeholder instead.
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s "
            "AND statement LIKE %s",
            ['%FROM "auth_user"%', '%"auth_user"."username" = $1%'],
        )
        assert cursor.fetchone()[0] == 1


def test_sqlite_connections_are_kept_between_requests(settings) -> None:
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        pytest.skip("SQLite's settings")
    assert database["CONN_MAX_AGE"] > 0  # not opened, with its PRAGMAs, per request


@pytest.mark.django_db
def test_sqlite_connections_read_and_wait_as_the_server_needs(settings) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's settings")
    with connection.cursor() as cursor:
        pragmas = {}
        for name in ("journal_mode", "busy_timeout", "foreign_keys", "cache_size"):
            cursor.execute(f"PRAGMA {name}")
            pragmas[name] = cursor.fetchone()[0]
    # WAL: readers go on while an import writes; a 16 MiB page cache: the import's index pages
    # stay in memory while it holds the write lock (settings.py).
    assert pragmas == {
        "journal_mode": "wal",
        "busy_timeout": 20000,
        "foreign_keys": 1,
        "cache_size": -16384,
    }


def test_it_names_a_bad_database_or_mail_url() -> None:
    with pytest.raises(SettingError, match=r"DATABASE_URL .*'mongo://x/db'"):
        parse_database_url("mongo://x/db")
    with pytest.raises(SettingError, match=r"EMAIL_URL has a port"):
        parse_email_url("smtp://relay:99999")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("COFFEECHAT_HOLIDAYS", "2026-13-01"),
        ("COFFEECHAT_TIME_ZONE", "Europe/Londres"),
        ("COFFEECHAT_BASE_URL", "coffee.example.org"),
        ("COFFEECHAT_TRUSTED_PROXIES", "nginx.internal"),
    ],
)
def test_it_stops_start_up_naming_a_bad_setting(tmp_path: Path, name: str, value: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {name: value, "COFFEECHAT_DATA_DIR": str(tmp_path), "COFFEECHAT_SECRET_KEY": "x" * 50}
    )
    env["DJANGO_SETTINGS_MODULE"] = "coffeechat.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("coffeechat.env.SettingError: " + name)
    assert repr(value) in last_line
