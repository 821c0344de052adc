"""The host's settings page and the public page, which shows only what the host published."""

from coffeechat.core.testing import BaseTestCase
from coffeechat.hosting import texts
from coffeechat.hosting.models import HostPage
from coffeechat.hosting.tests.helpers import host_page

PAGE_FORM = {
    "do": "page",
    "enabled": "on",
    "slug": "Alice-Research",
    "display_name": "Alice Martin",
    "headline": "Researcher at Shopify",
    "field": "User research",
    "about": "Ten years in research.",
    "topics": "Research operations",
    "organisations": "Shopify",
    "career_moves": "From teaching to UX",
    "formats": ["video", "phone"],
    "minutes": "20",
    "languages": "English, French",
    "time_zone": "Europe/Paris",
    "how_to": texts.HOW_TO,
    "decline_text": texts.DECLINE,
}


class SettingsTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def test_it_is_off_and_unsaved_until_the_host_saves(self):
        response = self.client.get("/hosting/")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(HostPage.objects.exists())
        self.assertContains(response, "specific questions")  # the starting text, to edit

    def test_it_saves_the_page_with_a_clean_unique_slug(self):
        response = self.client.post("/hosting/", PAGE_FORM)
        self.assertRedirects(response, "/hosting/")
        page = HostPage.objects.get(user=self.alice)
        self.assertEqual(page.slug, "alice-research")
        self.assertTrue(page.enabled)
        self.assertEqual(page.formats, ["video", "phone"])
        self.assertEqual(page.time_zone, "Europe/Paris")

    def test_it_refuses_a_taken_or_reserved_slug(self):
        host_page(self.bob, slug="alice-research")
        response = self.client.post("/hosting/", PAGE_FORM)
        self.assertContains(response, "Someone already has that address", status_code=400)
        response = self.client.post("/hosting/", {**PAGE_FORM, "slug": "requests"})
        self.assertContains(response, "taken by the site itself", status_code=400)
        self.assertFalse(HostPage.objects.filter(user=self.alice).exists())

    def test_it_names_the_bad_line_of_the_windows(self):
        host_page(self.alice)
        response = self.client.post(
            "/hosting/",
            {
                "do": "availability",
                "weekly_windows": "Tuesday 14:00-16:00\nsoon",
                "blackouts": "",
                "cap_per_week": "2",
                "cap_per_month": "0",
            },
        )
        self.assertContains(response, "Line 2", status_code=400)
        self.assertEqual(
            HostPage.objects.get(user=self.alice).weekly_windows, "Tuesday 14:00-16:00"
        )

    def test_it_saves_availability(self):
        host_page(self.alice)
        self.client.post(
            "/hosting/",
            {
                "do": "availability",
                "weekly_windows": "Thu 09:00-10:00",
                "blackouts": "2026-12-24",
                "cap_per_week": "1",
                "cap_per_month": "3",
                "paused": "on",
            },
        )
        page = HostPage.objects.get(user=self.alice)
        self.assertEqual(
            (page.weekly_windows, page.cap_per_month, page.paused), ("Thu 09:00-10:00", 3, True)
        )

    def test_it_needs_a_sign_in(self):
        self.client.logout()
        self.assertEqual(self.client.get("/hosting/").status_code, 302)


class PublicPageTests(BaseTestCase):
    def test_it_shows_what_the_host_published_to_anyone(self):
        host_page(self.alice, about="Ten years in research.")
        response = self.client.get("/h/alice-hosts/")
        self.assertEqual(response.status_code, 200)
        for text in (
            "Ten years in research.",
            "Research operations",
            "Shopify",
            "French",
            "20 minutes",
            "Ask for a conversation",
        ):
            self.assertContains(response, text)
        # Nothing from the account: not the e-mail address, the user name or the profile.
        self.assertNotContains(response, "alice@example.org")
        self.assertNotContains(response, "a student exploring user research")
        self.assertNotContains(response, 'href="/hosting/')

    def test_a_page_that_is_off_is_404(self):
        host_page(self.alice, enabled=False)
        self.assertEqual(self.client.get("/h/alice-hosts/").status_code, 404)
        self.assertEqual(self.client.get("/h/alice-hosts/ask/").status_code, 404)

    def test_it_shows_times_in_the_zone_asked_for(self):
        host_page(self.alice, weekly_windows="Tuesday 14:00-14:20")
        response = self.client.get("/h/alice-hosts/?tz=Asia/Tokyo")
        self.assertContains(response, "23:00")
        response = self.client.get("/h/alice-hosts/?tz=Nowhere/Special")
        self.assertContains(response, "14:00")  # an unknown zone falls back to UTC

    def test_a_paused_page_takes_no_request(self):
        host_page(self.alice, paused=True)
        self.assertContains(self.client.get("/h/alice-hosts/"), "not taking new requests")
        response = self.client.get("/h/alice-hosts/ask/")
        self.assertContains(response, "not taking new requests")
        self.assertNotContains(response, "Send the request")
