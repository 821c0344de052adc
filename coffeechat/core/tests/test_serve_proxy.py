"""`coffeechat serve` behind a trusted proxy: the scheme, host and client address it names."""

import http.client
import os
import re
import sqlite3
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management.base import CommandError

from coffeechat.core.management.commands.serve import PROXY_HEADERS, proxy_options
from coffeechat.core.smtp_testing import free_port

HOST = "coffee.example"


def test_it_tells_waitress_which_proxies_to_trust():
    assert proxy_options(0) == {}
    assert proxy_options(2) == {
        "trusted_proxy": "*",
        "trusted_proxy_count": 2,
        "trusted_proxy_headers": set(PROXY_HEADERS),
    }
    assert proxy_options(("10.0.0.5",))["trusted_proxy"] == "10.0.0.5"
    with pytest.raises(CommandError, match="only one proxy address"):
        proxy_options(("10.0.0.5", "10.0.0.6"))


class Browser:
    """Raw HTTP to the server as a proxy would send it: forwarded headers, kept cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str = "", client: str = "203.0.113.7"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": HOST,
            "X-Forwarded-For": f"198.51.100.99, {client}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if method == "POST":
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body.encode(), headers=headers)
        reply = connection.getresponse()
        text = reply.read().decode()
        for value in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        connection.close()
        return reply, text

    def post(self, path: str, fields: dict[str, str], client: str = "203.0.113.7", form=None):
        shown, page = self.request("GET", form or path, client=client)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, (form or path, shown.status, shown.headers.get("Location"))
        token = found.group(1)
        return self.request(
            "POST", path, urlencode({"csrfmiddlewaretoken": token, **fields}), client=client
        )


def test_it_serves_behind_a_trusted_proxy_with_its_scheme_host_and_client(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(
        COFFEECHAT_DATA_DIR=str(tmp_path),
        COFFEECHAT_TRUSTED_PROXIES="1",
        COFFEECHAT_ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        DJANGO_SETTINGS_MODULE="coffeechat.settings",
    )
    env.pop("COFFEECHAT_CSRF_TRUSTED_ORIGINS", None)
    subprocess.run(
        [sys.executable, "-m", "coffeechat", "createuser", "ada", "--password-stdin"],
        input="a long enough passphrase\n",
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    onboarded = (
        "from django.contrib.auth.models import User; from coffeechat.accounts.models import "
        "Profile; Profile.objects.update_or_create(user=User.objects.get(username='ada'), "
        "defaults={'onboarded': True})"
    )
    subprocess.run(
        [sys.executable, "-m", "coffeechat", "shell", "-c", onboarded],
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        browser = Browser(port)
        for _ in range(100):
            try:
                browser.request("GET", "/accounts/login/")
                break
            except OSError:
                time.sleep(0.1)
        # A wrong password: counted against the client the proxy names, not the proxy.
        reply, _ = browser.post(
            "/accounts/login/", {"username": "ada", "password": "wrong"}, client="203.0.113.8"
        )
        assert reply.status == 200
        # The POST passes CSRF as https://coffee.example with no trusted-origins setting.
        reply, _ = browser.post(
            "/accounts/login/", {"username": "ada", "password": "a long enough passphrase"}
        )
        assert reply.status == 302, reply.status
        reply, _ = browser.post("/meetings/calendar/new/", {}, form="/meetings/calendar/")
        assert reply.status == 302
        reply, page = browser.request("GET", "/meetings/calendar/")
        assert reply.status == 200
        assert re.search(rf"https://{re.escape(HOST)}/meetings/feed/[^\"<\s]+\.ics", page), page
        assert "http://" + HOST not in page
    finally:
        server.terminate()
        server.wait(timeout=10)
    with sqlite3.connect(tmp_path / "coffeechat.sqlite3") as database:
        rows = database.execute("SELECT ip_address FROM accounts_loginfailure").fetchall()
    assert [address for (address,) in rows] == ["203.0.113.8"]
