from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.contacts.models import Contact, Organisation, Touchpoint
from coffeechat.contacts.normalise import normalise_organisation_name
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories


class NormaliseTests(BaseTestCase):
    def test_it_treats_legal_forms_and_case_as_the_same_organisation(self):
        for variant in ["Stripe, Inc.", "STRIPE", "Stripe Inc", "stripe llc", "The Stripe Co."]:
            self.assertEqual(normalise_organisation_name(variant), "stripe", variant)
        self.assertNotEqual(normalise_organisation_name("Stripe Partners"), "stripe")


class ContactCreateEditDeleteTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def post_contact(self, url: str = "/contacts/new/", **overrides):
        data = {
            "given_name": "Priya",
            "family_name": "Shah",
            "organisation_name": "Stripe, Inc.",
            "role": "UX researcher",
            "relationship": "alumni",
            "emails_text": "priya@example.org\nPriya.Shah@example.com",
            "phones_text": "+44 20 7946 0000",
            "tags_text": "ux, fintech, UX",
            "links_text": "https://example.org/talk A talk she gave",
            "research_notes": "Moved from academia in 2019.",
        }
        data.update(overrides)
        return self.client.post(url, data)

    def test_it_creates_a_contact_with_organisation_tags_and_links(self):
        existing = factories.organisation(self.alice, "Stripe")
        response = self.post_contact()
        contact = Contact.objects.get(user=self.alice)
        self.assertRedirects(response, f"/contacts/{contact.pk}/")
        self.assertEqual(contact.display_name, "Priya Shah")
        self.assertEqual(contact.organisation, existing)
        self.assertEqual(contact.emails, ["priya@example.org", "Priya.Shah@example.com"])
        self.assertEqual(sorted(t.name for t in contact.tags.all()), ["fintech", "ux"])
        self.assertEqual(
            contact.links, [{"url": "https://example.org/talk", "title": "A talk she gave"}]
        )
        self.assertEqual(Organisation.objects.filter(user=self.alice).count(), 1)

    def test_it_names_the_bad_line_of_a_field(self):
        response = self.post_contact(emails_text="ok@example.org\nnot-an-address")
        self.assertContains(response, "Line 2: “not-an-address” is not an e-mail address.")
        self.assertFalse(Contact.objects.exists())

    def test_it_needs_some_name(self):
        response = self.post_contact(given_name="", family_name="")
        self.assertContains(response, "Give the contact a name.")

    def test_it_links_the_referrer_by_name(self):
        referrer = factories.contact(self.alice, "Ian Soandso")
        factories.contact(self.bob, "Ian Soandso")
        self.post_contact(referred_by_name="ian soandso")
        self.assertEqual(Contact.objects.get(given_name="Priya").referred_by, referrer)

    def test_it_refuses_a_referrer_who_is_not_your_contact(self):
        factories.contact(self.bob, "Ian Soandso")
        response = self.post_contact(referred_by_name="Ian Soandso")
        self.assertContains(response, "None of your contacts is named")

    def test_it_edits_a_contact(self):
        contact = factories.contact(self.alice, "Priya Shah")
        self.post_contact(f"/contacts/{contact.pk}/edit/", role="Research lead", tags_text="")
        contact.refresh_from_db()
        self.assertEqual(contact.role, "Research lead")
        self.assertEqual(contact.tags.count(), 0)

    def test_it_asks_before_deleting(self):
        contact = factories.contact(self.alice)
        response = self.client.get(f"/contacts/{contact.pk}/delete/")
        self.assertContains(response, "Delete for good")
        self.assertTrue(Contact.objects.filter(pk=contact.pk).exists())
        self.client.post(f"/contacts/{contact.pk}/delete/")
        self.assertFalse(Contact.objects.filter(pk=contact.pk).exists())

    def test_it_logs_a_touchpoint(self):
        contact = factories.contact(self.alice)
        self.client.post(
            f"/contacts/{contact.pk}/touchpoints/",
            {"kind": "shared", "text": "Sent her the article on research ops", "happened_at": ""},
        )
        touch = Touchpoint.objects.get(contact=contact)
        self.assertEqual(touch.kind, "shared")
        self.assertContains(self.client.get(f"/contacts/{contact.pk}/"), "research ops")


class ContactListTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        stripe = factories.organisation(self.alice, "Stripe")
        ux = factories.tag(self.alice, "ux")
        self.priya = factories.contact(self.alice, "Priya Shah", org=stripe, role="UX researcher")
        self.priya.tags.add(ux)
        self.tom = factories.contact(
            self.alice, "Tom Okafor", relationship="professor", research_notes="Teaches design"
        )
        self.jose = factories.contact(self.alice, "José García")
        factories.contact(self.bob, "Priya Other")

    def names(self, query: str) -> list[str]:
        response = self.client.get("/contacts/" + query)
        return [c.display_name for c in response.context["contacts"]]

    def test_it_lists_only_my_contacts(self):
        self.assertEqual(self.names(""), ["José García", "Priya Shah", "Tom Okafor"])

    def test_it_searches_name_organisation_role_tag_and_notes(self):
        self.assertEqual(self.names("?q=priya"), ["Priya Shah"])
        self.assertEqual(self.names("?q=stripe"), ["Priya Shah"])
        self.assertEqual(self.names("?q=researcher"), ["Priya Shah"])
        self.assertEqual(self.names("?q=ux"), ["Priya Shah"])
        self.assertEqual(self.names("?q=design"), ["Tom Okafor"])
        self.assertEqual(self.names("?q=jose"), ["José García"])
        self.assertEqual(self.names("?q=GARCÍA"), ["José García"])
        self.assertEqual(self.names("?q=José-García"), ["José García"])  # punctuation folded
        self.assertEqual(self.names("?q=%27"), [])  # only punctuation matches nothing by name

    def test_it_shows_each_row_with_its_links_and_tags_escaped(self):
        factories.contact(self.alice, '<b>Eve</b> "Quote"', role="<i>Lead</i>")
        response = self.client.get("/contacts/")
        stripe = self.priya.organisation
        self.assertContains(response, f'<a href="/contacts/{self.priya.pk}/">Priya Shah</a>')
        self.assertContains(response, f'<a href="/organisations/{stripe.pk}/">Stripe</a>')
        self.assertContains(response, '<td data-label="Tags"><span class="badge">ux</span></td>')
        self.assertContains(response, '<td data-label="How you know them">Professor</td>')
        self.assertContains(response, "&lt;b&gt;Eve&lt;/b&gt; &quot;Quote&quot;")
        self.assertContains(response, "&lt;i&gt;Lead&lt;/i&gt;")
        self.assertNotContains(response, "<b>Eve")

    def test_it_filters_by_relationship_tag_and_stage(self):
        self.assertEqual(self.names("?relationship=professor"), ["Tom Okafor"])
        self.assertEqual(self.names("?tag=UX"), ["Priya Shah"])
        factories.conversation(self.alice, self.tom, stage="requested")
        self.assertEqual(self.names("?stage=requested"), ["Tom Okafor"])

    def test_the_filters_keep_their_choices(self):
        response = self.client.get("/contacts/?relationship=professor&sort=-created&stage=met")
        self.assertContains(response, '<select name="relationship" id="id_relationship">')
        self.assertContains(response, '<option value="professor" selected>Professor</option>')
        self.assertContains(response, '<option value="-created" selected>Recently added</option>')
        self.assertContains(response, '<option value="met" selected>Met</option>')
        self.assertContains(response, '<option value="friend">Friend</option>')

    def test_it_sorts(self):
        self.assertEqual(self.names("?sort=-created")[0], "José García")

    def test_it_paginates(self):
        for number in range(60):
            factories.contact(self.alice, f"Person {number:02d}")
        first = self.client.get("/contacts/")
        self.assertEqual(len(first.context["contacts"]), 50)
        self.assertContains(first, "Page 1 · 63 in all")
        self.assertContains(first, 'rel="next"')
        second = self.client.get("/contacts/?page=2")
        self.assertEqual(len(second.context["contacts"]), 13)
        self.assertNotContains(second, 'rel="next"')
        # A filtered list is not counted (a "Next" link tells there is more).
        filtered = self.client.get("/contacts/?q=person")
        self.assertContains(filtered, "Page 1<")
        self.assertNotContains(filtered, "in all")
        self.assertEqual(self.client.get("/contacts/?page=x").context["page"].number, 1)

    def test_it_keeps_the_query_count_flat(self):
        def count_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/contacts/?q=p")
            return len(queries)

        small = count_queries()
        for number in range(30):
            person = factories.contact(
                self.alice, f"Pat {number}", org=factories.organisation(self.alice, f"Org {number}")
            )
            person.tags.add(factories.tag(self.alice, f"t{number}"))
        self.assertEqual(count_queries(), small)


class OrganisationTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def test_it_refuses_a_second_organisation_with_the_same_normal_name(self):
        factories.organisation(self.alice, "Stripe")
        response = self.client.post("/organisations/new/", {"name": "Stripe, Inc.", "interest": 0})
        self.assertContains(response, "You already have an organisation called")
        self.assertEqual(Organisation.objects.filter(user=self.alice).count(), 1)

    def test_it_allows_the_same_name_for_another_user(self):
        factories.organisation(self.bob, "Stripe")
        response = self.client.post("/organisations/new/", {"name": "Stripe", "interest": 3})
        org = Organisation.objects.get(user=self.alice)
        self.assertRedirects(response, f"/organisations/{org.pk}/")
        self.assertEqual(org.interest, 3)

    def test_it_shows_its_contacts_and_conversations(self):
        org = factories.organisation(self.alice, "Stripe")
        person = factories.contact(self.alice, "Priya Shah", org=org)
        factories.conversation(self.alice, person, stage="requested")
        response = self.client.get(f"/organisations/{org.pk}/")
        self.assertContains(response, "Priya Shah", count=2)
        self.assertContains(response, "Requested")

    def test_it_keeps_the_list_query_count_flat(self):
        def count_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/organisations/")
            return len(queries)

        factories.organisation(self.alice, "One")
        small = count_queries()
        for number in range(20):
            factories.contact(self.alice, org=factories.organisation(self.alice, f"Org {number}"))
        self.assertEqual(count_queries(), small)

    def test_it_deletes_and_keeps_contacts(self):
        org = factories.organisation(self.alice, "Stripe")
        person = factories.contact(self.alice, org=org)
        self.client.post(f"/organisations/{org.pk}/delete/")
        person.refresh_from_db()
        self.assertIsNone(person.organisation)
