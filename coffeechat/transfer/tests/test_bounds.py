"""Values longer than the database allows are cut, never dropped or crashing the import."""

from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer.models import ImportBatch
from coffeechat.transfer.parsers import linkedin
from coffeechat.transfer.services.importing import import_bytes

LONG = "Very Long Organisation " * 12  # 276 characters


class LongOrganisationTests(BaseTestCase):
    def test_it_keeps_an_organisation_over_200_characters_cut_to_fit(self):
        data = f"First Name,Last Name,Company\r\nAda,Lovelace,{LONG}A\r\n".encode()
        import_bytes(self.alice, data)
        ada = Contact.objects.get(user=self.alice, given_name="Ada")
        self.assertIsNotNone(ada.organisation)
        self.assertEqual(ada.organisation.name, LONG[:200].strip())
        again = import_bytes(self.alice, data)
        self.assertEqual((again.counts["new"], again.counts["updated"]), (0, 0))

    def test_two_long_names_sharing_their_first_200_characters_are_one_organisation(self):
        data = (
            "First Name,Last Name,Company\r\n"
            f"Ada,Lovelace,{LONG}Alpha\r\n"
            f"Alan,Turing,{LONG}Beta\r\n"
        ).encode()
        plan = import_bytes(self.alice, data)
        self.assertEqual(plan.counts["new"], 2)
        self.assertEqual(Organisation.objects.filter(user=self.alice).count(), 1)
        self.assertEqual(
            Contact.objects.filter(user=self.alice, organisation__isnull=False).count(), 2
        )


class UploadParsesOnceTests(BaseTestCase):
    def test_the_upload_parses_the_file_and_the_preview_reads_what_it_stored(self):
        # The upload used to parse nothing and leave it to every preview (and the commit):
        # now it parses once and the preview only matches the stored records.
        self.login(self.alice)
        data = b"First Name,Last Name,Company,Position\r\n" + b"Ada,Lovelace,Engines,Dev\r\n" * 50
        with mock.patch(
            "coffeechat.transfer.parsers.linkedin.parse", wraps=linkedin.parse
        ) as parse:
            response = self.client.post(
                "/transfer/import/",
                {"file": SimpleUploadedFile("Connections.csv", data), "format": "auto"},
            )
            parse.assert_called_once()
            batch = ImportBatch.objects.get(user=self.alice)
            self.assertRedirects(response, f"/transfer/import/{batch.pk}/")
            parse.assert_called_once()
        batch.refresh_from_db()
        self.assertEqual(batch.format, "linkedin")
