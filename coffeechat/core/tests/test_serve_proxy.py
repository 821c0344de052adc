"""`coffeechat serve` behind a trusted proxy: the scheme, host and client address it names.

Once with the forwarded headers sent by hand, once behind a real nginx on loopback that
terminates TLS with a throwaway certificate (skipped without nginx, failed under CI=true)."""

import http.client
import os
import re
import shutil
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management.base import CommandError

from coffeechat.core.management.commands.serve import PROXY_HEADERS, proxy_options
from coffeechat.core.smtp_testing import free_port

HOST = "coffee.example"
PASSWORD = "a long enough passphrase"


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
    """Raw HTTP with kept cookies; `headers` go with every request (a proxy's, by hand)."""

    def __init__(self, connect: Callable[[], http.client.HTTPConnection], origin: str) -> None:
        self.connect = connect
        self.origin = origin
        self.cookies: dict[str, str] = {}
        self.set_cookies: list[str] = []

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        connection = self.connect()
        sent = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        if method == "POST":
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + path
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body.encode(), headers=sent)
        reply = connection.getresponse()
        text = reply.read().decode()
        for value in reply.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(value)
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        connection.close()
        return reply, text

    def post(self, path: str, fields: dict, form: str = "", headers: dict | None = None):
        shown, page = self.request("GET", form or path, headers=headers)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, (form or path, shown.status, shown.headers.get("Location"))
        body = urlencode({"csrfmiddlewaretoken": found.group(1), **fields})
        return self.request("POST", path, body, headers=headers)

    def sign_in_and_make_a_feed(self, headers: dict | None = None) -> str:
        """Sign in as ada (POSTs that pass CSRF only if the app sees the proxy's origin), make a
        calendar feed, and give the page that shows its link."""
        reply, _ = self.post(
            "/accounts/login/", {"username": "ada", "password": PASSWORD}, "", headers
        )
        assert reply.status == 302, reply.status
        # The new link is shown on the answer to the POST itself (only its digest is kept).
        reply, page = self.post("/meetings/calendar/new/", {}, "/meetings/calendar/", headers)
        assert reply.status == 200, reply.status
        return page


@contextmanager
def serving(data_dir: Path, **settings: str) -> Iterator[int]:
    """`coffeechat serve` on a free loopback port, with ada's account (onboarded) ready."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.pop("COFFEECHAT_CSRF_TRUSTED_ORIGINS", None)
    env.update(
        COFFEECHAT_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="coffeechat.settings",
        **settings,
    )
    coffeechat = [sys.executable, "-m", "coffeechat"]
    subprocess.run(
        [*coffeechat, "createuser", "ada", "--password-stdin"],
        input=PASSWORD + "\n",
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
        [*coffeechat, "shell", "-c", onboarded], env=env, check=True, capture_output=True
    )
    port = free_port()
    server = subprocess.Popen(
        [*coffeechat, "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def failed_sign_in_addresses(data_dir: Path) -> list[str]:
    with sqlite3.connect(data_dir / "coffeechat.sqlite3") as database:
        rows = database.execute("SELECT ip_address FROM accounts_loginfailure").fetchall()
    return [address for (address,) in rows]


def test_it_serves_behind_a_trusted_proxy_with_its_scheme_host_and_client(tmp_path: Path):
    settings = {"COFFEECHAT_TRUSTED_PROXIES": "1", "COFFEECHAT_ALLOWED_HOSTS": HOST}
    with serving(tmp_path, **settings) as port:
        browser = Browser(
            lambda: http.client.HTTPConnection("127.0.0.1", port, timeout=10), f"https://{HOST}"
        )

        def proxied(client: str) -> dict:
            return {
                "Host": "127.0.0.1",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-Host": HOST,
                "X-Forwarded-For": f"198.51.100.99, {client}",
            }

        # A wrong password: counted against the client the proxy names, not the proxy.
        wrong = {"username": "ada", "password": "wrong"}
        reply, _ = browser.post("/accounts/login/", wrong, headers=proxied("203.0.113.8"))
        assert reply.status == 200
        # The POSTs pass CSRF as https://coffee.example with no trusted-origins setting.
        page = browser.sign_in_and_make_a_feed(proxied("203.0.113.7"))
        assert re.search(rf"https://{re.escape(HOST)}/meetings/feed/[^\"<\s]+\.ics", page), page
        assert "http://" + HOST not in page
    assert failed_sign_in_addresses(tmp_path) == ["203.0.113.8"]


NGINX_CONF = """
worker_processes 1;
error_log {dir}/error.log;
pid {dir}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{https_port} ssl;
        server_name {host};
        ssl_certificate {dir}/cert.pem;
        ssl_certificate_key {dir}/key.pem;
        client_max_body_size 25m;
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            # The README's lines, with $http_host for $host: this test's port is not 443.
            proxy_set_header Host              $http_host;
            proxy_set_header X-Forwarded-For   $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host  $http_host;
        }}
    }}
}}
"""


def _nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found:
        return found
    reason = "nginx is missing: apt-get install nginx"
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def test_it_serves_behind_nginx_terminating_tls(tmp_path: Path):
    nginx = _nginx()
    data_dir, proxy_dir = tmp_path / "data", tmp_path / "nginx"
    proxy_dir.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + [
            "-subj",
            f"/CN={HOST}",
            "-keyout",
            proxy_dir / "key.pem",
            "-out",
            proxy_dir / "cert.pem",
        ],
        check=True,
        capture_output=True,
    )
    settings = {
        "COFFEECHAT_BEHIND_PROXY": "true",
        "COFFEECHAT_SECURE_COOKIES": "true",
        "COFFEECHAT_ALLOWED_HOSTS": HOST,
    }
    with serving(data_dir, **settings) as app_port:
        https_port = free_port()
        conf = proxy_dir / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(dir=proxy_dir, host=HOST, https_port=https_port, app_port=app_port)
        )
        proxy = subprocess.Popen(
            [nginx, "-p", str(proxy_dir), "-c", str(conf), "-g", "daemon off; master_process off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            origin = f"https://{HOST}:{https_port}"
            browser = Browser(
                lambda: http.client.HTTPSConnection(
                    "127.0.0.1", https_port, timeout=10, context=context
                ),
                origin,
            )
            host = {"Host": f"{HOST}:{https_port}"}
            for _ in range(100):  # nginx listening
                try:
                    socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            # A client claiming another address: nginx appends the one it saw, which counts.
            # (Another name: ada's own success below clears her failures from that address.)
            claim = {**host, "X-Forwarded-For": "198.51.100.66"}
            wrong = {"username": "bea", "password": "wrong"}
            reply, _ = browser.post("/accounts/login/", wrong, headers=claim)
            assert reply.status == 200
            page = browser.sign_in_and_make_a_feed(host)
            assert re.search(rf"{re.escape(origin)}/meetings/feed/[^\"<\s]+\.ics", page), page
            reply, _ = browser.request("GET", "/meetings/calendar/", headers=host)
            assert reply.headers["Strict-Transport-Security"].startswith("max-age=")
            session = [c for c in browser.set_cookies if c.startswith("sessionid=")]
            assert session and all("Secure" in c for c in session), browser.set_cookies
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)
    assert failed_sign_in_addresses(data_dir) == ["127.0.0.1"]
