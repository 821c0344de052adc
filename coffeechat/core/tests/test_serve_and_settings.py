import os
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coffeechat.core.smtp_testing import free_port
from coffeechat.env import SettingError, env_bool, env_int, parse_email_url


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
        for _ in range(100):
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
