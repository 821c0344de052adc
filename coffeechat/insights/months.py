"""The month of stored times in the user's time zone, grouped by the database.

The funnel counts thousands of dated rows by month. Read one by one, each stored time costs a
conversion to a Python datetime and then to the user's zone; on SQLite, Django's date functions
with a time zone (`TruncMonth(..., tzinfo=...)`) call Python once per row. Here the database
groups rows by a *month key* and Python decodes each key once:

- PostgreSQL converts to the zone itself: the key is the local month, `2026-06`.
- SQLite stores times as UTC text, `2026-06-10 09:00:30[.ffffff]`, and has no time zones. A
  time whose UTC day is between the 2nd and the 27th of a month lies in the same month in every
  zone (offsets run from -12 to +14 hours, and every month has at least 28 days), so its key is
  that month, `2026-06`; any other time is keyed by itself and converted in Python.

A date (no time, no zone) is keyed by its month on both.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from django.db.models import CharField, Func

# The month key of a time `t` stored as UTC text (see above).
KEY_SQLITE = "CASE WHEN substr({t}, 9, 2) BETWEEN '02' AND '27' THEN substr({t}, 1, 7) ELSE {t} END"


class LocalMonth(Func):
    """The month key of a stored time, in the time zone current when the query is compiled.
    SQLite reads its argument three times: give it a column, not a sub-select."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(f"LocalMonth is not written for {connection.vendor}")

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return KEY_SQLITE.format(t=sql), params * 3

    def as_postgresql(self, compiler, connection, **extra_context):
        from django.utils import timezone

        sql, params = compiler.compile(self.source_expressions[0])
        # The same conversion as Django's TruncDate(tzinfo=...) on PostgreSQL.
        sql, params = connection.ops._convert_sql_to_tz(
            sql, params, timezone.get_current_timezone_name()
        )
        return f"to_char({sql}, 'YYYY-MM')", params


def month_of(key: str, zone: tzinfo | None) -> date:
    """The first day of the month a key stands for (see the module's docstring)."""
    if len(key) == 7:
        return date(int(key[:4]), int(key[5:7]), 1)
    moment = datetime.fromisoformat(key)  # SQLite's UTC text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if zone is not None:
        moment = moment.astimezone(zone)
    return moment.date().replace(day=1)


def local_month_sql(vendor: str, sql: str) -> tuple[str, list[str]]:
    """LocalMonth for hand-written SQL: the month key of the time `sql`, named more than once
    on SQLite (pass a column or a COALESCE of columns, not a sub-select)."""
    if vendor == "sqlite":
        return KEY_SQLITE.format(t=sql), []
    if vendor == "postgresql":
        from django.db import connection
        from django.utils import timezone

        converted, params = connection.ops._convert_sql_to_tz(
            sql, [], timezone.get_current_timezone_name()
        )
        return f"to_char({converted}, 'YYYY-MM')", list(params)
    raise NotImplementedError(f"local_month_sql is not written for {vendor}")


def date_month_sql(vendor: str, sql: str) -> str:
    """The month key of a date, for hand-written SQL."""
    return f"substr({sql}, 1, 7)" if vendor == "sqlite" else f"to_char({sql}, 'YYYY-MM')"
