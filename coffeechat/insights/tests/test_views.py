import time_machine

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.insights.models import CareerPath
from coffeechat.insights.tests.data import funnel_data, path_data


@time_machine.travel("2026-06-10 09:00Z", tick=False)
class PathViewTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.data = path_data(self.alice)
        self.path = self.data["path"]
        self.url = f"/insights/paths/{self.path.pk}/"

    def test_it_lists_paths_with_link_counts(self):
        self.login(self.alice)
        response = self.client.get("/insights/")
        self.assertContains(response, "UX research")
        self.assertContains(response, "1 conversation, 1 contact, 1 organisation")

    def test_it_shows_the_side_by_side_view_with_gaps_and_prompts(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Mostly interviews and synthesis")
        self.assertContains(response, "Which skills? — Learn Figma")
        self.assertContains(response, 'class="gap"', count=8 * 3 - 4)
        self.assertContains(response, "Industry trends and outlook")
        self.assertNotContains(response, "Not on the path")
        self.assertNotContains(response, "Send CV")
        # The first conversation not met yet is who to ask next.
        ben = self.data["conversations"]["ben"]
        self.assertContains(response, f"/conversations/{ben.pk}/plan/")

    def test_it_creates_a_path(self):
        self.login(self.alice)
        response = self.client.post("/insights/paths/new/", {"name": "Impact investing"})
        path = CareerPath.objects.get(name="Impact investing")
        self.assertEqual(path.user, self.alice)
        self.assertRedirects(response, f"/insights/paths/{path.pk}/links/")

    def test_it_edits_the_reflection(self):
        self.login(self.alice)
        self.client.post(
            f"{self.url}edit/",
            {"name": "UX research", "fit": "Fits", "open_questions": "Pay?", "next_steps": "Ask"},
        )
        self.path.refresh_from_db()
        self.assertEqual((self.path.fit, self.path.open_questions), ("Fits", "Pay?"))

    def test_it_deletes_only_on_post(self):
        self.login(self.alice)
        self.assertContains(self.client.get(f"{self.url}delete/"), "Delete path")
        self.assertTrue(CareerPath.objects.filter(pk=self.path.pk).exists())
        self.client.post(f"{self.url}delete/")
        self.assertFalse(CareerPath.objects.filter(pk=self.path.pk).exists())
        self.assertTrue(Contact.objects.filter(display_name="Ana Lima").exists())

    def test_it_links_and_unlinks(self):
        self.login(self.alice)
        dee = Contact.objects.get(display_name="Dee Shah")
        self.assertEqual(self.client.get(f"{self.url}link/").status_code, 405)
        self.client.post(f"{self.url}link/", {"kind": "contact", "target": dee.pk})
        self.assertIn(dee, self.path.contacts.all())
        self.assertContains(self.client.get(self.url), "Not on the path")
        self.client.post(f"{self.url}unlink/", {"kind": "contact", "target": dee.pk})
        self.assertNotIn(dee, self.path.contacts.all())

    def test_it_searches_for_people_to_link(self):
        self.login(self.alice)
        response = self.client.get(f"{self.url}links/", {"q": "dee"})
        self.assertContains(response, "Dee Shah")
        self.assertContains(response, "Conversation with Dee Shah")

    def test_it_refuses_to_link_someone_elses_contact(self):
        stranger = factories.contact(self.bob, "Bob Friend")
        self.login(self.alice)
        response = self.client.post(f"{self.url}link/", {"kind": "contact", "target": stranger.pk})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.path.contacts.count(), 1)

    def test_it_hides_the_path_from_outsiders(self):
        self.login(self.bob)
        for suffix in ("", "edit/", "links/", "delete/", "export.md", "export.pdf"):
            self.assertEqual(self.client.get(self.url + suffix).status_code, 404, suffix)
        response = self.client.post(f"{self.url}delete/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(CareerPath.objects.filter(pk=self.path.pk).exists())
        self.assertNotContains(self.client.get("/insights/"), f"/insights/paths/{self.path.pk}/")

    def test_it_exports_markdown(self):
        self.login(self.alice)
        response = self.client.get(f"{self.url}export.md")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="ux-research.md"')
        text = response.content.decode()
        self.assertIn("# UX research", text)
        self.assertIn("- Ana Lima: Mostly interviews and synthesis", text)
        self.assertIn("## Industry trends and outlook\n\n- Not yet learnt. Ask next time:", text)

    def test_it_exports_pdf(self):
        self.login(self.alice)
        response = self.client.get(f"{self.url}export.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        all_paths = self.client.get("/insights/paths/export.pdf")
        self.assertTrue(all_paths.content.startswith(b"%PDF"))

    def test_it_exports_all_paths_as_markdown(self):
        CareerPath.objects.create(user=self.alice, name="Data journalism")
        CareerPath.objects.create(user=self.bob, name="Bob's secret path")
        self.login(self.alice)
        text = self.client.get("/insights/paths/export.md").content.decode()
        self.assertIn("# Data journalism", text)
        self.assertIn("# UX research", text)
        self.assertNotIn("secret", text)

    def test_it_compares_paths(self):
        other = CareerPath.objects.create(user=self.alice, name="Data journalism", fit="Writing")
        bobs = CareerPath.objects.create(user=self.bob, name="Bob's path")
        self.login(self.alice)
        response = self.client.get(
            "/insights/paths/compare/", {"p": [self.path.pk, other.pk, bobs.pk]}
        )
        self.assertContains(response, "Data journalism")
        self.assertNotContains(response, "Bob&#x27;s path")
        table = response.context["table"]
        skills = next(row for row in table if row["key"] == "skills")
        self.assertEqual([c.count for c in skills["cells"]], [0, 1])  # in name order
        self.assertContains(response, "Writing")


@time_machine.travel("2026-06-10 09:00Z", tick=False)
class NetworkAndFunnelViewTests(BaseTestCase):
    def test_it_draws_the_referral_network_with_links(self):
        data = funnel_data(self.alice)
        self.login(self.alice)
        response = self.client.get("/insights/network/")
        html = response.content.decode()
        self.assertIn("<svg", html)
        self.assertIn(f'<a href="/contacts/{data["referred"].pk}/">', html)
        self.assertIn(f'aria-label="Referred by {data["friend"].display_name}"', html)

    def test_it_shows_the_funnel_numbers(self):
        funnel_data(self.alice)
        self.login(self.alice)
        response = self.client.get("/insights/funnel/")
        self.assertEqual(response.context["figures"].totals["requests"], 4)
        self.assertContains(response, "<td>Requests sent</td><td>4</td>", html=False)
        self.assertContains(response, "4 business days")
        self.assertContains(response, '<svg class="chart"', count=5)

    def test_it_shows_empty_pages_for_a_new_user(self):
        self.login(self.bob)
        self.assertContains(self.client.get("/insights/network/"), "No referrals yet")
        self.assertContains(self.client.get("/insights/funnel/"), "No requests sent yet")
        self.assertContains(self.client.get("/insights/paths/compare/"), "No career paths yet")
