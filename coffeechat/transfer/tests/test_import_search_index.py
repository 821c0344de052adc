"""An import's new contacts are indexed for search in one statement after the bulk insert
(contacts/search.py, `indexed_after_insert`), not by the insert trigger row by row; the index
stays exactly in step, and a failed import leaves neither contacts nor index rows behind."""

import unittest

from django.db import connection

from coffeechat.contacts import search
from coffeechat.contacts.models import Contact, Organisation, Touchpoint
from coffeechat.contacts.services import search_contacts
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.transfer.parsers import parse_bytes
from coffeechat.transfer.services.importing import commit_plan, import_bytes, plan_import
from coffeechat.transfer.tests.helpers import around_contact_insert

SQLITE = connection.vendor == "sqlite"
ROWS = 40
FILE = "First Name,Last Name,Company,Position\n" + "".join(
    f"Person{n},Surname{n},Firm {n % 7},{'Archivist' if n % 2 else 'Cartographer'}\n"
    for n in range(ROWS)
)


def names(user, text: str) -> set[str]:
    return set(search_contacts(user, q=text).values_list("display_name", flat=True))


class SearchIndexAssertions:
    """What every bulk write of contacts must leave on SQLite (imports, restores)."""

    def assert_index_in_step(self) -> None:
        """On SQLite: the FTS table holds exactly one entry per contact (its docsize table has
        one row per indexed row), and each entry matches the contact's current text."""
        if not SQLITE:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {search.FTS_TABLE}_docsize")
            self.assertEqual(cursor.fetchone()[0], Contact.objects.count())
            cursor.execute(
                f"INSERT INTO {search.FTS_TABLE}({search.FTS_TABLE}, rank) "
                "VALUES ('integrity-check', 1)"
            )

    def assert_triggers_in_place(self) -> None:
        if not SQLITE:
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            self.assertLessEqual(set(search._TRIGGERS), {row[0] for row in cursor.fetchall()})


class ImportSearchIndexTests(SearchIndexAssertions, BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Contacts indexed before the import, by the trigger: they must stay indexed once.
        factories.contact(self.alice, "Before Import", role="Archivist")
        factories.contact(self.bob, "Bob's Archivist", role="Archivist")

    def test_an_import_is_searchable_and_the_index_in_step(self):
        import_bytes(self.alice, FILE.encode(), fmt="linkedin")
        self.assertEqual(len(names(self.alice, "cartographer")), ROWS // 2)
        self.assertEqual(len(names(self.alice, "archivist")), ROWS // 2 + 1)
        self.assertEqual(names(self.alice, "surname17"), {"Person17 Surname17"})
        self.assert_index_in_step()
        self.assert_triggers_in_place()
        # The insert trigger is back: a contact saved after the import is found.
        factories.contact(self.alice, "After Import", role="Cartographer")
        self.assertIn("After Import", names(self.alice, "cartographer"))
        self.assert_index_in_step()

    def test_a_failed_import_leaves_no_contacts_nor_index_rows(self):
        plan = plan_import(self.alice, parse_bytes(FILE.encode(), "linkedin"))

        def fail(result):  # the task records its outcome last, inside the transaction
            raise RuntimeError("the outcome could not be recorded")

        with self.assertRaises(RuntimeError):
            commit_plan(self.alice, plan, then=fail)
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 1)
        self.assertFalse(Organisation.objects.filter(user=self.alice).exists())
        self.assertFalse(Touchpoint.objects.filter(user=self.alice).exists())
        self.assertEqual(names(self.alice, "archivist"), {"Before Import"})
        self.assert_index_in_step()
        self.assert_triggers_in_place()
        factories.contact(self.alice, "After Failure", role="Cartographer")
        self.assertEqual(names(self.alice, "cartographer"), {"After Failure"})

    def test_an_import_failing_during_its_bulk_insert_leaves_the_index_as_it_was(self):
        plan = plan_import(self.alice, parse_bytes(FILE.encode(), "linkedin"))

        def disk_full() -> None:  # some rows are in, unindexed, when it fails
            raise RuntimeError("disk full")

        with around_contact_insert(after=disk_full), self.assertRaises(RuntimeError):
            commit_plan(self.alice, plan)
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 1)
        self.assert_index_in_step()
        self.assert_triggers_in_place()

    def test_a_reimport_changes_no_schema(self):
        import_bytes(self.alice, FILE.encode(), fmt="linkedin")
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA schema_version" if SQLITE else "SELECT 1")
            version = cursor.fetchone()[0]
            import_bytes(self.alice, FILE.encode(), fmt="linkedin")  # nothing new to insert
            cursor.execute("PRAGMA schema_version" if SQLITE else "SELECT 1")
            self.assertEqual(cursor.fetchone()[0], version)
        self.assert_index_in_step()


@unittest.skipUnless(SQLITE, "SQLite's FTS5 table and its triggers")
class ImportIndexStatementTests(BaseTestCase):
    def test_the_insert_trigger_does_not_run_per_imported_row(self):
        # SQLite's trace reports a statement once when it starts and again for each trigger
        # program it runs. The contacts go in by one INSERT … SELECT from their staging table:
        # with the insert trigger it would be seen again twice per imported contact. Per row,
        # the trigger cost three times the insert itself, all of it while the import held the
        # database's only write lock.
        seen: list[str] = []
        connection.ensure_connection()
        connection.connection.set_trace_callback(seen.append)
        try:
            import_bytes(self.alice, FILE.encode(), fmt="linkedin")
        finally:
            connection.connection.set_trace_callback(None)
        inserts = [sql for sql in seen if sql.startswith('INSERT INTO "contacts_contact" (')]
        self.assertEqual(len(inserts), 1)
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), ROWS)
