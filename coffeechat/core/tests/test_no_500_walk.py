"""Walks every page, finds every form that POSTs, and sends each one boundary values: never 500.

Forms are discovered from the pages themselves (the privacy walk's URLs, GET as the owner), so a
new form is walked without being listed here. Hidden fields (ids, `next`) keep their values, so
each form reaches its own validation; every visible field gets the same boundary value at once.
Each submission is rolled back, so a delete or a sign-out does not spoil the next one.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

from django.db import transaction

from coffeechat.core.tests.test_every_url_is_private import (
    EveryUrlTests,
    all_patterns,
    object_builders,
)

BOUNDARY_VALUES = [
    "",
    "x" * 100_000,
    "line one\r\nBcc: someone@example.org\x00",
    "☕️👩🏽‍💻 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "99999999999999999999999",
    "-2147483649",
    "1e20",
    "0001-01-01",
    "9999-12-31T23:59",
    "9999-12-31",
]


class FormFinder(HTMLParser):
    """Every <form method=post> of a page: its action and its fields with their defaults."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = {"action": a.get("action") or "", "hidden": {}, "visible": {}}
            self.forms.append(self.current)
        if self.current is None or not a.get("name") and tag != "option":
            return
        name = a.get("name")
        kind = (a.get("type") or "text").lower()
        if tag == "input" and kind in {"submit", "button", "image", "file", "reset"}:
            if kind == "submit" and name:
                self.current["hidden"].setdefault(name, a.get("value") or "")
            return
        if tag == "input" and kind == "hidden":
            self.current["hidden"][name] = a.get("value") or ""
        elif tag in {"input", "textarea"}:
            self.current["visible"].setdefault(name, a.get("value") or "")
        elif tag == "select":
            self.select = name
            self.current["visible"].setdefault(name, "")
        elif tag == "option" and self.select:
            self.current["visible"][self.select] = self.current["visible"][self.select] or (
                a.get("value") or ""
            )
        elif tag == "button" and name and kind == "submit":
            self.current["hidden"].setdefault(name, a.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


class EveryFormTests(EveryUrlTests):
    def pages(self) -> list[str]:
        """Every route with each `<converter:keyword>` (of the route or its prefix) filled."""
        builders = object_builders()
        urls = []
        for route, _ in all_patterns():
            url = "/" + route
            for keyword in re.findall(r"<\w+:(\w+)>", route):
                url = re.sub(rf"<\w+:{keyword}>", str(builders[keyword](self)), url)
            urls.append(url)
        return urls

    def discover_forms(self) -> dict[tuple[str, tuple], dict]:
        found = {}
        for url in self.pages():
            response = self.client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            finder = FormFinder()
            finder.feed(response.content.decode())
            for form in finder.forms:
                action = urljoin(url, form["action"] or url)
                key = (action, tuple(sorted(form["visible"])))
                if form["visible"] and key not in found:
                    found[key] = form
        return found

    def test_it_walks_every_form_with_boundary_values_without_a_500(self):
        self.login(self.alice)
        forms = self.discover_forms()
        self.assertGreaterEqual(len(forms), 20)
        for (action, _), form in forms.items():
            for value in BOUNDARY_VALUES:
                data = {**form["hidden"], **dict.fromkeys(form["visible"], value)}
                with self.subTest(action=action, value=value[:30]), transaction.atomic():
                    self.client.force_login(self.alice)
                    response = self.client.post(action, data)
                    self.assertLess(response.status_code, 500, f"POST {action} {value[:30]!r}")
                    transaction.set_rollback(True)

    # The privacy walk's own tests run once, in their own file.
    test_it_has_object_urls_to_walk = None
    test_it_gives_outsiders_404_on_every_object_url = None
    test_it_changes_nothing_on_get = None
