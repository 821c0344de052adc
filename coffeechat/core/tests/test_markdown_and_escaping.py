import re

from coffeechat.core.markdown import render_markdown
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories


class MarkdownTests(BaseTestCase):
    def test_it_renders_ordinary_markdown(self):
        html = render_markdown("**Bold** and [a link](https://example.org)")
        self.assertIn("<strong>Bold</strong>", html)
        self.assertIn('href="https://example.org"', html)

    def test_it_makes_javascript_links_and_raw_html_inert(self):
        html = render_markdown(
            "[click](javascript:alert(1)) <script>alert(2)</script> "
            '<a href="javascript:alert(3)">x</a> <img src=x onerror=alert(4)>'
        )
        self.assertNotIn('<a href="javascript', html)
        self.assertNotIn("onerror=alert(4)>", html.replace("&lt;img", ""))
        self.assertNotIn("<script", html)
        self.assertNotIn("<img", html)
        self.assertIsNone(re.search(r"<a[^>]*href=.javascript", html))

    def test_it_shows_hostile_names_and_notes_as_text(self):
        org = factories.organisation(self.alice, "<b>Evil</b> Corp")
        contact = factories.contact(
            self.alice,
            "<script>alert(1)</script> Smith",
            org=org,
            research_notes="[me](javascript:alert(1))\n\n<iframe src=x></iframe>",
            links=[{"url": "javascript:alert(5)", "title": "bad"}],
        )
        self.login(self.alice)
        for url in [f"/contacts/{contact.pk}/", "/contacts/", f"/organisations/{org.pk}/"]:
            body = self.client.get(url).content.decode()
            with self.subTest(url=url):
                self.assertNotIn("<script>alert(1)</script>", body)
                self.assertNotIn("<iframe", body)
                self.assertNotIn('href="javascript:', body)
                self.assertNotIn("<b>Evil</b>", body)
        body = self.client.get(f"/contacts/{contact.pk}/").content.decode()
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; Smith", body)
