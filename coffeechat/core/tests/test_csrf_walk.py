"""Walks every URL of the project with a POST that carries no CSRF token: each is refused (403)
and nothing stored changes, signed in or not. The test client skips CSRF checks by default;
this walk turns them on, so a view made exempt by mistake is caught."""

from django.test import Client

from coffeechat.api.v1.api import api
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.core.tests.test_every_url_is_private import (
    EveryUrlTests,
    all_patterns,
    route_keywords,
    snapshot,
)

# The JSON API's operations on no particular object, as its OpenAPI document lists them.
API_OPERATIONS = set(api.get_openapi_schema(path_prefix="/api/v1/")["paths"])


class TokenlessPostTests(BaseTestCase):
    object_urls = EveryUrlTests.object_urls

    def setUp(self) -> None:
        super().setUp()
        self.organisation = factories.organisation(self.alice)
        self.contact = factories.contact(self.alice, org=self.organisation)
        self.conversation = factories.conversation(self.alice, self.contact)
        self.meeting = factories.meeting(self.alice, self.conversation)
        self.action = factories.action(self.alice, contact=self.contact)

    def urls(self) -> list[str]:
        plain = ["/" + route for route, _ in all_patterns() if not route_keywords(route)]
        return plain + self.object_urls()

    def walk(self, client: Client, *, api_status: int = 403) -> None:
        urls = self.urls()
        self.assertGreater(len(urls), 50)
        before = snapshot()
        for url in urls:
            with self.subTest(url=url):
                response = client.post(url, {"name": "x", "text": "x"})
                # The JSON API takes a bearer token, which a cross-site form cannot send: to a
                # visitor without one it answers 401; a signed-in session gets the CSRF 403.
                expected = api_status if url in API_OPERATIONS else 403
                self.assertEqual(response.status_code, expected, url)
        self.assertEqual(snapshot(), before)

    def test_it_refuses_every_tokenless_post_from_a_signed_in_user(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.walk(client)

    def test_it_refuses_every_tokenless_post_from_a_visitor(self):
        self.walk(Client(enforce_csrf_checks=True), api_status=401)
