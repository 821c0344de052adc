"""An organisation with nobody in it offers "Add a person", which opens the contact form with
the organisation filled in (the owner's organisations only)."""

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories


class AddPersonTests(BaseTestCase):
    def test_it_offers_to_add_a_person_to_an_empty_organisation(self):
        stripe = factories.organisation(self.alice, "Stripe, Inc.")
        self.login(self.alice)
        response = self.client.get(f"/organisations/{stripe.pk}/")
        self.assertContains(response, "Nobody yet.")
        self.assertContains(
            response,
            f'<a class="button primary" href="/contacts/new/?organisation={stripe.pk}">'
            "Add a person</a>",
            html=True,
        )

    def test_it_prefills_the_organisation_and_saves_the_person_there(self):
        stripe = factories.organisation(self.alice, "Stripe, Inc.")
        self.login(self.alice)
        form = self.client.get(f"/contacts/new/?organisation={stripe.pk}")
        self.assertContains(form, 'value="Stripe, Inc."')
        self.client.post(
            f"/contacts/new/?organisation={stripe.pk}",
            {"given_name": "Priya", "organisation_name": "Stripe, Inc.", "relationship": "cold"},
        )
        self.assertEqual(Contact.objects.get(user=self.alice).organisation, stripe)

    def test_it_does_not_prefill_someone_elses_organisation(self):
        theirs = factories.organisation(self.bob, "Bob's Secret Startup")
        self.login(self.alice)
        for query in (str(theirs.pk), "999999", "x"):
            response = self.client.get(f"/contacts/new/?organisation={query}")
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, "Secret Startup")
