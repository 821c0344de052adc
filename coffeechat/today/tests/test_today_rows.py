"""Today's items printed in Python (today.rows): escaped, dated in the user's time zone, with
their action forms (CSRF field, the way back to Today) and links."""

from datetime import UTC, date, datetime

from django.utils import timezone

from coffeechat.core.extensions import Action, TodayItem
from coffeechat.core.testing import BaseTestCase
from coffeechat.today.rows import list_html

CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="token">'


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
