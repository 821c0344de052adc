import re
from pathlib import Path

from django.http import HttpResponse
from django.test import RequestFactory

from coffeechat.core.middleware import ContentSecurityPolicyMiddleware
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories

PACKAGE = Path(__file__).resolve().parents[2]
# Not pages: the digest is an e-mail, whose readers need inline styles and ignore the policy.
NOT_PAGES = {"today/digest.html"}

INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "style block": re.compile(r"<style", re.IGNORECASE),
}


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def templates() -> dict[str, str]:
    found = {}
    for path in PACKAGE.glob("**/templates/**/*.html"):
        name = path.relative_to(next(p for p in path.parents if p.name == "templates"))
        found[name.as_posix()] = path.read_text()
    return found


class ContentSecurityPolicyTests(BaseTestCase):
    def test_it_sends_a_strict_policy_to_signed_in_and_anonymous_visitors(self):
        contact = factories.contact(self.alice, "Priya Shah")
        anonymous = self.client.get("/accounts/login/")
        self.login(self.alice)
        page = self.client.get(f"/contacts/{contact.pk}/")
        self.login(self.bob)
        not_found = self.client.get(f"/contacts/{contact.pk}/")
        self.assertEqual(not_found.status_code, 404)
        for response in (anonymous, page, not_found):
            self.assertEqual(
                policy(response),
                {
                    "default-src": "'self'",
                    "script-src": "'self'",
                    "style-src": "'self'",
                    "img-src": "'self' data:",
                    "object-src": "'none'",
                    "base-uri": "'self'",
                    "form-action": "'self'",
                    "frame-ancestors": "'none'",
                },
            )

    def test_it_keeps_a_policy_the_view_set_itself(self):
        def view(request):
            response = HttpResponse("")
            response.headers["Content-Security-Policy"] = "default-src 'none'"
            return response

        response = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))
        self.assertEqual(response.headers["Content-Security-Policy"], "default-src 'none'")


def test_it_finds_nothing_inline_the_policy_would_block_in_our_templates():
    pages = {name: text for name, text in templates().items() if name not in NOT_PAGES}
    assert "base.html" in pages and "coach/_findings.html" in pages
    found = [
        (name, what)
        for name, text in pages.items()
        for what, rx in INLINE.items()
        if rx.search(text)
    ]
    assert found == []


def test_it_defers_every_page_script_so_site_js_runs_first():
    # Deferred scripts run in document order: site.js (in base.html's head) defines
    # window.coffeechat before any page script at the end of the body uses it.
    tags = [
        (name, tag)
        for name, text in templates().items()
        for tag in re.findall(r"<script[^>]*\bsrc=[^>]*>", text)
    ]
    assert len(tags) >= 5
    assert [(name, tag) for name, tag in tags if " defer" not in tag] == []
