"""Today's items printed in Python (today.rows): escaped, dated in the user's time zone, with
their action forms (CSRF field, the way back to Today) and links."""

import re
from datetime import UTC, date, datetime

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coffeechat.core.extensions import Action, TodayItem
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.today.rows import list_html

CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="token">'
LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class TodayRowsTests(BaseTestCase):
    def test_it_escapes_what_the_user_typed(self):
        item = TodayItem(
            kind="Action", title="Ask <b>Ana</b> & co", url="/x/?a=1&b=2", detail='"Quoted"'
        )
        html = list_html([item], CSRF, "/")
        self.assertIn("Ask &lt;b&gt;Ana&lt;/b&gt; &amp; co", html)
        self.assertIn('href="/x/?a=1&amp;b=2"', html)
        self.assertIn("&quot;Quoted&quot;", html)
        self.assertNotIn("<b>", html)

    def test_it_dates_items_in_the_users_time_zone(self):
        with timezone.override("Asia/Tokyo"):
            html = list_html(
                [
                    TodayItem(
                        "Meeting", "Meet", "/m/", when=datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
                    ),
                    TodayItem("Action", "Late", "/a/", when=date(2026, 11, 16), overdue=True),
                ],
                CSRF,
                "/",
            )
        self.assertIn('<span class="when small">Thu 19 Nov 18:00</span>', html)
        self.assertIn('<span class="when small">overdue · Mon 16 Nov</span>', html)
        self.assertIn('<li class="today-item overdue">', html)

    def test_it_prints_post_actions_as_forms_and_others_as_links(self):
        item = TodayItem(
            "Thank-you",
            "Thank Ana",
            "/c/1/",
            action=Action("Mark sent", "/c/1/sent/", method="post"),
            extra_actions=(Action("See the list", "/list/"),),
        )
        html = list_html([item], CSRF, "/")
        self.assertIn(
            f'<form method="post" action="/c/1/sent/" class="inline">{CSRF}'
            '<input type="hidden" name="next" value="/">'
            '<button type="submit" class="primary">Mark sent</button></form>',
            html,
        )
        self.assertIn('<a class="button" href="/list/">See the list</a>', html)
        self.assertLess(html.index("See the list"), html.index("Mark sent"))


@override_settings(CACHES=LOCAL)
@time_machine.travel(datetime(2026, 11, 18, 12, 0, 30, tzinfo=UTC), tick=False)
class KeptListTests(BaseTestCase):
    """Today keeps its printed list per change of the user's data (today.views): each view
    fills in its own CSRF field, and a user's text can never stand in for it. (The suite's
    cache is a dummy one: these tests keep with a real one.)"""

    def setUp(self) -> None:
        super().setUp()
        cache.clear()

    def test_each_view_of_the_kept_list_has_its_own_working_csrf_field(self):
        factories.action(self.alice, "Ask about <csrf-field> & more", due=timezone.localdate())
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        pages = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                pages.append(client.get(reverse("today:index")).content.decode())
        self.assertEqual(len(queries), 4)  # session, user, profile, token: the kept list
        tokens = [TOKEN.findall(page) for page in pages]
        self.assertTrue(tokens[0] and tokens[1])
        self.assertNotEqual(tokens[0][0], tokens[1][0])  # masked afresh on the kept view
        for page in pages:
            self.assertIn("Ask about &lt;csrf-field&gt; &amp; more", page)
            self.assertNotIn("<csrf-field>", page)
        done = re.search(r'<form method="post" action="([^"]+)" class="inline">', pages[1])
        answer = client.post(
            done.group(1), {"csrfmiddlewaretoken": tokens[1][0], "next": reverse("today:index")}
        )
        self.assertEqual(answer.status_code, 302)  # accepted: the token is the session's

    def test_the_short_list_and_the_whole_list_are_kept_apart(self):
        for i in range(30):
            factories.conversation(self.alice, factories.contact(self.alice, f"Pro {i}"))
            factories.conversation(
                self.alice, factories.contact(self.alice, f"Asked {i}"), "requested"
            )
        self.login(self.alice)
        short = self.client.get(reverse("today:index"))
        every = self.client.get(reverse("today:index"), {"all": "1"})
        total = len(every.context["items"])
        self.assertGreater(total, 40)
        self.assertEqual(len(short.context["items"]), 40)
        self.assertEqual(short.context["hidden"], total - 40)
        self.assertContains(short, f"Show {total - 40} more")
        self.assertEqual(every.context["hidden"], 0)
        self.assertEqual(every.content.decode().count('<li class="today-item'), total)
        with CaptureQueriesContext(connection) as queries:
            again = self.client.get(reverse("today:index"))  # the kept short list
        self.assertEqual(len(queries), 4)
        self.assertEqual(again.content.decode().count('<li class="today-item'), 40)
        self.assertContains(again, f"Show {total - 40} more")
