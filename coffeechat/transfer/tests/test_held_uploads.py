"""Uploaded files held for a user: the limits the page states, a per-user cap, and clean-up."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer.models import BatchStatus, ImportBatch, Phase
from coffeechat.transfer.services import holding

CSV = b"First Name,Last Name,Email Address\nAda,Lovelace,ada@example.org\n"


def held(user, status=BatchStatus.PENDING, size=1024, **fields) -> ImportBatch:
    return ImportBatch.objects.create(
        user=user, filename="held.csv", data=b"x" * size, size=size, status=status, **fields
    )


class UploadLimitsTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def upload(self, content: bytes = CSV, name: str = "people.csv"):
        return self.client.post(
            reverse("transfer:upload"),
            {"file": SimpleUploadedFile(name, content), "format": "auto"},
        )

    @override_settings(COFFEECHAT_MAX_IMPORT_MB=1)
    def test_the_page_refusing_a_file_states_the_real_size_limit(self):
        response = self.upload(b"x" * (1024 * 1024 + 1), "big.csv")
        self.assertContains(response, "Files up to\n  1 MB", status_code=400)
        self.assertContains(response, "the import limit is 1 MB", status_code=400)
        self.assertNotContains(response, "up to\n   MB", status_code=400)
        empty = self.upload(b"", "empty.csv")
        self.assertContains(empty, "Files up to\n  1 MB", status_code=400)

    def test_it_caps_the_number_of_files_waiting(self):
        for _ in range(holding.max_held_files() - 1):
            held(self.alice)
        held(self.bob)  # others' files do not count
        self.assertEqual(self.upload().status_code, 302)
        refused = self.upload()
        self.assertContains(refused, "You already have 5 uploaded files waiting", status_code=400)
        self.assertContains(refused, "Import or cancel one of them below", status_code=400)
        self.assertContains(refused, "Waiting for your review", status_code=400)
        self.assertEqual(holding.held(self.alice).count(), 5)

    @override_settings(COFFEECHAT_MAX_HELD_IMPORT_MB=2)
    def test_it_caps_the_bytes_waiting_and_counts_stopped_imports(self):
        held(self.alice, status=BatchStatus.FAILED, size=2 * 1024 * 1024 - 10)
        refused = self.upload()
        self.assertContains(refused, "Your waiting files take 2 MB", status_code=400)
        self.assertContains(refused, "pass the 2 MB", status_code=400)
        self.assertContains(refused, "Importing or stopped", status_code=400)
        committed = ImportBatch.objects.get(user=self.alice)
        committed.status, committed.data = BatchStatus.COMMITTED, b""
        committed.save()
        self.assertEqual(self.upload().status_code, 302)

    @override_settings(COFFEECHAT_MAX_HELD_IMPORTS=1)
    def test_a_restore_counts_against_the_same_cap(self):
        held(self.alice)
        response = self.client.post(
            reverse("transfer:restore"),
            {"file": SimpleUploadedFile("backup.json", b"{}")},
        )
        self.assertContains(response, "You already have 1 uploaded files waiting", status_code=400)
        self.assertContains(
            response,
            '1 uploaded file waits for you: <a href="/transfer/">open or cancel it',
            status_code=400,
        )
        self.assertEqual(ImportBatch.objects.filter(user=self.alice).count(), 1)

    def test_cancelling_an_interrupted_import_deletes_its_file(self):
        stuck = held(
            self.alice,
            status=BatchStatus.RUNNING,
            phase=Phase.SAVING,
            attempt=1,
            task_id="gone",
        )
        ImportBatch.objects.filter(pk=stuck.pk).update(updated=timezone.now() - timedelta(hours=1))
        page = self.client.get(reverse("transfer:index"))
        self.assertContains(page, reverse("transfer:progress", args=[stuck.pk]))
        progress = self.client.get(reverse("transfer:progress", args=[stuck.pk]))
        self.assertContains(progress, "Try again")
        self.assertContains(progress, reverse("transfer:cancel", args=[stuck.pk]))
        self.client.post(reverse("transfer:cancel", args=[stuck.pk]))
        self.assertFalse(ImportBatch.objects.filter(pk=stuck.pk).exists())


class ExpiryTests(BaseTestCase):
    def test_it_deletes_stale_unimported_files_and_keeps_the_rest(self):
        week_ago = timezone.now() - holding.HOLD_FOR - timedelta(minutes=1)
        stale = [
            held(self.alice),
            held(self.alice, status=BatchStatus.FAILED),
            held(self.bob, status=BatchStatus.RUNNING, phase=Phase.SAVING),
        ]
        done = held(self.alice, status=BatchStatus.COMMITTED, size=0)
        fresh = held(self.alice)
        ImportBatch.objects.filter(pk__in=[b.pk for b in [*stale, done]]).update(updated=week_ago)
        out = io.StringIO()
        call_command("tidyimports", stdout=out)
        self.assertEqual(out.getvalue().strip(), "3 stale uploads deleted.")
        self.assertEqual(set(ImportBatch.objects.values_list("pk", flat=True)), {done.pk, fresh.pk})

    def test_an_upload_tidies_stale_files_first(self):
        old = held(self.alice)
        ImportBatch.objects.filter(pk=old.pk).update(
            updated=timezone.now() - holding.HOLD_FOR - timedelta(minutes=1)
        )
        self.login(self.alice)
        self.client.post(
            reverse("transfer:upload"),
            {"file": SimpleUploadedFile("people.csv", CSV), "format": "auto"},
        )
        self.assertFalse(ImportBatch.objects.filter(pk=old.pk).exists())
        self.assertEqual(ImportBatch.objects.filter(user=self.alice).count(), 1)
