"""Restoring a JSON backup from the web runs as a task, shown on the import progress page."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.transfer.models import BatchStatus, ImportBatch
from coffeechat.transfer.services.backup import export_json


class RestoreViewTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        Contact.objects.create(user=self.alice, display_name="Ada Lovelace")
        self.backup = export_json(self.alice).encode()

    def restore(self, user):
        self.login(user)
        return self.client.post(
            reverse("transfer:restore"),
            {"file": SimpleUploadedFile("coffeechat-backup.json", self.backup)},
        )

    def test_it_restores_into_an_empty_account(self):
        carol = make_user("carol")
        response = self.restore(carol)
        batch = ImportBatch.objects.get(user=carol)
        progress = reverse("transfer:progress", args=[batch.pk])
        self.assertRedirects(response, progress, fetch_redirect_response=False)
        self.assertEqual(batch.status, BatchStatus.COMMITTED)
        self.assertEqual(
            list(Contact.objects.filter(user=carol).values_list("display_name", flat=True)),
            ["Ada Lovelace"],
        )
        self.assertContains(self.client.get(progress), "restored from the backup")

    def test_it_refuses_an_account_with_data_and_saves_nothing(self):
        self.restore(self.alice)
        batch = ImportBatch.objects.get(user=self.alice)
        self.assertEqual(batch.status, BatchStatus.FAILED)
        self.assertIn("already holds data", batch.error)
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 1)
