"""Queries whose SQL the ORM builds once per connection, not once per call.

Today's providers and the board's badges run a few small queries after every change of the
user's data. For a few dozen rows the ORM spends longer building such a query (filters, joins,
subqueries, quoting) than the database spends running it: on SQLite 0.7 of 1.0 ms for
readiness's read of the board's 75 cards, and 4 of 4.1 ms for "who to ask next". A
`CompiledQuery` builds its query once with a placeholder for each value that changes from call
to call (a user, a time, a list of ids: one parameter, a JSON array read by `json_each` on
SQLite, an array on PostgreSQL), so the same SQL serves every call, and converts the rows as the
ORM would (booleans, dates, JSON).

    upcoming = CompiledQuery(lambda ids, since: Meeting.objects.filter(
        conversation_id__in=ids, starts_at__gte=since).values_list(...),
        ids=IDS, since=Meeting._meta.get_field("starts_at"))
    rows = upcoming.rows(ids=[3, 5, 8], since=now)

A value the query hands to SQL of its own (a `RawSQL` fragment's parameters, as the contacts
search writes its conditions) is declared `RAW`: `build` receives a marker string to put among
that fragment's parameters, and the value is passed to the database as it is given.

What changes the SQL itself (a LIMIT, the number of search terms) is the `shape`: a hashable
value handed to `build` as it is, one compiled query per shape (the most recent few are kept).

Scoping stays the caller's: a user's id is one of the values, or the ids are the user's own
(read from their rows).
"""

from __future__ import annotations

import json
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, QuerySet
from django.db.models.expressions import RawSQL


def model_fields(model, names: set[str] | None = None) -> tuple[str, ...]:
    """The column names (attnames) of `model`'s fields in `names`, or of all its fields, in the
    model's order: the order `Model.from_db` expects its values in, so a compiled query's rows
    (read in this order) become instances as the ORM would make them."""
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if names is None or field.attname in names
    )


def union_all(statements: list[tuple[str, list]], *, numbered: bool = False) -> tuple[str, list]:
    """Statements (`CompiledQuery.statement`) as one, joined by UNION ALL: each part wrapped so
    that its own ORDER BY and LIMIT hold (SQLite cannot slice the parts of a UNION), with the
    parameters in the same order. `numbered` puts each part's place in the list first, as the
    column `part`, for a caller that tells the parts' rows apart."""
    sql = " UNION ALL ".join(
        f"SELECT {f'{n} AS part, ' if numbered else ''}part_{n}.* FROM ({part}) AS part_{n}"
        for n, (part, _params) in enumerate(statements)
    )
    return sql, [param for _sql, params in statements for param in params]


class _Ids:
    """Declares a parameter that is a list of ids (`IDS`), used as `field__in=ids`."""


IDS = _Ids()


class _Raw:
    """Declares a parameter put among a `RawSQL` fragment's own parameters (`RAW`)."""


RAW = _Raw()
# A list of ids on PostgreSQL: `field__in=` gives `IN (SELECT unnest(…))`, which the compiled
# SQL turns into `= ANY(…)`, the same test. For a semi-join PostgreSQL hashed the ids and read
# every row of the table to probe them (the board's 225 cards among 4,000 conversations: 2.4
# ms); `= ANY` looks each id up in the index (1.2 ms).
_UNNEST = "SELECT unnest(%s::bigint[])"
_IN_IDS, _ANY_IDS = f" IN ({_UNNEST})", " = ANY(%s::bigint[])"
# Stand for the values in the compiled SQL's parameters; never a value of their own.
_MARK = "__compiled_{}__"
# Compiled shapes kept per connection: one per LIMIT or per user's set of terms, so few.
KEEP_SHAPES = 64


class CompiledQuery:
    """`build(shape?, **placeholders)` returns a `values_list` queryset; each keyword names a
    parameter: `IDS` for a list of ids, `RAW` for a value of a `RawSQL` fragment, or the field
    it is compared with (which converts it for the database). `build` receives `shape` first
    when `rows` is given one."""

    def __init__(self, build: Callable[..., QuerySet], **params: Field | _Ids | _Raw) -> None:
        self.build = build
        self.params = params
        # Per connection (one per thread): a compiler keeps its connection for its converters.
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _compile(self, connection, shape: Hashable) -> tuple[Any, str, tuple]:
        placeholders = {}
        for name, kind in self.params.items():
            mark = (_MARK.format(name),)
            if isinstance(kind, _Raw):
                placeholders[name] = mark[0]
            elif isinstance(kind, _Ids):
                if connection.vendor == "postgresql":
                    placeholders[name] = RawSQL(_UNNEST, mark)
                else:
                    placeholders[name] = RawSQL("SELECT value FROM json_each(%s)", mark)
            else:
                placeholders[name] = RawSQL("%s", mark, output_field=kind)
        built = self.build(**placeholders) if shape is None else self.build(shape, **placeholders)
        # (Django 5.2 selects the columns in values_list's order, annotations included.)
        compiler = built.query.get_compiler(connection=connection)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. a LIMIT of 0: the ORM answers none without asking
            return compiler, "", ()
        if connection.vendor == "postgresql":
            sql = sql.replace(_IN_IDS, _ANY_IDS)
        return compiler, sql, tuple(params)

    def _compiled_for(self, connection, shape: Hashable) -> tuple[Any, str, tuple]:
        shapes = self._compiled.get(connection)
        if shapes is None:
            shapes = self._compiled[connection] = OrderedDict()
        if shape in shapes:
            shapes.move_to_end(shape)
        else:
            shapes[shape] = self._compile(connection, shape)
            if len(shapes) > KEEP_SHAPES:
                shapes.popitem(last=False)
        return shapes[shape]

    def statement(self, shape: Hashable = None, **values: Any) -> tuple[str, list]:
        """The SQL and its parameters for these values, for a caller that puts the query inside
        a larger statement of its own ("" for a query that can find nothing)."""
        connection = connections[DEFAULT_DB_ALIAS]
        _compiler, sql, params = self._compiled_for(connection, shape)
        return sql, self._parameters(connection, params, values)

    def _parameters(self, connection, params: tuple, values: dict[str, Any]) -> list:
        given = {}
        for name, kind in self.params.items():
            value = values[name]  # a RAW value goes to the database as it is given
            if isinstance(kind, _Ids):
                value = (
                    list(value) if connection.vendor == "postgresql" else json.dumps(list(value))
                )
            elif not isinstance(kind, _Raw):
                value = kind.get_db_prep_value(value, connection)
            given[_MARK.format(name)] = value
        return [given[p] if isinstance(p, str) and p in given else p for p in params]

    def rows_of(self, shapes: list[Hashable], **values: Any) -> list[list]:
        """The rows of several shapes of this query for the same values, in one statement
        (`union_all`: each shape keeps its own order and limit; the rows of all come in no
        set order), converted as `rows` converts them. The shapes must select the same
        columns (as one `build` with the same `values_list` does)."""
        connection = connections[DEFAULT_DB_ALIAS]
        parts = [self._compiled_for(connection, shape) for shape in shapes]
        parts = [part for part in parts if part[1]]  # a shape that can find nothing
        if not parts:
            return []
        sql, params = union_all(
            [(sql, self._parameters(connection, params, values)) for _c, sql, params in parts]
        )
        # Every part has the same columns, so the first part's converters fit every row.
        return _converted_rows(connection, parts[0][0], sql, params)

    def rows(self, shape: Hashable = None, **values: Any) -> list[list]:
        """The query's rows for these values, converted as the ORM converts them."""
        connection = connections[DEFAULT_DB_ALIAS]
        compiler, sql, params = self._compiled_for(connection, shape)
        if not sql:
            return []
        given = self._parameters(connection, params, values)
        return _converted_rows(connection, compiler, sql, given)


def _converted_rows(connection, compiler, sql: str, params: list) -> list[list]:
    """Run `sql` and convert its rows with `compiler`'s converters, as the ORM would."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return list(compiler.results_iter(results=[found]))
