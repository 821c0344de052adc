"""An upload is parsed once: the previews and the commit read the records stored at upload."""

from datetime import date
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer import parsers
from coffeechat.transfer.models import BatchStatus, ImportBatch
from coffeechat.transfer.parsers import parse_bytes
from coffeechat.transfer.services.parsed import dump, load
from coffeechat.transfer.tests.helpers import fixture

MAPPING = {
    "col_0": "family_name",
    "col_1": "given_name",
    "col_2": "emails",
    "col_3": "organisation",
    "col_4": "role",
}


class ParseOnceTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)
        # parse_text reads every row of a decoded file, whichever way the file came in.
        spy = mock.patch.object(parsers, "parse_text", wraps=parsers.parse_text)
        self.parses = spy.start()
        self.addCleanup(spy.stop)

    def upload(self, name: str) -> ImportBatch:
        self.client.post(
            reverse("transfer:upload"),
            {"file": SimpleUploadedFile(name, fixture(name)), "format": "auto"},
        )
        return ImportBatch.objects.get(user=self.alice)

    def preview(self, batch: ImportBatch):
        return self.client.get(reverse("transfer:batch", args=[batch.pk]))

    def test_upload_two_previews_and_the_commit_parse_the_file_once(self):
        batch = self.upload("linkedin_old_resaved.csv")
        first, second = self.preview(batch), self.preview(batch)
        for page in (first, second):
            self.assertContains(page, '<td data-count="new">3</td>', html=True)
            self.assertContains(page, "Line 4 (Connected On)")
        self.client.post(reverse("transfer:commit", args=[batch.pk]))
        batch.refresh_from_db()
        self.assertEqual(batch.status, BatchStatus.COMMITTED)
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 3)
        self.assertEqual(self.parses.call_count, 1)
        # Imported, the batch keeps neither the file nor its records.
        self.assertEqual((bytes(batch.data), bytes(batch.parsed)), (b"", b""))

    def test_a_csv_is_parsed_when_its_columns_are_chosen_and_again_only_for_new_ones(self):
        batch = self.upload("generic.csv")
        self.client.get(reverse("transfer:mapping", args=[batch.pk]))
        self.assertEqual(self.parses.call_count, 0)  # the headers are enough to choose
        self.client.post(reverse("transfer:mapping", args=[batch.pk]), MAPPING)
        self.preview(batch)
        self.preview(batch)
        self.assertEqual(self.parses.call_count, 1)
        # Saving the same columns again reads nothing; other columns read the file again.
        self.client.post(reverse("transfer:mapping", args=[batch.pk]), MAPPING)
        self.assertEqual(self.parses.call_count, 1)
        self.client.post(
            reverse("transfer:mapping", args=[batch.pk]), {**MAPPING, "col_4": "location"}
        )
        self.preview(batch)
        self.assertEqual(self.parses.call_count, 2)
        self.client.post(reverse("transfer:commit", args=[batch.pk]))
        self.assertEqual(self.parses.call_count, 2)
        marie = Contact.objects.get(user=self.alice, given_name="Marie")
        self.assertEqual((marie.location, marie.role), ("Directrice", ""))

    def test_a_refused_file_is_not_read_again_on_each_preview(self):
        self.client.post(
            reverse("transfer:upload"),
            {"file": SimpleUploadedFile("x.vcf", b"BEGIN:VCARD\n"), "format": "google"},
        )
        batch = ImportBatch.objects.get(user=self.alice)
        for _ in range(2):
            self.assertContains(self.preview(batch), "does not look like a Google Contacts CSV")
        self.assertEqual(self.parses.call_count, 1)

    def test_records_stored_by_another_version_are_not_trusted(self):
        batch = self.upload("linkedin_current.csv")
        with mock.patch("coffeechat.transfer.services.parsed.VERSION", 2):
            self.assertContains(self.preview(batch), "New contacts")
        self.assertEqual(self.parses.call_count, 2)

    def test_a_batch_without_stored_records_still_previews_and_a_get_writes_nothing(self):
        # Uploaded before records were stored: parsed for each view, never written by a GET.
        batch = ImportBatch.objects.create(
            user=self.alice, format="linkedin", data=fixture("linkedin_current.csv"), size=1
        )
        self.assertContains(self.preview(batch), "New contacts")
        batch.refresh_from_db()
        self.assertEqual(bytes(batch.parsed), b"")
        self.assertEqual(self.parses.call_count, 1)


class StoredRecordTests(BaseTestCase):
    def test_records_and_errors_read_back_field_by_field(self):
        for name in (
            "linkedin_old_resaved.csv",
            "google_current.csv",
            "contacts.vcf",
            "broken.vcf",
        ):
            with self.subTest(name):
                result = parse_bytes(fixture(name))
                head, back = load(dump(result, "auto", {}))
                self.assertEqual(head["mapping"], {})
                self.assertEqual(back.records, result.records)
                self.assertEqual(back.errors, result.errors)
                self.assertEqual(
                    (back.format, back.encoding, back.refused, back.more_errors),
                    (result.format, result.encoding, result.refused, result.more_errors),
                )

    def test_dates_lists_and_long_text_survive(self):
        result = parsers.ParseResult(format="linkedin", encoding="utf-8")
        record = parsers.ContactRecord(
            line=7,
            given_name="Zoë",
            emails=["a@example.org", "b@example.org"],
            tags=["fintech, payments"],
            notes="line one\nline two " + "x" * 200_000,
            connected_on=date(2024, 2, 29),
        )
        result.records.append(record)
        _head, back = load(dump(result, "linkedin", {"Nom": "family_name"}))
        self.assertEqual(back.records, [record])
