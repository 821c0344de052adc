"""A real Radicale server (from PyPI) on loopback for the sync tests: a free port, its storage
in a temporary folder, one user with a plain-text password. Under CI=true a server that does
not start fails the tests; it never skips them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import caldav
import pytest

USER, PASSWORD = "alice", "app-password-1"
START_SECONDS = 20

MKCOL_ADDRESSBOOK = """<?xml version="1.0" encoding="utf-8"?>
<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>
<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>
<D:displayname>Contacts</D:displayname></D:prop></D:set></D:mkcol>"""


@dataclass
class Radicale:
    url: str
    folder: Path

    def client(self, password: str = PASSWORD) -> caldav.DAVClient:
        return caldav.DAVClient(url=self.url, username=USER, password=password, require_tls=False)

    def make_addressbook(self, name: str = "contacts") -> str:
        with self.client() as client:
            client.principal()  # Radicale creates the user's home on first use
            url = f"{self.url}{USER}/{name}/"
            client.mkcol(url, MKCOL_ADDRESSBOOK)
        return url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _give_up(message: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def start(folder: Path):
    """Start Radicale in `folder`; yields the running server and stops it afterwards."""
    port = _free_port()
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
    config = folder / "config"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\n"
        "type = htpasswd\n"
        f"htpasswd_filename = {folder / 'users'}\n"
        "htpasswd_encryption = plain\n"
        "delay = 0\n"
        "[rights]\n"
        "type = owner_only\n"
        "[storage]\n"
        f"filesystem_folder = {folder / 'collections'}\n"
        "[logging]\n"
        "level = warning\n"
    )
    log = (folder / "radicale.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                _give_up(
                    "Radicale did not start: "
                    + (folder / "radicale.log").read_text(errors="replace")[-2000:]
                )
            time.sleep(0.05)
        yield Radicale(url=f"http://127.0.0.1:{port}/", folder=folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
