"""Walks every URL pattern of the project, so that no new URL can escape these two rules:

1. an outsider gets 404 for each of the owner's objects, whatever the method;
2. a GET by the owner changes nothing stored (mutations need POST).

The JSON API's object URLs (/api/v1/…) are walked from its OpenAPI document instead, with the
outsider's personal access token, every method each one takes, and a body that passes the
API's checks (its checks run before the object is looked up, so an empty body would be
refused for that reason first).
"""

import importlib
import re
from collections.abc import Callable

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from coffeechat.api.tests.openapi_walk import api_object_operations
from coffeechat.api.tokens import create_token
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories


def all_patterns(resolver=None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(all_patterns(entry, route))
        else:
            found.append((route, entry))
    return found


def route_keywords(route: str) -> list[str]:
    """The URL keywords of a whole route, those of an include's prefix too (a pattern's own
    converters do not know them: `conversations/<int:conversation_id>/` + `plan/`)."""
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def object_builders() -> dict[str, Callable]:
    """How to make an owner's object for each URL keyword.

    The core ones are here; an app adds its own in `coffeechat/<app>/tests/url_objects.py` as
    `BUILDERS = {"keyword": lambda case: <pk of an object owned by case.alice>}`. A URL keyword
    with no builder fails the walk, so no new URL escapes it.
    """

    def conversation(t):
        return t.conversation

    builders: dict[str, Callable] = {
        "contact_id": lambda t: t.contact.pk,
        "organisation_id": lambda t: t.organisation.pk,
        "conversation_id": lambda t: conversation(t).pk,
        "action_id": lambda t: t.action.pk,
        "meeting_id": lambda t: t.meeting.pk,
    }
    for app in apps.get_app_configs():
        if not app.name.startswith("coffeechat."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.tests.url_objects")
        except ModuleNotFoundError:
            continue
        builders.update(module.BUILDERS)
    return builders


def snapshot() -> dict[str, list]:
    """Everything stored, except sessions (a GET may refresh its own session) and the stored
    next steps (Today and the board keep what they work out from the rest: today.stored)."""
    state = {}
    for model in apps.get_models():
        if model._meta.label in {"sessions.Session", "today.StoredStep"}:
            continue
        state[model._meta.label] = list(model.objects.order_by("pk").values())
    return state


JSON_API = "api/v1/"


class EveryUrlTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.organisation = factories.organisation(self.alice)
        self.contact = factories.contact(self.alice, org=self.organisation)
        self.conversation = factories.conversation(self.alice, self.contact)
        self.meeting = factories.meeting(self.alice, self.conversation)
        self.action = factories.action(self.alice, contact=self.contact)
        factories.touchpoint(self.alice, self.contact)

    def object_urls(self) -> list[str]:
        builders = object_builders()
        urls = []
        for route, _ in all_patterns():
            keywords = route_keywords(route)
            if not keywords or route.startswith(JSON_API):
                continue
            missing = [k for k in keywords if k not in builders]
            self.assertEqual(
                missing, [], f"{route}: add a builder for {missing} to object_builders()"
            )
            url = "/" + route
            for keyword in keywords:
                value = str(builders[keyword](self))
                for converter in ("int", "str", "slug", "uuid", "path"):
                    url = url.replace(f"<{converter}:{keyword}>", value)
            urls.append(url)
        return urls

    def test_it_has_object_urls_to_walk(self):
        self.assertGreaterEqual(len(self.object_urls()), 10)

    def test_it_walks_the_urls_under_an_object_prefix(self):
        # `conversations/<int:conversation_id>/` + an app's `plan/`: the keyword is the prefix's.
        self.assertIn(f"/conversations/{self.conversation.pk}/plan/", self.object_urls())

    def test_it_gives_outsiders_404_on_every_object_url(self):
        self.login(self.bob)
        for url in self.object_urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                if response.status_code == 308:  # an old address (core.moved): follow it
                    response = self.client.get(response["Location"])
                if response.status_code == 405:
                    response = self.client.post(response.request["PATH_INFO"])
                self.assertEqual(response.status_code, 404, url)

    def test_it_changes_nothing_on_get(self):
        self.login(self.alice)
        urls = ["/" + route for route, _ in all_patterns() if not route_keywords(route)]
        urls += self.object_urls()
        before = snapshot()
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertLess(response.status_code, 500, url)
                self.assertEqual(snapshot(), before, f"GET {url} changed stored data")

    def test_it_walks_every_api_object_url_in_the_openapi_document(self):
        routes = {r for r, _ in all_patterns() if r.startswith(JSON_API) and route_keywords(r)}
        documented = {op.route for op in api_object_operations(object_builders(), self)}
        self.assertEqual(routes, documented)

    def test_it_gives_outsiders_404_on_every_api_object_url_with_their_token(self):
        _, secret = create_token(self.bob, "outsider", can_write=True)
        operations = api_object_operations(object_builders(), self)
        self.assertGreaterEqual(len(operations), 20)
        before = snapshot()
        for op in operations:
            with self.subTest(method=op.method, url=op.url):
                response = self.client.generic(
                    op.method,
                    op.url,
                    op.body,
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {secret}",
                )
                self.assertEqual(response.status_code, 404, response.content)
                self.assertEqual(response.json()["error"], "Not found.")
        after = snapshot()
        # Only the outsider's own token noted its use.
        before.pop("api.AccessToken"), after.pop("api.AccessToken")
        self.assertEqual(after, before)
