"""On SQLite an import binds its new rows before it takes the database's only write lock."""

import sqlite3
import unittest
from pathlib import Path

from django.db import connection

from coffeechat.contacts.models import Contact, Organisation, Touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer.parsers import parse_bytes
from coffeechat.transfer.services import importing
from coffeechat.transfer.services.importing import commit_plan, plan_import
from coffeechat.transfer.tests.helpers import around_contact_insert

SQLITE = connection.vendor == "sqlite"
HEADER = "First Name,Last Name,Email Address,Company,Position,Connected On\r\n"
ROWS = 120
FILE = HEADER + "".join(
    f"Person{n},Family{n},p{n}@example.org,{'Firm ' + str(n % 7) if n % 5 else ''},"
    f"Role {n},07 Dec 2025\r\n"
    for n in range(ROWS)
)


def temporary_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_temp_master WHERE type = 'table'")
        return [name for (name,) in cursor.fetchall()]


@unittest.skipUnless(SQLITE, "SQLite's write lock")
class StagedImportTests(BaseTestCase):
    def test_the_new_rows_are_bound_before_the_transaction_and_copied_inside_it(self):
        Organisation.objects.create(user=self.alice, name="Firm 1")  # one exists already
        plan = plan_import(self.alice, parse_bytes(FILE.encode()))
        bound: list[tuple[bool, str, int]] = []  # (inside the transaction, statement, rows)
        inside = [False]

        def record(execute, sql, params, many, context):
            if many:
                bound.append((inside[0], sql, len(params)))
            return execute(sql, params, many, context)

        write = importing._write

        def in_transaction(*args, **kwargs):
            inside[0] = True
            try:
                return write(*args, **kwargs)
            finally:
                inside[0] = False

        importing._write = in_transaction
        try:
            with connection.execute_wrapper(record):
                commit_plan(self.alice, plan)
        finally:
            importing._write = write

        def rows_bound(where: bool, table: str) -> int:
            return sum(n for at, sql, n in bound if at is where and f"INSERT INTO {table}" in sql)

        for table in ("contacts_contact", "contacts_touchpoint"):
            self.assertEqual(rows_bound(True, f'"{table}"'), 0, table)
            self.assertEqual(rows_bound(False, f'temp."staged_{table}'), ROWS, table)
        contacts = Contact.objects.filter(user=self.alice)
        self.assertEqual(contacts.count(), ROWS)
        # Organisations made by the transaction and one there before, found by their keys.
        firms = dict(contacts.values_list("given_name", "organisation__name"))
        self.assertEqual(firms["Person1"], "Firm 1")
        self.assertEqual(firms["Person6"], "Firm 6")
        self.assertIsNone(firms["Person5"])
        self.assertEqual(Organisation.objects.filter(user=self.alice).count(), 7)
        # Each touchpoint on its own contact.
        notes = Touchpoint.objects.filter(user=self.alice)
        self.assertEqual(notes.count(), ROWS)
        self.assertFalse(notes.exclude(contact__user=self.alice).exists())
        self.assertEqual(
            set(notes.values_list("contact_id", flat=True)),
            set(contacts.values_list("id", flat=True)),
        )
        self.assertEqual(temporary_tables(), [])

    def test_a_failed_import_leaves_no_rows_and_no_staging_table(self):
        plan = plan_import(self.alice, parse_bytes(FILE.encode()))

        def disk_full() -> None:
            raise RuntimeError("disk full")

        with around_contact_insert(after=disk_full), self.assertRaises(RuntimeError):
            commit_plan(self.alice, plan)
        self.assertFalse(Contact.objects.filter(user=self.alice).exists())
        self.assertFalse(Touchpoint.objects.filter(user=self.alice).exists())
        self.assertEqual(temporary_tables(), [])


def test_sqlite_fills_a_temporary_table_while_another_connection_holds_the_write_lock(
    tmp_path: Path,
) -> None:
    """What staging relies on: the temporary database is locked apart from the main one."""
    path = tmp_path / "db.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE contacts (name TEXT)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO contacts VALUES ('held')")
    stager = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        stager.execute("CREATE TEMP TABLE staged (name)")
        stager.executemany("INSERT INTO temp.staged VALUES (?)", [("a",), ("b",)])
        assert stager.execute("SELECT COUNT(*) FROM temp.staged").fetchone() == (2,)
        try:
            stager.execute("INSERT INTO contacts VALUES ('waits')")
        except sqlite3.OperationalError as error:
            assert "locked" in str(error)
        else:
            raise AssertionError("the main database was not locked")
    finally:
        holder.execute("COMMIT")
        stager.close()
        holder.close()
