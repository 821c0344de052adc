"""Throw-away databases for the benches, so a run never writes into anyone's data.

SQLite: a temporary data folder. PostgreSQL: a new database created next to the one a URL
names (same server, same credentials) and dropped when the run ends.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit


def postgres_reachable(url: str) -> str:
    """ "" when the server at `url` answers, else why not (one line)."""
    import psycopg

    try:
        with psycopg.connect(_admin_url(url), connect_timeout=5):
            return ""
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


@contextlib.contextmanager
def throwaway(database: str, postgres_url: str = "") -> Iterator[dict[str, str]]:
    """Environment variables for a child process that should use a new, empty database:
    COFFEECHAT_DATA_DIR always (a temporary folder), DATABASE_URL for PostgreSQL."""
    import psycopg

    with tempfile.TemporaryDirectory(prefix="coffeechat-bench-") as data_dir:
        env = {"COFFEECHAT_DATA_DIR": data_dir}
        if database == "sqlite":
            yield env
            return
        parts = urlsplit(postgres_url)
        name = f"{parts.path.lstrip('/') or 'coffeechat'}_bench_{os.getpid()}"
        with psycopg.connect(_admin_url(postgres_url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
            yield env
        finally:
            with psycopg.connect(_admin_url(postgres_url), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def analyze() -> None:
    """Put the database in the state a served one is in once its data has settled: statistics
    for the planner and the tables vacuumed (PostgreSQL; SQLite plans without statistics, see
    contacts/tests/test_query_plans.py).

    PostgreSQL's autovacuum does both within a minute of a bulk load (perhaps in the middle of a
    measurement): until then it plans 30,000 contacts as if the tables were empty (the floor
    took 23.7 ms instead of ~4), and until the vacuum every read of a freshly loaded row checks
    whether the transaction that wrote it committed (no hint bits, no visibility map). The
    server on the machine the benches were written on runs with autovacuum off, so the bench
    vacuums itself: the contacts search went from 3.2-3.3 to 2.6-2.9 times the floor; the
    served mix (bench/serve.py) stayed at 0.40-0.46 of its floor either way (runs
    interleaved)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _admin_url(url: str) -> str:
    """The same server's maintenance database, to create and drop ours from."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))
