"""Telling PostgreSQL's planner about many new rows at once, rather than when autovacuum gets
round to it (up to a minute, longer when busy; never when it is off).

Until then the planner works from the statistics of a table before the write: after 30,000
contacts went into an empty account it estimated 40 rows for the user and sorted all 30,000 to
show the first 50 (18.8 ms instead of 0.3 ms for reading the name index in order). A prepared
statement (coffeechat.env's settings) can keep a generic plan made from such statistics for as
long as its connection lives; ANALYZE makes every connection plan its statements again.

Writers of many rows call `analyze_after_commit`: imports and restores, and Today's stored steps
when a user's are first worked out in bulk.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

# Rows a bulk write must reach before the tables it wrote are analysed.
ANALYZE_AFTER_ROWS = 1_000


def analyze_after_commit(models: Iterable, rows: int) -> None:
    """Once the current transaction commits, ANALYZE the tables of `models` (PostgreSQL only)
    when `rows` rows were written, so the first pages after a bulk write are planned from
    statistics that include them.

    SQLite is left alone: it keeps no statistics unless ANALYZE makes some, and its plans are
    chosen (and pinned by contacts/tests/test_query_plans.py) without them; statistics made
    from one account's data would change every account's plans."""
    if connection.vendor != "postgresql" or rows < ANALYZE_AFTER_ROWS:
        return
    tables = sorted({model._meta.db_table for model in models})
    # After the commit: ANALYZE inside the transaction would hold it open longer, and the rows
    # are visible to everybody's plans only from then. `robust`: the data is saved whatever
    # happens here; autovacuum remains the fallback.
    transaction.on_commit(lambda: analyze_tables(tables), robust=True)


def analyze_tables(tables: list[str]) -> None:
    """ANALYZE each table (it reads a sample of at most 30,000 rows of each; the user has the
    result already, the task worker or the command waits)."""
    with connection.cursor() as cursor:
        for table in tables:  # one table per statement: a failure names its table
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
