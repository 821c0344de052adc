"""Writing many rows fast: values converted before the transaction, then one statement per batch.

An import converts every row to database values first (JSON to text, datetimes to what the
driver takes, defaults for the columns it does not fill) and only then opens its transaction, so
the transaction lasts as long as the writing itself. That matters most on SQLite, where the
transaction holds the database's only write lock and every other user's save waits for it.

PostgreSQL gets the rows through COPY (one round trip per batch instead of one per row, about
four times faster than executemany), new rows into their table and changed ones into a
temporary table that one UPDATE … FROM reads; SQLite, in process, through executemany, or for
the largest tables through a temporary table filled before the transaction (`staged`).

After a large write commits, PostgreSQL's planner is told about the new rows at once
(core.planner) instead of when autovacuum gets round to it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction


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


class Staged:
    """Rows of a table bound into a temporary table of this connection before the transaction
    opens, and copied into their table inside it by one INSERT … SELECT (`insert`), or written
    over the rows they change by one UPDATE … FROM (`update`). SQLite only.

    On SQLite an import's transaction holds the database's only write lock: every other save
    waits for it, and once as many saves wait as the server has threads, nobody's page is
    served until it ends. Handing SQLite the values of 30,000 contacts (executemany) costs
    about as much as inserting them into the table and its indexes (0.25 of 0.5 s). Into a
    temporary table the cost is the same but locks nothing that others use: SQLite locks the
    connection's temporary database apart from the main one. What is left inside the
    transaction is SQLite copying rows, in C.

    For changed rows it matters more: an `executemany` of UPDATEs of an indexed column ran the
    contacts' full-text trigger once per statement, 30,000 times (1.24 s of lock); one UPDATE
    … FROM the staged rows runs it for the same rows in 0.32 s, binding included.

    `keys` are extra columns carried beside each row, for values that exist only once the
    transaction runs (the id of an organisation it creates), or that say which row to change:
    `insert` and `update` compute columns from them with SQL."""

    _names = itertools.count()

    def __init__(self, table: Columns | Updates, rows: list[list], keys: dict[str, list]) -> None:
        self.table = table
        self.name = f"staged_{table.model._meta.db_table}_{next(self._names)}"
        self.columns = [f.column for f in table.fields]
        quote = connection.ops.quote_name
        keys_sql = [quote(key) for key in keys]
        with connection.cursor() as cursor:
            # Untyped columns keep each value as it was bound; the table's own column types
            # apply when the rows are copied into it, as they would to a direct INSERT.
            names = ", ".join([*(quote(c) for c in self.columns), *keys_sql])
            cursor.execute(f"CREATE TEMP TABLE {quote(self.name)} ({names})")
            marks = ", ".join(["%s"] * (len(self.columns) + len(keys)))
            cursor.executemany(
                f"INSERT INTO temp.{quote(self.name)} ({names}) VALUES ({marks})",
                [[*row, *extra] for row, *extra in zip(rows, *keys.values(), strict=True)],
            )

    def set(self, column: str, values: list[tuple[int, object]]) -> None:
        """Give the rows at these positions (counted from 0, in the order they were staged) a
        value of `column` known only once the transaction runs."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            # A new table's rows are numbered from 1 in the order they were inserted.
            cursor.executemany(
                f"UPDATE temp.{quote(self.name)} SET {quote(column)} = %s WHERE rowid = %s",
                [(value, at + 1) for at, value in values],
            )

    def discard(self, positions: list[int]) -> None:
        """Leave out the rows at these positions (counted as for `set`)."""
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM temp.{connection.ops.quote_name(self.name)} WHERE rowid = %s",
                [(at + 1,) for at in positions],
            )

    def insert(self, computed: dict[str, tuple[str, list]] | None = None) -> None:
        """Copy the rows into the table, in the order they were given; `computed` maps a
        column to the SQL expression (over the staged row's columns and keys) and parameters
        that give its value instead of the staged one."""
        quote = connection.ops.quote_name
        values, params = [], []
        for column in self.columns:
            expression, its_params = (computed or {}).get(column, (f"staged.{quote(column)}", []))
            values.append(expression)
            params += its_params
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(self.table.model._meta.db_table)} "
                f"({', '.join(quote(c) for c in self.columns)}) "
                f"SELECT {', '.join(values)} FROM temp.{quote(self.name)} AS staged "
                "ORDER BY staged.rowid",
                params,
            )

    def update(self, key: str, computed: dict[str, tuple[str, list]] | None = None) -> None:
        """Write the staged columns over the table's rows whose primary key is in the staged
        column `key` (one staged row per table row); `computed` as for `insert`."""
        quote = connection.ops.quote_name
        table = quote(self.table.model._meta.db_table)
        sets, params = [], []
        for column in self.columns:
            expression, its_params = (computed or {}).get(column, (f"staged.{quote(column)}", []))
            sets.append(f"{quote(column)} = {expression}")
            params += its_params
        primary_key = quote(self.table.model._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {', '.join(sets)} FROM temp.{quote(self.name)} AS staged "
                f"WHERE {table}.{primary_key} = staged.{quote(key)}",
                params,
            )

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{connection.ops.quote_name(self.name)}")


@contextmanager
def staged(
    table: Columns | Updates, rows: list[list], keys: dict[str, list]
) -> Iterator[Staged | None]:
    """The rows staged for the transaction to come (see Staged), dropped after it; None on
    PostgreSQL, which locks rows rather than the database, and gets its rows through COPY."""
    if connection.vendor != "sqlite" or not rows:
        yield None
        return
    staging = Staged(table, rows, keys)
    try:
        yield staging
    finally:
        staging.drop()


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
    """UPDATE the same columns of many rows by primary key; each row is (primary key, values
    made by `updates.values()`). On PostgreSQL the rows go through COPY into a temporary table
    and one UPDATE … FROM it: an `executemany` of 30,000 UPDATEs of contacts took 6 s; one
    executemany elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(updates.model._meta.db_table)
    columns = [quote(f.column) for f in updates.fields]
    primary_key = quote(updates.model._meta.pk.column)
    if connection.vendor == "postgresql":
        _copied_update(table, primary_key, columns, rows)
        return
    sets = ", ".join(f"{column} = %s" for column in columns)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {sets} WHERE {primary_key} = %s",
            [[*values, pk] for pk, values in rows],
        )


_copies = itertools.count()


def _copied_update(table: str, primary_key: str, columns: list[str], rows: list) -> None:
    # The temporary table has the columns' own types (made from the table, empty), so COPY
    # parses each value as a direct UPDATE would. Within a savepoint: if anything fails the
    # table goes with its rollback; otherwise it is dropped at once (and at the latest when
    # the transaction commits).
    name = connection.ops.quote_name(f"changed_{next(_copies)}")
    listed = ", ".join([primary_key, *columns])
    sets = ", ".join(f"{column} = changed.{column}" for column in columns)
    # (COPY goes to psycopg's own cursor: its errors are wrapped as Django's, like the rest.)
    with transaction.atomic(), connection.wrap_database_errors, connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {name} ON COMMIT DROP AS SELECT {listed} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {name} ({listed}) FROM STDIN") as copy:
            for pk, values in rows:
                copy.write_row([pk, *values])
        cursor.execute(
            f"UPDATE {table} SET {sets} FROM {name} AS changed "
            f"WHERE {table}.{primary_key} = changed.{primary_key}"
        )
        cursor.execute(f"DROP TABLE {name}")
