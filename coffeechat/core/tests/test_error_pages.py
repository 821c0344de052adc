"""The 404, 403 and 500 pages: styled, with the menu and a way back; 500 without the database."""

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from coffeechat.core.testing import BaseTestCase


def boom(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("", include("coffeechat.urls")),
]


@override_settings(ROOT_URLCONF=__name__)
class ErrorPagesTests(BaseTestCase):
    def assert_way_back(self, response) -> None:
        html = response.content.decode()
        self.assertIn('<link rel="stylesheet" href="/static/coffeechat/site.css', html)
        self.assertIn('<nav aria-label="Main">', html)
        self.assertIn('<a class="button primary" href="/">Go to Today</a>', html)
        self.assertIn('href="/conversations/board/"', html)

    def test_it_shows_a_styled_404_with_the_menu(self):
        self.login(self.alice)
        response = self.client.get("/contacts/999999/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "<h1>Page not found</h1>", status_code=404)
        self.assertContains(response, "Sign out", status_code=404)
        self.assert_way_back(response)

    def test_it_shows_a_styled_403(self):
        self.login(self.alice)
        response = self.client.get("/forbidden/")
        self.assertContains(response, "You cannot open this page", status_code=403)
        self.assert_way_back(response)

    def test_it_shows_a_styled_500_without_touching_the_database(self):
        client = Client(raise_request_exception=False)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/boom/")
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "<h1>Something went wrong</h1>", status_code=500)
        self.assert_way_back(response)
        self.assertEqual(len(queries), 0)
        # The policy still applies: the page holds nothing inline.
        self.assertIn("script-src 'self'", response.headers["Content-Security-Policy"])
