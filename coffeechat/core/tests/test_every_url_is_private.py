"""Walks every URL pattern of the project, so that no new URL can escape these two rules:

1. an outsider gets 404 for each of the owner's objects, whatever the method;
2. a GET by the owner changes nothing stored (mutations need POST).
"""

from collections.abc import Callable

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.transfer.models import ImportBatch


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


def object_builders() -> dict[str, Callable]:
    """How to make an owner's object for each URL keyword. A new keyword must be added here."""

    def conversation(t):
        return t.conversation

    builders: dict[str, Callable] = {
        "contact_id": lambda t: t.contact.pk,
        "organisation_id": lambda t: t.organisation.pk,
        "conversation_id": lambda t: conversation(t).pk,
        "action_id": lambda t: t.action.pk,
        "meeting_id": lambda t: t.meeting.pk,
        "batch_id": lambda t: t.batch.pk,
    }
    return builders


def snapshot() -> dict[str, list]:
    """Everything stored, except sessions (a GET may refresh its own session)."""
    state = {}
    for model in apps.get_models():
        if model._meta.label in {"sessions.Session"}:
            continue
        state[model._meta.label] = list(model.objects.order_by("pk").values())
    return state


class EveryUrlTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.organisation = factories.organisation(self.alice)
        self.contact = factories.contact(self.alice, org=self.organisation)
        self.conversation = factories.conversation(self.alice, self.contact)
        self.meeting = factories.meeting(self.alice, self.conversation)
        self.action = factories.action(self.alice, contact=self.contact)
        factories.touchpoint(self.alice, self.contact)
        self.batch = ImportBatch.objects.create(
            user=self.alice,
            filename="Connections.csv",
            format="linkedin",
            data=b"First Name,Last Name,Company,Position,Connected On\nAda,L,X,Y,07 Dec 2025\n",
        )

    def object_urls(self) -> list[str]:
        builders = object_builders()
        urls = []
        for route, pattern in all_patterns():
            keywords = list(pattern.pattern.converters)
            if not keywords:
                continue
            missing = [k for k in keywords if k not in builders]
            self.assertEqual(
                missing, [], f"{route}: add a builder for {missing} to object_builders()"
            )
            url = "/" + route
            for keyword in keywords:
                url = url.replace(f"<int:{keyword}>", str(builders[keyword](self))).replace(
                    f"<str:{keyword}>", str(builders[keyword](self))
                )
            urls.append(url)
        return urls

    def test_it_has_object_urls_to_walk(self):
        self.assertGreaterEqual(len(self.object_urls()), 10)

    def test_it_gives_outsiders_404_on_every_object_url(self):
        self.login(self.bob)
        for url in self.object_urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                if response.status_code == 405:
                    response = self.client.post(url)
                self.assertEqual(response.status_code, 404, url)

    def test_it_changes_nothing_on_get(self):
        self.login(self.alice)
        urls = ["/" + route for route, p in all_patterns() if not p.pattern.converters]
        urls += self.object_urls()
        before = snapshot()
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertLess(response.status_code, 500, url)
                self.assertEqual(snapshot(), before, f"GET {url} changed stored data")
