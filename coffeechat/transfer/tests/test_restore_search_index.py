"""A restore's contacts are indexed for search in one statement per step
(contacts/search.py, `indexed_after_insert`), as an import's are, not by the insert trigger row by
row; the index stays exactly in step, and a failed restore leaves the triggers and the index as
they were."""

import json
import unittest
from unittest import mock

from django.db import connection

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.core.tests import factories
from coffeechat.transfer.services import backup
from coffeechat.transfer.services.backup import export_json, restore, restore_atomically
from coffeechat.transfer.tests.test_import_search_index import (
    SQLITE,
    SearchIndexAssertions,
    names,
)

PEOPLE = 7  # more than one step of STEP_ROWS below


class RestoreSearchIndexTests(SearchIndexAssertions, BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        for n in range(PEOPLE):
            role = "Archivist" if n % 2 else "Cartographer"
            factories.contact(self.alice, f"Person{n} Surname{n}", role=role)
        factories.contact(self.bob, "Bob's Archivist", role="Archivist")
        self.payload = json.loads(export_json(self.alice))
        self.carol = make_user("carol")
        self.steps = mock.patch.object(backup, "STEP_ROWS", 3)

    def test_restored_contacts_are_found_and_the_index_in_step(self):
        for restoring in (restore_atomically, restore):
            with self.subTest(restoring.__name__), self.steps:
                Contact.objects.filter(user=self.carol).delete()
                restoring(self.carol, self.payload)
                self.assertEqual(len(names(self.carol, "archivist")), PEOPLE // 2)
                self.assertEqual(len(names(self.carol, "cartographer")), PEOPLE - PEOPLE // 2)
                self.assertEqual(names(self.carol, "surname5"), {"Person5 Surname5"})
                self.assert_index_in_step()
                self.assert_triggers_in_place()
        # The insert trigger is back: a contact saved after the restore is found.
        factories.contact(self.carol, "After Restore", role="Cartographer")
        self.assertIn("After Restore", names(self.carol, "cartographer"))
        self.assert_index_in_step()

    def test_a_restore_failing_in_a_later_step_leaves_the_index_as_it_was(self):
        original = Contact.objects.bulk_create
        calls = []

        def fail_on_second_step(objects, *args, **kwargs):
            created = original(objects, *args, **kwargs)
            calls.append(len(created))
            if len(calls) == 2:  # the first step committed, this one's rows are in, unindexed
                raise RuntimeError("disk full")
            return created

        with (
            self.steps,
            mock.patch.object(Contact.objects, "bulk_create", side_effect=fail_on_second_step),
            self.assertRaises(RuntimeError),
        ):
            restore_atomically(self.carol, self.payload)
        self.assertFalse(Contact.objects.filter(user=self.carol).exists())
        self.assertEqual(names(self.alice, "surname5"), {"Person5 Surname5"})
        self.assert_index_in_step()
        self.assert_triggers_in_place()
        factories.contact(self.carol, "After Failure", role="Cartographer")
        self.assertEqual(names(self.carol, "cartographer"), {"After Failure"})
        self.assert_index_in_step()


@unittest.skipUnless(SQLITE, "SQLite's FTS5 table and its triggers")
class RestoreIndexStatementTests(BaseTestCase):
    def test_the_insert_trigger_does_not_run_per_restored_row(self):
        # SQLite's trace reports a statement when it starts and again for each trigger program it
        # runs: with the insert trigger, the contacts' INSERT would be seen once more per row.
        for n in range(PEOPLE):
            factories.contact(self.alice, f"Person{n} Surname{n}", role="Archivist")
        payload = json.loads(export_json(self.alice))
        carol = make_user("carol")
        seen: list[str] = []
        connection.ensure_connection()
        connection.connection.set_trace_callback(seen.append)
        try:
            with mock.patch.object(backup, "STEP_ROWS", 3):
                restore_atomically(carol, payload)
        finally:
            connection.connection.set_trace_callback(None)
        self.assertEqual(Contact.objects.filter(user=carol).count(), PEOPLE)
        inserts = [sql for sql in seen if sql.startswith('INSERT INTO "contacts_contact" (')]
        self.assertEqual(len(inserts), 3)  # one per step of 3 rows, none per row
