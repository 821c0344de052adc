"""`coffeechat restore`: the web page's preview on the command line, `--dry-run`, progress."""

import io
import json
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock

from django.core.management import CommandError, call_command
from django.db import IntegrityError

from coffeechat.accounts.models import Profile
from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.transfer.services.backup import export_json
from coffeechat.transfer.services.restore_preview import inspect_backup, preview_restore
from coffeechat.transfer.tests.test_export import build_account


class RestoreCommandTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        build_account(self.alice)
        self.payload = json.loads(export_json(self.alice))
        self.carol = make_user("carol")
        self.tmp = TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def run_restore(self, payload, *args) -> tuple[str, str]:
        path = Path(self.tmp.name) / "backup.json"
        path.write_text(payload if isinstance(payload, str) else json.dumps(payload))
        out, err = io.StringIO(), io.StringIO()
        call_command("restore", str(path), "--user", "carol", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_a_dry_run_says_what_the_web_preview_says_and_writes_nothing(self):
        out, _ = self.run_restore(self.payload, "--dry-run")
        preview = preview_restore(self.carol, inspect_backup(self.payload))
        self.assertIn("\n".join(preview.lines()), out)
        self.assertIn("Restoring adds:\n  2 contacts\n  1 organisation\n", out)
        self.assertIn("  1 follow-up task\n", out)
        self.assertIn("Your profile is replaced by the one in the backup.", out)
        self.assertIn("Dry run: nothing was written.", out)
        self.assertFalse(Contact.objects.filter(user=self.carol).exists())
        self.assertEqual(Profile.objects.get(user=self.carol).full_name, "Carol")

    def test_it_restores_after_the_preview_with_a_progress_bar(self):
        out, err = self.run_restore(self.payload)
        self.assertIn("Restoring adds:", out)
        self.assertIn("Restored 11 records.", out)
        self.assertIn("Restoring [##############################] 100%  11/11", err)
        self.assertEqual(Contact.objects.filter(user=self.carol).count(), 2)

    def test_problems_are_named_and_nothing_is_written(self):
        self.payload["models"]["followup.actionitem"][0]["fields"]["contact"] = 99
        for args in ((), ("--dry-run",)):
            with self.assertRaisesMessage(CommandError, "The file has problems"):
                self.run_restore(self.payload, *args)
        out = io.StringIO()
        path = Path(self.tmp.name) / "backup.json"
        with self.assertRaises(CommandError):
            call_command("restore", str(path), "--user", "carol", stdout=out)
        self.assertIn(
            "1 problem in the file stops the restore:\n  Follow-up task 1 (Send thanks), "
            "field “contact”: it points to contact 99, which is not in the backup.",
            out.getvalue(),
        )
        self.assertFalse(Contact.objects.filter(user=self.carol).exists())

    def test_a_refusal_by_the_database_is_a_message_and_leaves_nothing(self):
        with (
            mock.patch(
                "coffeechat.transfer.services.backup.contacts_changed_in_bulk.send",
                side_effect=IntegrityError("UNIQUE constraint failed"),
            ),
            self.assertRaisesMessage(CommandError, "The database refused the backup"),
        ):
            self.run_restore(self.payload)
        self.assertFalse(Contact.objects.filter(user=self.carol).exists())
        self.assertEqual(Profile.objects.get(user=self.carol).full_name, "Carol")

    def test_bad_files_get_a_message(self):
        with self.assertRaisesMessage(CommandError, "backup.json: This file is not a Coffeechat"):
            self.run_restore("{not json")
        with self.assertRaisesMessage(CommandError, "another program's JSON"):
            self.run_restore({"hello": 1})
        with self.assertRaisesMessage(CommandError, "No such file"):
            call_command("restore", "/nonexistent/backup.json", "--user", "carol")
        with self.assertRaisesMessage(CommandError, "is a directory"):
            call_command("restore", self.tmp.name, "--user", "carol")
