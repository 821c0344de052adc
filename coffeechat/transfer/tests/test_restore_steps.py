"""A restore in short transactions: other users can write meanwhile; still all or nothing."""

import json
import sqlite3
import unittest

from django.db import connection
from django.test import TransactionTestCase

from coffeechat.accounts.models import Profile
from coffeechat.contacts.models import Contact, Organisation
from coffeechat.contacts.signals import contacts_changed_in_bulk
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.meetings.models import Meeting
from coffeechat.transfer.services.backup import export_json, restore, restore_in_steps
from coffeechat.transfer.tests.test_export import build_account


@unittest.skipUnless(connection.vendor == "sqlite", "SQLite's single write lock")
class OtherWritersTests(TransactionTestCase):
    def setUp(self):
        self.alice = make_user("alice")
        self.bob = make_user("bob")
        build_account(self.alice)
        self.payload = json.loads(export_json(self.alice))
        self.carol = make_user("carol")

    def write_from_another_connection(self, **_kwargs) -> None:
        """Bob saves something through his own connection while the restore runs."""
        other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0.2)
        try:
            other.execute("UPDATE auth_user SET first_name = 'Bobby' WHERE id = ?", [self.bob.pk])
            other.commit()
            self.writes.append("saved")
        except sqlite3.OperationalError as error:
            self.writes.append(str(error))
        finally:
            other.close()

    def run_with_writer(self, restoring) -> list[str]:
        self.writes: list[str] = []
        contacts_changed_in_bulk.connect(self.write_from_another_connection)
        try:
            restoring(self.carol, self.payload)
        finally:
            contacts_changed_in_bulk.disconnect(self.write_from_another_connection)
        return self.writes

    def test_a_stepped_restore_leaves_the_database_to_other_writers(self):
        self.assertEqual(self.run_with_writer(restore_in_steps), ["saved"])
        self.assertEqual(Contact.objects.filter(user=self.carol).count(), 2)
        self.assertEqual(Meeting.objects.filter(user=self.carol).count(), 1)

    def test_the_one_transaction_restore_holds_the_lock_to_its_end(self):
        # What the web page and the command did before: every other writer failed meanwhile.
        self.assertEqual(self.run_with_writer(restore), ["database is locked"])


class StepsAreAllOrNothingTests(BaseTestCase):
    def test_a_failure_part_way_removes_what_was_written_and_puts_the_profile_back(self):
        build_account(self.alice)
        payload = json.loads(export_json(self.alice))
        payload["models"]["followup.actionitem"][0]["fields"]["contact"] = 99
        carol = make_user("carol")
        with self.assertRaises(KeyError):
            restore_in_steps(carol, payload)
        self.assertFalse(Contact.objects.filter(user=carol).exists())
        self.assertFalse(Organisation.objects.filter(user=carol).exists())
        self.assertFalse(Meeting.objects.filter(user=carol).exists())
        self.assertEqual(Profile.objects.get(user=carol).full_name, "Carol")
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 2)

    def test_a_failure_while_recording_the_outcome_undoes_the_restore(self):
        build_account(self.alice)
        payload = json.loads(export_json(self.alice))
        carol = make_user("carol")

        def superseded(_counts):
            raise RuntimeError("the batch was cancelled meanwhile")

        with self.assertRaises(RuntimeError):
            restore_in_steps(carol, payload, then=superseded)
        self.assertFalse(Contact.objects.filter(user=carol).exists())
        self.assertEqual(Profile.objects.get(user=carol).full_name, "Carol")
