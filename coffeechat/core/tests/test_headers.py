from django.test import override_settings

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.models import CalendarFeed


class CacheControlTests(BaseTestCase):
    def test_it_forbids_storing_a_signed_in_page(self):
        self.login(self.alice)
        for path in ["/", "/contacts/", "/accounts/profile/"]:
            with self.subTest(path):
                self.assertEqual(self.client.get(path)["Cache-Control"], "no-store")

    def test_it_forbids_storing_every_export_and_download(self):
        self.login(self.alice)
        conv = factories.conversation(self.alice)
        meeting = factories.meeting(self.alice, conv)
        for path in [
            "/transfer/export/json/",
            "/transfer/export/csv/",
            "/transfer/export/ics/",
            f"/meetings/{meeting.pk}/invitation.ics",
        ]:
            with self.subTest(path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Cache-Control"], "no-store")

    def test_it_lets_the_sign_in_page_and_the_feed_keep_their_own(self):
        # Django's sign-in view says never_cache itself.
        self.assertIn("must-revalidate", self.client.get("/accounts/login/")["Cache-Control"])
        _feed, token = CalendarFeed.issue(self.alice)
        response = self.client.get(f"/meetings/feed/{token}.ics")
        self.assertEqual(response["Cache-Control"], "private, max-age=900")


class StrictTransportSecurityTests(BaseTestCase):
    @override_settings(SECURE_HSTS_SECONDS=31_536_000)
    def test_it_asks_for_https_only_over_https(self):
        response = self.client.get("/accounts/login/", secure=True)
        self.assertEqual(response["Strict-Transport-Security"], "max-age=31536000")
        self.assertNotIn("Strict-Transport-Security", self.client.get("/accounts/login/"))

    def test_it_follows_secure_cookies_in_the_settings(self):
        import os
        import subprocess
        import sys

        env = {**os.environ, "COFFEECHAT_SECURE_COOKIES": "true"}
        code = "import django; django.setup(); from django.conf import settings; "
        code += "print(settings.SECURE_HSTS_SECONDS)"
        env["DJANGO_SETTINGS_MODULE"] = "coffeechat.settings"
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        self.assertEqual(out.stdout.strip(), "31536000")
