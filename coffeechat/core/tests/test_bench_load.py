"""bench/serve.py's load driver counts as answered only what a signed-in person would get.

The bench's figures are worth something only if a lost session, a refused form or a redirect to
the sign-in page count as errors rather than as fast pages; checked here against a live server
(the whole bench, with its servers and data, is too long for the suite: `make bench QUICK=1`).
"""

import asyncio
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import LiveServerTestCase, SimpleTestCase
from django.urls import reverse

from coffeechat.contacts.models import Contact, Touchpoint
from coffeechat.core.testing import make_user

sys.path.insert(0, str(Path(settings.BASE_DIR).parent))  # the repository, where bench/ lives

from bench.load import load, pooled, request, summary  # noqa: E402


class BenchLoadTests(LiveServerTestCase):
    def setUp(self):
        self.alice = make_user("alice")
        self.contact = Contact.objects.create(user=self.alice, display_name="Ada Lovelace")
        self.client.force_login(self.alice)
        self.port = urlsplit(self.live_server_url).port
        self.signed_in = self.client_for(self.client.cookies[settings.SESSION_COOKIE_NAME].value)

    def client_for(self, session: str) -> dict:
        urls = {
            "contacts": reverse("contacts:list"),
            "write": reverse("contacts:touchpoint_add", args=[self.contact.pk]),
        }
        return {"session": session, "urls": urls}

    def ask(self, client: dict, page: str) -> bool:
        return asyncio.run(request(self.port, client, page))

    def test_it_counts_pages_and_writes_that_answer_as_they_should(self):
        self.assertTrue(self.ask(self.signed_in, "contacts"))
        self.assertTrue(self.ask(self.signed_in, "write"))
        # The write went through the form, CSRF token and all.
        self.assertTrue(Touchpoint.objects.filter(contact=self.contact, text="Bench note").exists())

    def test_it_counts_a_lost_session_as_an_error(self):
        stranger = self.client_for("no-such-session")
        self.assertFalse(self.ask(stranger, "contacts"))  # sent to the sign-in page
        self.assertFalse(self.ask(stranger, "write"))
        self.assertFalse(Touchpoint.objects.exists())

    def test_a_load_reports_its_requests_and_errors(self):
        clients = [self.signed_in, self.client_for("no-such-session")]
        result = asyncio.run(load(self.port, clients, 2, ["contacts"], seconds=0.5))
        self.assertGreaterEqual(result["requests"], 2)
        # Clients take turns over the sessions: the one without a session fails every time.
        self.assertGreater(result["errors"], 0)
        self.assertLess(result["errors"], result["requests"])

    def test_percentiles_stay_within_the_timings(self):
        result = summary([10.0, 20.0, 30.0, 1000.0], errors=1, elapsed=2.0)
        self.assertEqual((result["requests"], result["requests_per_s"]), (4, 2.0))
        self.assertEqual((result["p50_ms"], result["max_ms"]), (25.0, 1000.0))
        self.assertLessEqual(result["p99_ms"], result["max_ms"])

    def test_short_windows_are_summarised_together(self):
        # Two imports' windows, summarised as one load of all their requests.
        first, second = ([10.0] * 9 + [900.0], 0, 1.0), ([20.0] * 9 + [800.0], 1, 1.5)
        result = pooled([first, second])
        self.assertEqual(result, summary(first[0] + second[0], errors=1, elapsed=2.5))
        self.assertEqual((result["requests"], result["requests_per_s"]), (20, 8.0))


class SpeedupCeilingTests(SimpleTestCase):
    def test_the_ceiling_is_every_core_at_one_process_cpu_a_request(self):
        from unittest import mock

        from bench.serve import speedup_ceiling

        # 16 ms of CPU a request in all: two cores serve at most 125 a second, 1.6 times 78.
        one = {"requests_per_s": 78.0, "cpu_ms_per_request": {"server": 12, "database": 3.5}}
        one["cpu_ms_per_request"]["clients"] = 0.5
        with mock.patch("os.cpu_count", return_value=2):
            self.assertEqual(speedup_ceiling(one), 1.6)
        nothing = {
            "requests_per_s": 0,
            "cpu_ms_per_request": dict.fromkeys(one["cpu_ms_per_request"]),
        }
        self.assertIsNone(speedup_ceiling(nothing))  # a load that answered nothing
