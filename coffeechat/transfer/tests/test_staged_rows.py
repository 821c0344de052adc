"""On SQLite an import binds its new and changed rows before it takes the database's only
write lock."""

import sqlite3
import unittest
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from coffeechat.contacts.models import Contact, Organisation, Touchpoint
from coffeechat.contacts.search import contacts_containing
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


@contextmanager
def rows_bound():
    """Yields a function `(inside, statement) -> rows`: how many rows the commit bound, inside
    its transaction or before it, to executemany statements that start with `statement`."""
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
            yield lambda where, start: sum(
                n for at, sql, n in bound if at is where and sql.startswith(start)
            )
    finally:
        importing._write = write


@unittest.skipUnless(SQLITE, "SQLite's write lock")
class StagedImportTests(BaseTestCase):
    def test_the_new_rows_are_bound_before_the_transaction_and_copied_inside_it(self):
        Organisation.objects.create(user=self.alice, name="Firm 1")  # one exists already
        plan = plan_import(self.alice, parse_bytes(FILE.encode()))
        with rows_bound() as bound:
            commit_plan(self.alice, plan)
        for table in ("contacts_contact", "contacts_touchpoint"):
            self.assertEqual(bound(True, f'INSERT INTO "{table}"'), 0, table)
            self.assertEqual(bound(False, f'INSERT INTO temp."staged_{table}'), ROWS, table)
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

    def test_the_changed_rows_are_bound_before_the_transaction_and_written_inside_it(self):
        commit_plan(self.alice, plan_import(self.alice, parse_bytes(FILE.encode())))
        # The same people with new roles, some at a new firm, one at a firm they had none.
        changed = FILE.replace(",Role ", ",Chief ").replace("Firm 3,", "Firm 9,")
        changed = changed.replace(
            "Person5,Family5,p5@example.org,,", "Person5,Family5,p5@example.org,Firm 1,"
        )
        plan = plan_import(self.alice, parse_bytes(changed.encode()))
        edited = Contact.objects.get(user=self.alice, given_name="Person8")
        edited.role = "Edited meanwhile"
        edited.save()
        with rows_bound() as bound:
            result = commit_plan(self.alice, plan)
        self.assertEqual((result["updated"], result["skipped"]), (ROWS - 1, 1))
        self.assertEqual(bound(True, 'UPDATE "contacts_contact"'), 0)
        self.assertEqual(bound(False, 'INSERT INTO temp."staged_contacts_contact'), ROWS)
        contacts = Contact.objects.filter(user=self.alice)
        roles = dict(contacts.values_list("given_name", "role"))
        self.assertEqual(roles["Person1"], "Chief 1")
        self.assertEqual(roles["Person8"], "Edited meanwhile")  # left alone
        self.assertEqual(sum(role.startswith("Chief ") for role in roles.values()), ROWS - 1)
        firms = dict(contacts.values_list("given_name", "organisation__name"))
        self.assertEqual(firms["Person3"], "Firm 9")  # made by the transaction
        self.assertEqual(firms["Person1"], "Firm 1")  # unchanged
        self.assertEqual(firms["Person5"], "Firm 1")  # one there before, found by its key
        # The search index followed every changed role, and only those.
        self.assertEqual(
            contacts_containing(Contact.objects, self.alice, "Chief").count(), ROWS - 1
        )
        self.assertEqual(list(contacts_containing(Contact.objects, self.alice, "Role 1")), [])
        self.assertEqual(
            list(contacts_containing(Contact.objects, self.alice, "Edited meanwhile")), [edited]
        )
        with connection.cursor() as cursor:  # the index against the table, row by row
            cursor.execute(
                "INSERT INTO contacts_contact_fts(contacts_contact_fts, rank) "
                "VALUES ('integrity-check', 1)"
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
