"""Coffeechat's own CSV export imports back, field by field, without choosing columns."""

from django.core.files.uploadedfile import SimpleUploadedFile

from coffeechat.contacts.models import Contact, Organisation, Tag
from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer.models import ImportBatch
from coffeechat.transfer.services.exporting import export_csv
from coffeechat.transfer.services.importing import import_bytes

FIELDS = ("display_name", "given_name", "family_name", "emails", "phones", "role", "location")


def snapshot(user):
    out = []
    for c in Contact.objects.owned_by(user).order_by("display_name"):
        row = tuple(getattr(c, f) for f in FIELDS)
        org = c.organisation.name if c.organisation else ""
        tags = sorted(t.name for t in c.tags.all())
        out.append((*row, org, c.linkedin_url, tags))
    return out


class OwnCsvTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        org = Organisation.objects.create(user=self.alice, name='Payments; Ltd, "Quoted"')
        ada = Contact.objects.create(
            user=self.alice,
            given_name="Ada",
            family_name="Lovelace",
            emails=["ada@example.org", "ada@work.example"],
            phones=["+44 20 7946 0958", "+1 555 0100"],
            organisation=org,
            role="=VP, Engineering; EMEA",
            location="London",
            linkedin_url="https://www.linkedin.com/in/ada",
        )
        ada.tags.add(
            Tag.objects.create(user=self.alice, name="fintech, payments"),
            Tag.objects.create(user=self.alice, name="back\\slash; semi"),
        )
        Contact.objects.create(user=self.alice, display_name="'Tis Apostrophe", phones=["-12"])

    def test_it_imports_its_own_export_back_field_by_field(self):
        exported = export_csv(self.alice).encode()
        plan = import_bytes(self.bob, exported)
        self.assertEqual((plan.format, plan.counts["new"], plan.errors), ("coffeechat", 2, []))
        self.assertEqual(snapshot(self.bob), snapshot(self.alice))
        ada = Contact.objects.get(user=self.bob, given_name="Ada")
        self.assertEqual(ada.phones, ["+44 20 7946 0958", "+1 555 0100"])
        self.assertEqual(
            sorted(t.name for t in ada.tags.all()), ["back\\slash; semi", "fintech, payments"]
        )
        again = import_bytes(self.bob, exported)
        self.assertEqual((again.counts["new"], again.counts["updated"]), (0, 0))

    def test_it_still_defuses_formulas_in_the_file(self):
        text = export_csv(self.alice)
        self.assertIn("'+44 20 7946 0958; +1 555 0100", text)
        self.assertIn("'=VP, Engineering; EMEA", text)

    def test_it_skips_the_column_choice_on_upload(self):
        self.login(self.bob)
        response = self.client.post(
            "/transfer/import/",
            {
                "file": SimpleUploadedFile("contacts.csv", export_csv(self.alice).encode()),
                "format": "auto",
            },
        )
        batch = ImportBatch.objects.get(user=self.bob)
        self.assertRedirects(response, f"/transfer/import/{batch.pk}/")
        self.assertEqual(batch.format, "coffeechat")
