"""A web import runs in a background thread, on its own database connection."""

from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import TransactionTestCase, override_settings
from django.urls import reverse

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import make_user
from coffeechat.transfer.models import BatchStatus, ImportBatch
from coffeechat.transfer.services import running
from coffeechat.transfer.tests.helpers import fixture


@override_settings(COFFEECHAT_IMPORT_IN_BACKGROUND=True)
class BackgroundImportTests(TransactionTestCase):
    def setUp(self) -> None:
        self.ana = make_user("ana")
        self.client.force_login(self.ana)
        self.client.post(
            reverse("transfer:upload"),
            {
                "file": SimpleUploadedFile("c.csv", fixture("linkedin_current.csv")),
                "format": "auto",
            },
        )
        self.batch = ImportBatch.objects.get(user=self.ana)

    def commit_and_wait(self):
        response = self.client.post(reverse("transfer:commit", args=[self.batch.pk]))
        running.wait(self.batch.pk)
        self.batch.refresh_from_db()
        return response

    def test_it_imports_in_a_thread_and_reports_the_outcome(self):
        response = self.commit_and_wait()
        self.assertRedirects(
            response,
            reverse("transfer:progress", args=[self.batch.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(self.batch.status, BatchStatus.COMMITTED)
        self.assertEqual(self.batch.summary["new"], 5)
        self.assertEqual(Contact.objects.filter(user=self.ana).count(), 5)
        self.assertIsNone(running.progress_of(self.batch.pk))
        state = self.client.get(
            reverse("transfer:progress", args=[self.batch.pk]),
            headers={"accept": "application/json"},
        ).json()
        self.assertEqual((state["status"], state["summary"]["new"]), ("committed", 5))

    def test_a_failure_saves_nothing_and_says_so(self):
        with mock.patch.object(running, "commit_plan", side_effect=RuntimeError("disk full")):
            self.commit_and_wait()
        self.assertEqual(self.batch.status, BatchStatus.FAILED)
        self.assertIn("nothing was imported", self.batch.error)
        self.assertFalse(Contact.objects.exists())
        page = self.client.get(reverse("transfer:progress", args=[self.batch.pk]))
        self.assertContains(page, "Import stopped")

    def test_contacts_are_kept_only_if_the_outcome_is_recorded_with_them(self):
        save = ImportBatch.save

        def refuse_to_record_success(batch, *args, **kwargs):
            if batch.status == BatchStatus.COMMITTED:
                raise OperationalError("database is locked")
            return save(batch, *args, **kwargs)

        with mock.patch.object(ImportBatch, "save", refuse_to_record_success):
            self.commit_and_wait()
        self.assertEqual(self.batch.status, BatchStatus.FAILED)
        self.assertIn("nothing was imported", self.batch.error)
        self.assertFalse(Contact.objects.exists())


class ProgressTests(TransactionTestCase):
    def test_percent_is_unknown_until_there_is_a_total(self):
        self.assertIsNone(running.Progress(running.READING).percent)
        self.assertEqual(running.Progress(running.SAVING, 150, 600).percent, 25)
