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
    """Statistics for the planner after a bench has loaded its data (PostgreSQL; SQLite plans
    without statistics, see contacts/tests/test_query_plans.py). Autovacuum would make them
    within a minute or so, perhaps in the middle of a measurement; until then PostgreSQL plans
    30,000 contacts as if the tables were empty (the floor took 23.7 ms instead of ~4).

    Not VACUUM ANALYZE, though autovacuum would vacuum the loaded tables too (the server here
    runs with it off): tried, it took the contacts search from 19.1 to 14.0 ms, but the served
    mix (bench/serve.py, PostgreSQL, one process) from 80–85 to 58–62 requests a second, the
    same with the code before and after issue 20's latest changes, for a reason not yet found
    (the pages' own times in one process did not change). Until it is understood, the benches
    keep measuring the state right after a load, as before."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _admin_url(url: str) -> str:
    """The same server's maintenance database, to create and drop ours from."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))
