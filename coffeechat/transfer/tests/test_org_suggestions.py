"""The import preview suggests an existing organisation for a name written another way, and the
user chooses: use it, or keep the new name. Nothing is merged without that choice."""

import io
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.transfer.models import ImportBatch
from coffeechat.transfer.services.importing import import_bytes

CSV = (
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    b"Ada,Lovelace,,,Arup,Engineer,07 Dec 2025\r\n"
    b"Alan,Turing,,,Arup,Analyst,07 Dec 2025\r\n"
    b"Grace,Hopper,,,Arcadis,Admiral,07 Dec 2025\r\n"
    b"Edsger,Dijkstra,,,Metaswitch,Architect,07 Dec 2025\r\n"
)


class ImportSuggestionTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)
        self.arup = factories.organisation(self.alice, "Arup Group Ltd")
        self.meta = factories.organisation(self.alice, "Meta")
        self.client.post(
            reverse("transfer:upload"),
            {"file": SimpleUploadedFile("Connections.csv", CSV), "format": "auto"},
        )
        self.batch = ImportBatch.objects.get(user=self.alice)
        self.preview_url = reverse("transfer:batch", args=[self.batch.pk])
        self.field = "org:arup"

    def choose(self, value: str):
        return self.client.post(
            reverse("transfer:organisations", args=[self.batch.pk]), {self.field: value}
        )

    def commit(self) -> None:
        self.client.post(reverse("transfer:commit", args=[self.batch.pk]))

    def org_of(self, given_name: str) -> str:
        return Contact.objects.get(user=self.alice, given_name=given_name).organisation.name

    def test_the_preview_suggests_the_existing_organisation_and_only_that_one(self):
        page = self.client.get(self.preview_url)
        self.assertContains(page, "Organisations you may already have")
        self.assertContains(page, "Use your “Arup Group Ltd”")
        self.assertContains(page, "Keep “Arup” as a new organisation")
        self.assertContains(page, "(2 rows)")
        self.assertNotContains(page, "Keep “Arcadis”")
        self.assertNotContains(page, "Keep “Metaswitch”")
        plan = page.context["plan"]
        self.assertEqual(
            [(s.name, s.existing_id, s.chosen) for s in plan.org_suggestions],
            [("Arup", self.arup.pk, False)],
        )

    def test_without_a_choice_the_name_is_imported_as_a_new_organisation(self):
        self.commit()
        self.assertEqual((self.org_of("Ada"), self.org_of("Alan")), ("Arup", "Arup"))
        self.assertEqual(self.org_of("Grace"), "Arcadis")
        self.assertEqual(self.org_of("Edsger"), "Metaswitch")
        self.arup.refresh_from_db()
        self.assertEqual(self.arup.name, "Arup Group Ltd")

    def test_choosing_the_existing_organisation_imports_its_rows_there(self):
        response = self.choose(str(self.arup.pk))
        self.assertRedirects(response, self.preview_url)
        page = self.client.get(self.preview_url)
        self.assertEqual([s.chosen for s in page.context["plan"].org_suggestions], [True])
        self.assertContains(page, f'value="{self.arup.pk}" checked')
        self.commit()
        self.assertEqual((self.org_of("Ada"), self.org_of("Alan")), ("Arup Group Ltd",) * 2)
        self.assertFalse(Organisation.objects.filter(user=self.alice, name="Arup").exists())
        self.assertEqual(self.org_of("Grace"), "Arcadis")

    def test_a_choice_can_be_taken_back(self):
        self.choose(str(self.arup.pk))
        self.choose("new")
        self.batch.refresh_from_db()
        self.assertEqual(self.batch.org_choices, {})
        self.commit()
        self.assertEqual(self.org_of("Ada"), "Arup")

    def test_an_organisation_of_another_user_is_never_used(self):
        theirs = factories.organisation(self.bob, "Arup")
        self.choose(str(theirs.pk))
        self.batch.refresh_from_db()
        self.assertEqual(self.batch.org_choices, {})
        self.commit()
        self.assertEqual(self.org_of("Ada"), "Arup")
        self.assertEqual(Contact.objects.filter(organisation=theirs).count(), 0)

    def test_outsiders_get_404(self):
        self.login(self.bob)
        self.assertEqual(self.choose(str(self.arup.pk)).status_code, 404)
        self.batch.refresh_from_db()
        self.assertEqual(self.batch.org_choices, {})

    def test_a_chosen_organisation_deleted_meanwhile_falls_back_to_the_new_name(self):
        self.choose(str(self.arup.pk))
        self.arup.delete()
        self.commit()
        self.assertEqual(self.org_of("Ada"), "Arup")


class PlanWithoutChoicesTests(BaseTestCase):
    def test_the_command_line_import_never_merges_a_near_name(self):
        factories.organisation(self.alice, "Arup Group Ltd")
        plan = import_bytes(self.alice, CSV)
        self.assertEqual([s.name for s in plan.org_suggestions], ["Arup"])
        self.assertTrue(Organisation.objects.filter(user=self.alice, name="Arup").exists())


class CommandLineTests(BaseTestCase):
    def test_the_command_names_the_near_organisation_and_keeps_the_new_name(self):
        factories.organisation(self.alice, "Arup Group Ltd")
        path = Path(self.enterContext(tempfile.TemporaryDirectory())) / "Connections.csv"
        path.write_bytes(CSV)
        out = io.StringIO()
        call_command("import", str(path), "--user", "alice", stdout=out, stderr=io.StringIO())
        self.assertIn(
            "organisation Arup looks like your Arup Group Ltd; imported as a new organisation",
            out.getvalue(),
        )
        self.assertTrue(Organisation.objects.filter(user=self.alice, name="Arup").exists())
