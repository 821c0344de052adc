"""The contact form asks, after a submit, whether a new organisation name means one the user has."""

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories

QUESTION = "which looks like the same organisation"


class ContactFormSuggestionTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)
        self.arup = factories.organisation(self.alice, "Arup Group Ltd")

    def post(self, organisation: str, choice: str | None = None, url: str = "/contacts/new/"):
        data = {"given_name": "Priya", "family_name": "Shah", "relationship": "cold"}
        data["organisation_name"] = organisation
        if choice is not None:
            data["organisation_choice"] = choice
        return self.client.post(url, data)

    def test_a_close_name_is_asked_about_not_saved(self):
        page = self.post("Arup")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, QUESTION)
        self.assertContains(page, "Yes, use “Arup Group Ltd”")
        self.assertContains(page, "No, add “Arup” as a new organisation")
        self.assertFalse(Contact.objects.exists())
        self.assertEqual(Organisation.objects.filter(user=self.alice).count(), 1)

    def test_choosing_the_existing_one_uses_it(self):
        self.post("Arup", "existing")
        contact = Contact.objects.get(user=self.alice)
        self.assertEqual(contact.organisation, self.arup)
        self.assertEqual(Organisation.objects.filter(user=self.alice).count(), 1)

    def test_keeping_the_new_name_creates_it(self):
        self.post("Arup", "new")
        contact = Contact.objects.get(user=self.alice)
        self.assertEqual(contact.organisation.name, "Arup")
        self.assertEqual(Organisation.objects.filter(user=self.alice).count(), 2)

    def test_a_different_or_identical_organisation_is_not_asked_about(self):
        for name in ("Arcadis", "Arup Group Limited"):  # the second is Arup Group Ltd exactly
            with self.subTest(name):
                response = self.post(name)
                self.assertEqual(response.status_code, 302)
        self.assertEqual(
            sorted(Contact.objects.values_list("organisation__name", flat=True)),
            ["Arcadis", "Arup Group Ltd"],
        )

    def test_another_users_organisation_is_never_suggested(self):
        self.login(self.bob)
        response = self.post("Arup")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Contact.objects.get(user=self.bob).organisation.name, "Arup")

    def test_editing_a_contact_asks_too(self):
        contact = factories.contact(self.alice, "Priya Shah")
        page = self.post("Arup", url=f"/contacts/{contact.pk}/edit/")
        self.assertContains(page, QUESTION)
        self.post("Arup", "existing", url=f"/contacts/{contact.pk}/edit/")
        contact.refresh_from_db()
        self.assertEqual(contact.organisation, self.arup)
