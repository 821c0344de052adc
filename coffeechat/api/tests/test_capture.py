"""The bookmarklet's capture window: a page read as a contact, confirmed, and a likely
duplicate offered for merging instead of a second contact."""

from urllib.parse import unquote

from django.test import SimpleTestCase
from django.utils.html import escape

from coffeechat.api.capture import parse_page
from coffeechat.api.panels import bookmarklet
from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories

LINKEDIN = "https://www.linkedin.com/in/priya-shah-42/?originalSubdomain=uk"


class ParseTests(SimpleTestCase):
    def test_it_reads_a_linkedin_title(self):
        parsed = parse_page("(3) Priya Shah - Staff Designer - Monzo | LinkedIn", LINKEDIN, "")
        self.assertEqual(
            (parsed.name, parsed.role, parsed.organisation),
            ("Priya Shah", "Staff Designer", "Monzo"),
        )
        self.assertEqual(parsed.linkedin_url, "https://www.linkedin.com/in/priya-shah-42/")
        self.assertEqual(parsed.link, "")

    def test_it_reads_a_headline_with_at(self):
        parsed = parse_page("Jordan Lee – UX Researcher at Stripe | LinkedIn", LINKEDIN, "")
        self.assertEqual(
            (parsed.name, parsed.role, parsed.organisation),
            ("Jordan Lee", "UX Researcher", "Stripe"),
        )

    def test_it_prefers_a_selected_name_and_headline(self):
        parsed = parse_page(
            "Team | Acme Labs",
            "https://acme.example/team",
            "Maria van der Berg\nHead of Research @ Acme Labs\nShe wrote the field guide.",
        )
        self.assertEqual(
            (parsed.name, parsed.role, parsed.organisation),
            ("Maria van der Berg", "Head of Research", "Acme Labs"),
        )
        self.assertEqual(parsed.notes, "She wrote the field guide.")
        self.assertEqual(parsed.link, "https://acme.example/team")

    def test_it_leaves_the_name_empty_when_the_page_does_not_give_one(self):
        parsed = parse_page("Pricing - Stripe", "https://stripe.com/pricing", "fees are 2.9%")
        self.assertEqual((parsed.name, parsed.role, parsed.organisation), ("", "", ""))
        self.assertEqual(parsed.notes, "fees are 2.9%")

    def test_it_ignores_addresses_that_are_not_web_pages(self):
        parsed = parse_page("Ada Lovelace - Analyst", "javascript:alert(1)", "")
        self.assertEqual((parsed.link, parsed.linkedin_url), ("", ""))


class CaptureViewTests(BaseTestCase):
    def open(self, **params):
        return self.client.get("/capture/", params)

    def test_it_needs_a_signed_in_user(self):
        response = self.open(title="Priya Shah - Designer - Monzo | LinkedIn")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_it_prefills_the_form_and_saves_only_on_confirmation(self):
        self.login(self.alice)
        response = self.open(
            title="Priya Shah - Staff Designer - Monzo | LinkedIn", url=LINKEDIN, selection=""
        )
        form = response.context["form"]
        self.assertEqual(form.initial["given_name"], "Priya")
        self.assertEqual(form.initial["family_name"], "Shah")
        self.assertEqual(form.initial["organisation_name"], "Monzo")
        self.assertFalse(Contact.objects.exists())
        response = self.client.post(
            "/capture/",
            {
                "given_name": "Priya",
                "family_name": "Shah",
                "display_name": "Priya Shah",
                "organisation_name": "Monzo",
                "role": "Staff Designer",
                "relationship": "linkedin",
                "linkedin_url": LINKEDIN,
                "action": "save",
            },
        )
        contact = Contact.objects.get(user=self.alice)
        self.assertRedirects(response, f"/capture/{contact.pk}/")
        self.assertEqual((contact.role, str(contact.organisation)), ("Staff Designer", "Monzo"))
        self.assertEqual(contact.relationship, "linkedin")

    def test_it_offers_a_duplicate_for_merge_instead_of_creating_it(self):
        existing = factories.contact(self.alice, "Priya Shah", linkedin_url=LINKEDIN)
        factories.contact(self.bob, "Priya Shah")
        self.login(self.alice)
        page = self.open(title="Priya Shah - Staff Designer - Monzo | LinkedIn", url=LINKEDIN)
        self.assertEqual(page.context["duplicates"], [existing])
        self.assertContains(page, f'name="merge_into" value="{existing.pk}"')
        data = {
            "given_name": "Priya",
            "family_name": "Shah",
            "organisation_name": "Monzo",
            "role": "Staff Designer",
            "relationship": "cold",
            "linkedin_url": LINKEDIN,
            "links_text": "",
            "research_notes": "Speaks at UX Leeds.",
        }
        # Saving plainly does not create a second Priya: the choice is offered again.
        again = self.client.post("/capture/", {**data, "action": "save"})
        self.assertTrue(again.context["confirm"])
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 1)
        # Merging fills what the existing contact lacked and keeps one contact.
        merged = self.client.post("/capture/", {**data, "merge_into": existing.pk})
        self.assertRedirects(merged, f"/capture/{existing.pk}/")
        existing.refresh_from_db()
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 1)
        self.assertEqual((existing.role, str(existing.organisation)), ("Staff Designer", "Monzo"))
        self.assertEqual(existing.research_notes, "Speaks at UX Leeds.")

    def test_it_finds_a_duplicate_by_name_or_by_the_same_page(self):
        by_name = factories.contact(self.alice, "Maria Costa")
        by_page = factories.contact(
            self.alice, "M. Costa", links=[{"url": "https://acme.example/maria", "title": ""}]
        )
        self.login(self.alice)
        page = self.open(title="Maria Costa | Acme", url="https://acme.example/maria")
        self.assertEqual({c.pk for c in page.context["duplicates"]}, {by_name.pk, by_page.pk})

    def test_it_saves_a_new_contact_anyway_when_asked(self):
        factories.contact(self.alice, "Priya Shah")
        self.login(self.alice)
        self.client.post(
            "/capture/",
            {"given_name": "Priya", "family_name": "Shah", "relationship": "cold", "action": "new"},
        )
        self.assertEqual(Contact.objects.filter(user=self.alice, name_key="priya shah").count(), 2)

    def test_it_will_not_merge_into_someone_elses_contact(self):
        theirs = factories.contact(self.bob, "Priya Shah")
        self.login(self.alice)
        response = self.client.post(
            "/capture/",
            {
                "given_name": "Priya",
                "family_name": "Shah",
                "relationship": "cold",
                "merge_into": theirs.pk,
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 0)

    def test_it_shows_the_contact_forms_errors(self):
        self.login(self.alice)
        response = self.client.post("/capture/", {"relationship": "cold", "action": "save"})
        self.assertContains(response, "Give the contact a name.")
        self.assertFalse(Contact.objects.exists())


class BookmarkletTests(BaseTestCase):
    def test_the_profile_page_offers_the_bookmarklet(self):
        self.login(self.alice)
        page = self.client.get("/accounts/profile/")
        self.assertContains(page, "Save to Coffeechat")
        href = escape(bookmarklet("http://testserver/capture/"))
        self.assertContains(page, f'href="{href}"')

    def test_the_bookmarklet_only_opens_a_coffeechat_window(self):
        code = unquote(bookmarklet("https://coffee.example/capture/"))
        self.assertTrue(code.startswith("javascript:(function(){"))
        self.assertIn("w.open(u,'coffeechat'", code)
        self.assertIn("'https://coffee.example/capture/?url='", code)
        # Nothing is loaded into the page it runs on.
        for injected in ("createElement", "appendChild", "<script", "src="):
            self.assertNotIn(injected, code)
