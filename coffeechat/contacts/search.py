"""Searching a user's contacts by a piece of text, through an index on both databases.

A contact matches when the text appears anywhere in its name (accents, case and punctuation
folded: "zoe" finds "Zoë", "jose-garcia" finds "José García"), its role, its research notes,
its organisation's name or one of its tags. Substrings match, not only whole words ("lim"
finds "Lima"), so the index is one of trigrams:

- SQLite: an FTS5 table with the trigram tokenizer over the contact table's name key, role and
  notes (external content, so the text is stored once). Triggers on the contact table keep it
  in step, whatever writes the rows: forms, imports' bulk inserts and raw `executemany`,
  restores, deletes. `install_sqlite_index` creates them (migration 0012); since SQLite drops a
  table's triggers when a migration rebuilds the table, `repair_sqlite_index` runs after every
  `migrate` and puts them back. An import's bulk insert goes through `indexed_after_insert`
  instead: the insert trigger costs about three times the insert itself, and the import holds
  SQLite's only write lock meanwhile.
- PostgreSQL: `pg_trgm` GIN indexes on the same three columns, in the form Django's `contains`
  and `icontains` lookups query them; always in step, being ordinary indexes, with a small
  pending list (migration 0013); and one on the organisations' names (migration 0014).

On both, a probe asks the index first for the user's matches, at most PROBE_LIMIT: if there are
no more, the page reads just those by id; otherwise it reads the user's contacts in name order,
which finds a page of a common text's matches soonest.

A text shorter than three characters has no trigram: it is searched by a plain scan, as are the
user's tags and, on SQLite, organisations (a few thousand rows at most, against tens of
thousands of contacts).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from django.db import connection, connections, transaction
from django.db.models import BooleanField, Manager, Q, QuerySet
from django.db.models.expressions import RawSQL

from coffeechat.contacts.normalise import normalise_name

# The fewest characters a trigram index can look up.
SHORTEST_INDEXED = 3

FTS_TABLE = "contacts_contact_fts"
_FTS_COLUMNS = ("name_key", "role", "research_notes")
_TRIGGERS = {
    f"{FTS_TABLE}_insert": "AFTER INSERT ON contacts_contact BEGIN {insert} END",
    f"{FTS_TABLE}_delete": "AFTER DELETE ON contacts_contact BEGIN {delete} END",
    f"{FTS_TABLE}_update": (
        "AFTER UPDATE OF name_key, role, research_notes ON contacts_contact "
        "BEGIN {delete} {insert} END"
    ),
}


def contacts_containing(contacts: Manager, user, text: str) -> QuerySet:
    """The user's contacts (from `contacts`, the contact model's manager) that contain `text`
    (see the module's docstring).

    A text the index can look up whole is first probed (`few_matches`): with few matches the
    contacts are read by id, else through `matching`, in the order the caller asks for."""
    text = text.strip()
    few = few_matches(user, text)
    if few is None:
        return contacts.owned_by(user).filter(matching(user, text))
    return contacts.owned_by_checking_rows(user).filter(pk__in=few)


def matching(user, text: str) -> Q:
    """The condition for the user's contacts that contain `text`, read without the probe; the
    caller scopes the query to the user's contacts."""
    found = parsed(text)
    return condition(found.shape, user.pk, found.like, found.name_like, found.match)


class Parsed(NamedTuple):
    """A text as the search's SQL takes it: `shape`, which conditions apply (what changes the
    SQL), and the values of their parameters."""

    # (database, a name to look for, a name too short for the index, a text too short for it,
    # FTS5 phrases to match)
    shape: tuple[str, bool, bool, bool, bool]
    like: str
    name_like: str
    match: str


def parsed(text: str) -> Parsed:
    text = text.strip()
    name = normalise_name(text)
    phrases = _fts_phrases(text, name) if connection.vendor == "sqlite" else []
    shape = (
        connection.vendor,
        bool(name),
        len(name) < SHORTEST_INDEXED,
        len(text) < SHORTEST_INDEXED,
        bool(phrases),
    )
    return Parsed(shape, _like(text), _like(name), " OR ".join(phrases))


def condition(shape: tuple, user, like, name_like, match) -> Q:
    """The condition of `matching` for a text of this shape (`parsed`), given the values or a
    compiled query's placeholders for them (`RAW`, core.compiled: the ORM builds this condition
    once per shape).

    Every part is written in SQL: built with the ORM, the subqueries cost more to compile than
    to run, and a lookup such as `role__icontains` would wrap a placeholder in its pattern. The
    contact's columns are named with their table, as the organisation joined for the page has
    a `name_key` too; so the condition holds in a query that reads the contact table under its
    own name, not in one Django nests as a subquery (which it reads under an alias)."""
    vendor, has_name, short_name, short_text, has_phrases = shape
    found = Q(organisation_id__in=RawSQL(_organisations(), [user, like])) | Q(
        pk__in=RawSQL(_tagged(), [user, like])
    )
    if vendor != "sqlite":
        return found | _trigram_columns(has_name, like, name_like)
    if has_name and short_name:
        found |= _where("contacts_contact.name_key LIKE %s ESCAPE '\\'", name_like)
    if short_text:
        # `research_notes > ''` is the partial index's condition word for word, so SQLite
        # reads only the contacts that have notes.
        with_notes = (
            "SELECT id FROM contacts_contact WHERE user_id = %s AND research_notes > '' AND "
            + _icontains("research_notes")
        )
        found |= _where(_icontains("contacts_contact.role"), like)
        found |= Q(pk__in=RawSQL(with_notes, [user, like]))
    if has_phrases:
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        found |= Q(pk__in=RawSQL(sql, [match]))
    return found


def organisation_named(like) -> Q:
    """The condition on an organisation whose name contains a text (`parsed(text).like`, or a
    compiled query's placeholder for it), written as the search's organisation subquery."""
    return Q(RawSQL(_icontains("contacts_organisation.name"), [like], output_field=BooleanField()))


def _trigram_columns(has_name: bool, like, name_like) -> Q:
    """The conditions on the contact's own columns on PostgreSQL, in the form the trigram
    indexes are built on; the planner weighs them against reading the user's contacts in name
    order (which stops at the first page of matches). A subquery over every user's contacts,
    for the indexes' sake, was 2.5 times slower at 30,000 contacts a user."""
    found = _where(_icontains("contacts_contact.role"), like)
    found |= _where(_icontains("contacts_contact.research_notes"), like)
    if has_name:
        found |= _where("contacts_contact.name_key::text LIKE %s", name_like)
    return found


def _where(sql: str, value) -> Q:
    """A condition on the contact's row written in SQL, with one parameter."""
    return Q(RawSQL(sql, [value], output_field=BooleanField()))


def _like(text: str) -> str:
    return "%" + connection.ops.prep_for_like_query(text) + "%"


def _icontains(column: str) -> str:
    if connection.vendor == "sqlite":
        return f"{column} LIKE %s ESCAPE '\\'"  # case-insensitive, as Django's icontains here
    return f"UPPER({column}::text) LIKE UPPER(%s)"


def _organisations() -> str:
    """The ids of the user's organisations whose name contains a text (user, LIKE pattern)."""
    return "SELECT id FROM contacts_organisation WHERE user_id = %s AND " + _icontains("name")


def _tagged() -> str:
    """The ids of the user's contacts with a tag that contains a text (user, LIKE pattern)."""
    return _tagged_where(_icontains("t.name"))


def tagged_named() -> str:
    """The ids of the user's contacts with a tag of a name, whatever its case (user, name as
    `iexact_value` gives it): Django's `iexact`, written in SQL."""
    if connection.vendor == "sqlite":
        return _tagged_where("t.name LIKE %s ESCAPE '\\'")
    return _tagged_where("UPPER(t.name::text) = UPPER(%s)")


def _tagged_where(condition: str) -> str:
    """The ids of the user's contacts with a tag `t` that meets `condition` (user, then the
    condition's parameter)."""
    return (
        "SELECT ct.contact_id FROM contacts_contact_tags ct "
        "JOIN contacts_tag t ON t.id = ct.tag_id WHERE t.user_id = %s AND " + condition
    )


def iexact_value(text: str) -> str:
    """`text` as `tagged_named`'s condition takes it (on SQLite a LIKE pattern, escaped)."""
    return connection.ops.prep_for_iexact_query(text)


def _fts_phrases(text: str, name: str) -> list[str]:
    """The FTS5 phrases for the parts of `text` the index can look up (none under three
    characters). Phrases in double quotes match as substrings with the trigram tokenizer; a
    double quote inside is written twice."""
    indexed = len(text) >= SHORTEST_INDEXED
    if indexed and text.isascii() and name == text.lower():
        # Nothing to fold: one phrase over all three columns reads each trigram's list once
        # instead of twice (a third faster than a phrase per column).
        return [_phrase(text)]
    phrases = []
    if len(name) >= SHORTEST_INDEXED:
        phrases.append(f"name_key : {_phrase(name)}")
    if indexed:
        phrases.append(f"{{role research_notes}} : {_phrase(text)}")
    return phrases


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


# Up to this many matches (two pages), the search reads them all through the index and sorts
# them; beyond, reading the user's contacts in name order finds a page of them sooner. The probe
# of a common text stops at this many, so its cost grows with the limit: on PostgreSQL at
# 30,000 contacts the query for "lima" took 5.0 ms without a probe, 6.1 with a limit of 50, 6.2
# with 100, 6.9 with 200 (16, 20, 25 and 31 ms for none, 100, 200, 400 under heavy load).
PROBE_LIMIT = 100


def few_matches(user, text: str) -> list | None:
    """All the ids of the user's contacts that contain `text`, if there are at most PROBE_LIMIT
    of them; None if there are more, or if part of the text is too short for the index.

    The page's query cannot use the index well: on PostgreSQL the text conditions are OR-ed
    with the organisation and tag subqueries, and the planner expects most contacts to match;
    on SQLite the FTS5 table's matches, every user's, are gathered into a list first. Both read
    the user's contacts in name order and test each: that finds a page of a common text's
    matches quickly, but reads all 30,000 for a rare one. This probe, a separate query, asks
    the index first; with few matches the page reads just those by id. The page is read in its
    own query (a moment later): a contact changed in between shows as it is then, as it would
    had it changed just after the page was read."""
    name = normalise_name(text)
    if len(text) < SHORTEST_INDEXED or (name and len(name) < SHORTEST_INDEXED):
        return None
    if connection.vendor == "sqlite":
        sql, params = _sqlite_probe(user, text, name)
    else:
        sql, params = _postgres_probe(user, text, name)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM ({sql}) found LIMIT %s", [*params, PROBE_LIMIT + 1])
        ids = [row[0] for row in cursor.fetchall()]
    return sorted(set(ids)) if len(ids) <= PROBE_LIMIT else None


def _sqlite_probe(user, text: str, name: str) -> tuple[str, list]:
    """The user's contacts that match, on SQLite: the FTS5 table's matches (read first: CROSS
    JOIN keeps SQLite from testing the phrase against each of the user's contacts), those of
    a matching organisation (through the organisation index: `+user_id` is no index's column),
    those with a matching tag. UNION ALL streams, so the caller's LIMIT stops every branch
    early; an id may come twice."""
    like = _like(text)
    sql = (
        f"SELECT c.id FROM {FTS_TABLE} CROSS JOIN contacts_contact c "
        f"ON c.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND c.user_id = %s "
        "UNION ALL SELECT id FROM contacts_contact WHERE organisation_id IN "
        f"({_organisations()}) AND +user_id = %s UNION ALL {_tagged()}"
    )
    match = " OR ".join(_fts_phrases(text, name))
    return sql, [match, user.pk, user.pk, like, user.pk, user.pk, like]


def _postgres_probe(user, text: str, name: str) -> tuple[str, list]:
    """The user's contacts that match, on PostgreSQL: those whose own columns match (each
    branch alone, so the planner can combine the trigram indexes in a bitmap scan), those of a
    matching organisation, those with a matching tag. UNION ALL streams, so the caller's LIMIT
    stops every branch early; an id may come twice."""
    like = _like(text)
    own = ["UPPER(role::text) LIKE UPPER(%s)", "UPPER(research_notes::text) LIKE UPPER(%s)"]
    params: list = [user.pk, like, like]
    if name:
        # Django's `contains`: the text as typed is escaped the same way for the folded name.
        own.append("name_key::text LIKE %s")
        params.append(_like(name))
    sql = (
        f"SELECT id FROM contacts_contact WHERE user_id = %s AND ({' OR '.join(own)}) "
        f"UNION ALL SELECT id FROM contacts_contact WHERE user_id = %s AND organisation_id IN "
        f"({_organisations()}) UNION ALL {_tagged()}"
    )
    return sql, [*params, user.pk, user.pk, like, user.pk, like]


def _create_trigger(cursor, name: str) -> None:
    columns = ", ".join(_FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in _FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in _FTS_COLUMNS)
    insert = f"INSERT INTO {FTS_TABLE}(rowid, {columns}) VALUES (new.id, {new});"
    delete = (
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {columns}) VALUES ('delete', old.id, {old});"
    )
    cursor.execute(f"CREATE TRIGGER {name} " + _TRIGGERS[name].format(insert=insert, delete=delete))


def install_sqlite_index(cursor) -> None:
    """Create the FTS5 table (if missing) and its triggers, and fill it from the contacts."""
    columns = ", ".join(_FTS_COLUMNS)
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({columns}, "
        "content='contacts_contact', content_rowid='id', tokenize='trigram')"
    )
    for name in _TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        _create_trigger(cursor, name)
    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


INSERT_TRIGGER = f"{FTS_TABLE}_insert"


@contextmanager
def indexed_after_insert() -> Iterator[int]:
    """Around a bulk insert of contacts: on SQLite, index the new rows with one statement at
    the end rather than through the insert trigger, row by row (30,000 contacts: about 0.7 s
    instead of 2.5 s of CPU, all of it while the import holds the write lock). Yields the
    highest contact id before the insert (0 when there is none), on both databases, so the
    caller can tell its new rows without reading it again.

    The trigger is dropped and created again inside one transaction (a savepoint if the caller
    has one open): SQLite's schema changes are transactional, so if anything fails the trigger
    comes back with the rollback, and no other connection can write a contact in between, since
    this transaction holds the database's only write lock (readers see the committed schema,
    trigger included). Every contact this connection inserts meanwhile has an id above the
    highest before it (AUTOINCREMENT), and those rows are what the final statement indexes."""
    if connection.vendor != "sqlite":  # PostgreSQL's indexes follow by themselves
        with connection.cursor() as cursor:
            before = _highest_contact_id(cursor)
        yield before
        return
    with transaction.atomic(), connection.cursor() as cursor:
        before = _highest_contact_id(cursor)
        if not _has_trigger(cursor, INSERT_TRIGGER):
            yield before  # no index to keep (or it awaits `repair_sqlite_index`)
            return
        cursor.execute(f"DROP TRIGGER {INSERT_TRIGGER}")
        yield before
        columns = ", ".join(_FTS_COLUMNS)
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, {columns}) "
            f"SELECT id, {columns} FROM contacts_contact WHERE id > %s",
            [before],
        )
        _create_trigger(cursor, INSERT_TRIGGER)


def _highest_contact_id(cursor) -> int:
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM contacts_contact")
    return cursor.fetchone()[0]


def _has_trigger(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [name])
    return cursor.fetchone() is not None


def remove_sqlite_index(cursor) -> None:
    for name in _TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def repair_sqlite_index(using: str = "default", **kwargs) -> None:
    """After `migrate` (post_migrate): a migration that rebuilt the contact table on SQLite
    dropped its triggers, and the index no longer follows writes. Put them back and rebuild."""
    target = connections[using]
    if target.vendor != "sqlite":
        return
    with target.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            [f"{FTS_TABLE}%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        if FTS_TABLE in present and not set(_TRIGGERS) <= present:
            install_sqlite_index(cursor)


# pg_trgm GIN indexes on the expressions `_trigram_text` queries: `name_key::text LIKE` (Django's
# contains) on the folded name, `UPPER(col::text) LIKE UPPER(...)` (icontains) on role and notes.
POSTGRES_INDEXES = {
    "contact_name_key_trgm": "(name_key gin_trgm_ops)",
    "contact_role_trgm": "(UPPER(role::text) gin_trgm_ops)",
    "contact_notes_trgm": "(UPPER(research_notes::text) gin_trgm_ops)",
}


def install_postgres_indexes(cursor) -> None:
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in POSTGRES_INDEXES.items():
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON contacts_contact USING gin {expression}"
        )


def remove_postgres_indexes(cursor) -> None:
    for name in POSTGRES_INDEXES:
        cursor.execute(f"DROP INDEX IF EXISTS {name}")


# Every search looks for the text in the user's organisations' names too (`_organisations`),
# twice with the probe, and the link page lists the organisations whose name contains it, all
# as Django's icontains: a scan of the user's 3,000 names cost 0.8-1.5 ms each time on
# PostgreSQL at 30,000 contacts, the index 0.1 ms. SQLite keeps scanning (0.8 ms).
ORGANISATION_INDEX = "organisation_name_trgm"


def install_postgres_organisation_index(cursor) -> None:
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cursor.execute(
        f"CREATE INDEX IF NOT EXISTS {ORGANISATION_INDEX} ON contacts_organisation "
        "USING gin (UPPER(name::text) gin_trgm_ops) "
        f"WITH (gin_pending_list_limit = {PENDING_LIST_KB})"
    )


def remove_postgres_organisation_index(cursor) -> None:
    cursor.execute(f"DROP INDEX IF EXISTS {ORGANISATION_INDEX}")


# A GIN index takes new rows into a pending list, merged into the index when the list outgrows
# this (kB; PostgreSQL's default is 4 MB) or by (auto)vacuum. Every search reads the whole list:
# after a 30,000-contact load the three lists held 3 MB, the bitmap scans cost 23 ms instead of
# 0.05 and the planner rightly chose to read all the user's contacts instead. At 256 kB the
# same load took about 1.5 times as long to insert (0.8-1.0 s against 1.3-2.0 s for 30,000 rows).
PENDING_LIST_KB = 256


def limit_pending_lists(cursor, kilobytes: int | None = PENDING_LIST_KB) -> None:
    setting = (
        f"SET (gin_pending_list_limit = {int(kilobytes)})"
        if kilobytes
        else "RESET (gin_pending_list_limit)"
    )
    for name in POSTGRES_INDEXES:
        cursor.execute(f"ALTER INDEX IF EXISTS {name} {setting}")
