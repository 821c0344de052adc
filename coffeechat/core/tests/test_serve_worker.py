"""`coffeechat serve` runs a task worker as a child process and stops it with the server."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from coffeechat.core.smtp_testing import free_port


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def serve(tmp_path: Path, *flags: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(COFFEECHAT_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="coffeechat.settings")
    server = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", "serve", "--port", str(port), *flags],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/"):
                break
        except OSError:
            time.sleep(0.1)  # waiting for the server to listen, not for a result
    return server, port


def test_it_starts_a_worker_process_and_stops_it_with_the_server(tmp_path: Path):
    server, _port = serve(tmp_path)
    try:
        workers = children(server.pid)
        assert len(workers) == 1
        command = Path(f"/proc/{workers[0]}/cmdline").read_bytes().split(b"\0")
        assert b"worker" in command
    finally:
        server.terminate()
        server.wait(timeout=40)
    assert not Path(f"/proc/{workers[0]}").exists()


def test_it_serves_without_a_worker_when_asked(tmp_path: Path):
    server, _port = serve(tmp_path, "--no-worker")
    try:
        assert children(server.pid) == []
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_it_forks_server_processes_that_share_the_port_and_stop_with_it(tmp_path: Path):
    server, port = serve(tmp_path, "--no-worker", "--workers", "2")
    try:
        servers = children(server.pid)
        assert len(servers) == 2
        for _ in range(20):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as reply:
                assert reply.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert not any(Path(f"/proc/{pid}").exists() for pid in servers)


def test_a_server_process_that_dies_is_replaced(tmp_path: Path):
    server, port = serve(tmp_path, "--no-worker", "--workers", "2")
    try:
        first = children(server.pid)
        os.kill(first[0], 9)
        for _ in range(100):
            now = children(server.pid)
            if len(now) == 2 and first[0] not in now:
                break
            time.sleep(0.1)  # waiting for the parent to notice, not for a result
        assert len(now) == 2 and first[0] not in now
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as reply:
            assert reply.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
