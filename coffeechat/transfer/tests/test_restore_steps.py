"""A restore in short transactions: other users can write meanwhile; still all or nothing."""

import json
import sqlite3
import unittest
from unittest import mock

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import TransactionTestCase

from coffeechat.accounts.models import Profile
from coffeechat.contacts.models import Contact, Organisation
from coffeechat.contacts.signals import contacts_changed_in_bulk
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.meetings.models import Meeting
from coffeechat.transfer.models import ImportBatch
from coffeechat.transfer.services import backup
from coffeechat.transfer.services.backup import (
    export_json,
    restore,
    restore_atomically,
    restore_in_steps,
)
from coffeechat.transfer.services.progress import ProgressWriter
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

    def test_the_restore_the_web_and_command_run_is_the_stepped_one_here(self):
        self.assertEqual(self.run_with_writer(restore_atomically), ["saved"])
        self.assertEqual(Contact.objects.filter(user=self.carol).count(), 2)

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

        carol.email = ""
        carol.save()
        with self.assertRaises(RuntimeError):
            restore_in_steps(carol, payload, then=superseded)
        self.assertFalse(Contact.objects.filter(user=carol).exists())
        self.assertEqual(Profile.objects.get(user=carol).full_name, "Carol")
        carol.refresh_from_db()
        self.assertEqual(carol.email, "")  # the backup's address was not kept either


class WhatOthersSeeTests(TransactionTestCase):
    """Another connection looks at the account as the restore finishes its last write."""

    def setUp(self):
        self.alice = make_user("alice")
        build_account(self.alice)
        self.payload = json.loads(export_json(self.alice))
        self.carol = make_user("carol")
        self.seen: list[int] = []

    def look(self, **_kwargs) -> None:
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                table = Contact._meta.db_table
                cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = %s", [self.carol.pk])
                self.seen.append(cursor.fetchone()[0])
        finally:
            other.close()

    def test_postgresql_restores_in_one_transaction_and_sqlite_in_steps(self):
        contacts_changed_in_bulk.connect(self.look)
        try:
            restore_atomically(self.carol, self.payload)
        finally:
            contacts_changed_in_bulk.disconnect(self.look)
        # PostgreSQL: nothing is visible until the one transaction commits. SQLite: every step
        # is committed as it goes (and undone by hand if a later one fails).
        self.assertEqual(self.seen, [0 if connection.vendor == "postgresql" else 2])
        self.assertEqual(Contact.objects.filter(user=self.carol).count(), 2)

    def test_a_failure_at_the_end_leaves_nothing_on_either_database(self):
        def fail(_counts):
            raise RuntimeError("the outcome could not be recorded")

        with self.assertRaises(RuntimeError):
            restore_atomically(self.carol, self.payload, then=fail)
        self.assertFalse(Contact.objects.filter(user=self.carol).exists())
        self.assertEqual(Profile.objects.get(user=self.carol).full_name, "Carol")

    def test_progress_written_between_steps_is_seen_at_once(self):
        batch = ImportBatch.objects.create(user=self.carol, format="backup", attempt=1)
        writer = ProgressWriter(batch.pk, attempt=1)
        try:
            writer(3, 11)
        finally:
            writer.close()
        progress = ImportBatch.objects.values_list("done", "total").get(pk=batch.pk)
        self.assertEqual(progress, (3, 11))


class ProgressTests(BaseTestCase):
    def test_it_reports_rows_written_out_of_all_rows_after_each_step(self):
        build_account(self.alice)
        payload = json.loads(export_json(self.alice))
        carol = make_user("carol")
        reports: list[tuple[int, int]] = []
        with mock.patch.object(backup, "STEP_ROWS", 1):
            restore_in_steps(
                carol, payload, progress=lambda done, total: reports.append((done, total))
            )
        self.assertEqual(reports, [(n, 11) for n in range(1, 12)])
