"""Writing many rows fast: values converted before the transaction, then one statement per batch.

An import converts every row to database values first (JSON to text, datetimes to what the
driver takes, defaults for the columns it does not fill) and only then opens its transaction, so
the transaction lasts as long as the writing itself. That matters most on SQLite, where the
transaction holds the database's only write lock and every other user's save waits for it.

PostgreSQL gets the rows through COPY (one round trip per batch instead of one per row, about
four times faster than executemany); SQLite, in process, through executemany.

After a large write commits, PostgreSQL's planner is told about the new rows at once
(`analyze_after_commit`) instead of when autovacuum gets round to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

# Rows a bulk write must reach before the tables it wrote are analysed. PostgreSQL's autovacuum
# does it too, but only after its next round (up to a minute, longer when busy); until then the
# planner works from the statistics of the tables before the write. After 30,000 contacts went
# into an empty account it estimated 40 rows for the user and sorted all 30,000 to show the
# first 50 (18.8 ms instead of 0.3 ms for reading the name index in order).
ANALYZE_AFTER_ROWS = 1_000


def _converter(field):
    """How to turn a Python value into a database value (None: as it is, for plain text)."""
    kind = field.get_internal_type()
    if kind not in ("JSONField", "DateTimeField", "DateField", "UUIDField"):
        return None
    # The connection itself, not the thread-local proxy, which costs a lookup per value.
    database = connections[DEFAULT_DB_ALIAS]
    if kind != "JSONField":
        return lambda value: field.get_db_prep_save(value, database)
    empty: dict[type, object] = {}  # most imported contacts have no phones: convert [] once

    def convert(value):
        if value or not isinstance(value, list | dict):
            return field.get_db_prep_save(value, database)
        if type(value) not in empty:
            empty[type(value)] = field.get_db_prep_save(value, database)
        return empty[type(value)]

    return convert


class Columns:
    """Every column of a table but its primary key, in order; `row()` makes one row to insert.

    Columns a row does not give get the field's default, so fields added later keep working;
    timestamps (auto_now, auto_now_add) get `now`."""

    def __init__(self, model, now: datetime) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.names = [f.attname for f in self.fields]
        self.defaults = []
        for f in self.fields:
            stamp = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            value = now if stamp else f.get_default()
            self.defaults.append(f.get_db_prep_save(value, connections[DEFAULT_DB_ALIAS]))
        self.converters = [_converter(f) for f in self.fields]

    def position(self, attname: str) -> int:
        """Where a column sits in a row, for values known only once the transaction runs."""
        return self.names.index(attname)

    def row(self, values: dict) -> list:
        out = self.defaults.copy()
        for i, name in enumerate(self.names):
            if name in values:
                convert = self.converters[i]
                out[i] = convert(values[name]) if convert else values[name]
        return out


def raw_insert(table: Columns, rows: list[list]) -> None:
    """INSERT rows made by `table.row()`: COPY on PostgreSQL, one executemany elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in table.fields)
    name = quote(table.model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(table.fields))
        cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)


class Updates:
    """Rows of a table whose same few columns change; `values()` makes one row's new values."""

    def __init__(self, model, columns: list[str]) -> None:
        self.model = model
        self.columns = columns
        self.fields = [model._meta.get_field(c.removesuffix("_id")) for c in columns]
        self.converters = [_converter(f) for f in self.fields]

    def position(self, column: str) -> int:
        return self.columns.index(column)

    def values(self, values: dict) -> list:
        out = []
        for column, convert in zip(self.columns, self.converters, strict=True):
            out.append(convert(values[column]) if convert else values[column])
        return out


def raw_update(updates: Updates, rows: list[tuple[int, list]]) -> None:
    """UPDATE the same columns of many rows by primary key, one executemany; each row is
    (primary key, values made by `updates.values()`)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in updates.fields)
    sql = f"UPDATE {quote(updates.model._meta.db_table)} SET {sets} WHERE {quote('id')} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*values, pk] for pk, values in rows])


def analyze_after_commit(models: Iterable, rows: int) -> None:
    """Once the current transaction commits, ANALYZE the tables of `models` (PostgreSQL only)
    when `rows` rows were written, so the first pages after an import or a restore are planned
    from statistics that include them.

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
