"""A web import goes through the task queue: the database backend holds the task, a worker runs
it, and the batch row holds progress and outcome for any app server to show."""

from datetime import timedelta
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import make_user
from coffeechat.transfer.models import BatchStatus, ImportBatch, Phase
from coffeechat.transfer.services import runs
from coffeechat.transfer.tests.helpers import fixture

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_TASKS)
class QueuedImportTests(TransactionTestCase):
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
        self.progress = reverse("transfer:progress", args=[self.batch.pk])

    def state(self) -> dict:
        return self.client.get(self.progress, headers={"accept": "application/json"}).json()

    def work(self) -> None:
        """What a worker on another machine does: run every queued task, then stop."""
        call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
        self.batch.refresh_from_db()

    def test_it_queues_the_import_and_a_worker_runs_it(self):
        response = self.client.post(reverse("transfer:commit", args=[self.batch.pk]))
        self.assertRedirects(response, self.progress, fetch_redirect_response=False)
        self.batch.refresh_from_db()
        self.assertEqual((self.batch.status, self.batch.phase), (BatchStatus.RUNNING, "queued"))
        task = DBTaskResult.objects.get(pk=self.batch.task_id)
        self.assertEqual(task.status, TaskResultStatus.READY)
        self.assertEqual((self.state()["status"], self.state()["phase"]), ("running", "queued"))
        self.assertFalse(Contact.objects.exists())

        self.work()
        self.assertEqual(self.batch.status, BatchStatus.COMMITTED)
        self.assertEqual((self.batch.done, self.batch.total), (10, 10))
        self.assertEqual(Contact.objects.filter(user=self.ana).count(), 5)
        task.refresh_from_db()
        self.assertEqual(
            (task.status, task.return_value), (TaskResultStatus.SUCCESSFUL, "committed")
        )
        state = self.state()
        self.assertEqual((state["status"], state["summary"]["new"]), ("committed", 5))

    def test_a_failure_saves_nothing_and_try_again_imports(self):
        self.client.post(reverse("transfer:commit", args=[self.batch.pk]))
        with mock.patch.object(runs, "commit_plan", side_effect=RuntimeError("disk full")):
            self.work()
        self.assertEqual(self.batch.status, BatchStatus.FAILED)
        self.assertIn("nothing was imported", self.batch.error)
        self.assertFalse(Contact.objects.exists())
        page = self.client.get(self.progress)
        self.assertContains(page, "Import stopped")
        self.assertContains(page, "Try again")

        self.client.post(reverse("transfer:retry", args=[self.batch.pk]))
        self.batch.refresh_from_db()
        self.assertEqual((self.batch.status, self.batch.attempt), (BatchStatus.RUNNING, 2))
        self.work()
        self.assertEqual(self.batch.status, BatchStatus.COMMITTED)
        self.assertEqual(Contact.objects.filter(user=self.ana).count(), 5)

    def test_contacts_are_kept_only_if_the_outcome_is_recorded_with_them(self):
        self.client.post(reverse("transfer:commit", args=[self.batch.pk]))
        locked = OperationalError("database is locked")
        with mock.patch.object(runs, "_record_success", side_effect=locked):
            self.work()
        self.assertEqual(self.batch.status, BatchStatus.FAILED)
        self.assertFalse(Contact.objects.exists())

    def test_a_task_whose_worker_died_can_be_tried_again(self):
        self.client.post(reverse("transfer:commit", args=[self.batch.pk]))
        self.batch.refresh_from_db()
        # A worker stopped by force mid-import: the backend records the task as failed while
        # the batch, rolled back, still says it is running.
        ImportBatch.objects.filter(pk=self.batch.pk).update(phase=Phase.SAVING)
        DBTaskResult.objects.filter(pk=self.batch.task_id).update(status=TaskResultStatus.FAILED)
        page = self.client.get(self.progress)
        self.assertContains(page, "Import stopped")
        self.assertContains(page, "interrupted")
        self.assertContains(page, "Try again")
        self.assertNotContains(page, 'http-equiv="refresh"')

        self.client.post(reverse("transfer:retry", args=[self.batch.pk]))
        self.work()
        self.assertEqual(self.batch.status, BatchStatus.COMMITTED)
        self.assertEqual(Contact.objects.filter(user=self.ana).count(), 5)

    def test_a_batch_stuck_without_a_worker_can_be_tried_again(self):
        self.client.post(reverse("transfer:commit", args=[self.batch.pk]))
        # Its worker was killed outright (nothing recorded) long ago.
        DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
        ImportBatch.objects.filter(pk=self.batch.pk).update(
            phase=Phase.READING, updated=timezone.now() - timedelta(hours=1)
        )
        self.assertEqual(self.state()["status"], "failed")
        self.client.post(reverse("transfer:retry", args=[self.batch.pk]))
        self.work()
        self.assertEqual(self.batch.status, BatchStatus.COMMITTED)

    def test_a_cancelled_import_saves_nothing_when_its_task_runs(self):
        self.client.post(reverse("transfer:commit", args=[self.batch.pk]))
        task_id = ImportBatch.objects.get(pk=self.batch.pk).task_id
        response = self.client.post(reverse("transfer:cancel", args=[self.batch.pk]))
        self.assertRedirects(response, reverse("transfer:index"), fetch_redirect_response=False)
        self.assertFalse(ImportBatch.objects.exists())
        call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
        self.assertEqual(DBTaskResult.objects.get(pk=task_id).return_value, "superseded")
        self.assertFalse(Contact.objects.exists())

    def test_a_task_from_an_older_attempt_rolls_back(self):
        self.client.post(reverse("transfer:commit", args=[self.batch.pk]))
        # "Try again" started attempt 2 while the task for attempt 1 still waited.
        ImportBatch.objects.filter(pk=self.batch.pk).update(attempt=2)
        self.assertEqual(runs.run(self.batch.pk, 1), "superseded")
        self.assertFalse(Contact.objects.exists())
