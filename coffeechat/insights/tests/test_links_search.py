"""The link page's search is the contacts list's search: the same people for the same text."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.contacts.services import search_contacts
from coffeechat.core.testing import BaseTestCase, built_by_the_orm
from coffeechat.core.tests import factories
from coffeechat.insights.models import CareerPath

TARGET = re.compile(r'name="target" value="(\d+)"')
# The contacts search first asks the text index for the matches (its probe), then reads them.
SEARCH_QUERIES = 2


class LinkSearchTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.path = CareerPath.objects.create(user=self.alice, name="UX research")
        self.url = f"/insights/paths/{self.path.pk}/links/"
        acme = factories.organisation(self.alice, "Acme Lima")
        self.people = {
            "ana": factories.contact(self.alice, "Ana Lima", role="UX researcher"),
            "zoe": factories.contact(self.alice, "Zoë García", role="Designer", org=acme),
            "cy": factories.contact(self.alice, "Cy Novak", research_notes="Wrote on Figma"),
            "dee": factories.contact(self.alice, "Dee Shah"),
        }
        factories.tag(self.alice, "fintech").contacts.add(self.people["dee"])
        self.conversations = {
            name: factories.conversation(self.alice, who) for name, who in self.people.items()
        }
        # Bob's people match every text below; they must never appear on Alice's page.
        bob_org = factories.organisation(self.bob, "Acme Lima")
        self.bobs = [
            factories.contact(self.bob, "Ana Lima", role="UX researcher", org=bob_org),
            factories.contact(self.bob, "Zoë García", research_notes="Figma"),
        ]
        factories.tag(self.bob, "fintech").contacts.add(self.bobs[0])
        self.bob_conversations = [factories.conversation(self.bob, who) for who in self.bobs]
        self.login(self.alice)

    def found(self, q: str) -> dict[str, list[int]]:
        response = self.client.get(self.url, {"q": q})
        self.assertEqual(response.status_code, 200)
        return {
            kind: [int(pk) for pk in TARGET.findall(rows)]
            for kind, rows in response.context["found"].items()
        }

    def test_it_finds_the_contacts_the_contacts_list_finds(self):
        expected = {
            "lima": ["ana", "zoe"],  # a name, and an organisation's name
            "LIMA": ["ana", "zoe"],  # case
            "researcher": ["ana"],  # a role
            "acme": ["zoe"],  # the organisation only
            "zoe": ["zoe"],  # accents folded
            "garcía": ["zoe"],
            "figma": ["cy"],  # research notes
            "fintech": ["dee"],  # a tag
            "li": ["ana", "zoe"],  # shorter than a trigram
            "nobody": [],
        }
        for q, names in expected.items():
            with self.subTest(q=q):
                found = self.found(q)
                pks = [self.people[name].pk for name in names]
                self.assertEqual(sorted(found["contacts"]), sorted(pks))
                # The same people, in the same order, as the contacts list shows.
                listed = list(search_contacts(self.alice, q=q).values_list("pk", flat=True))
                self.assertEqual(found["contacts"], listed)
                # Their conversations are found with them.
                conversations = [self.conversations[name].pk for name in names]
                self.assertEqual(sorted(found["conversations"]), sorted(conversations))

    def test_it_finds_organisations_by_name(self):
        acme = self.people["zoe"].organisation_id
        self.assertEqual(self.found("acme")["organisations"], [acme])
        self.assertEqual(self.found("ACME lima")["organisations"], [acme])
        self.assertEqual(self.found("ana")["organisations"], [])

    def test_it_never_shows_another_users_people(self):
        theirs = {
            "contacts": {c.pk for c in self.bobs},
            "conversations": {c.pk for c in self.bob_conversations},
            "organisations": {c.organisation_id for c in self.bobs if c.organisation_id},
        }
        for q in ("lima", "acme", "researcher", "figma", "fintech", "zoë", "li"):
            with self.subTest(q=q):
                found = self.found(q)
                for kind, pks in theirs.items():
                    self.assertFalse(set(found[kind]) & pks, kind)

    def test_it_shows_at_most_twenty_of_each_in_three_queries(self):
        org = factories.organisation(self.alice, "Lima Labs")
        for n in range(25):
            who = factories.contact(self.alice, f"Person{n:02} Lima", org=org)
            factories.conversation(self.alice, who)
            factories.organisation(self.alice, f"Lima {n}")
        with CaptureQueriesContext(connection) as captured:
            found = self.found("lima")
        self.assertEqual({kind: len(pks) for kind, pks in found.items()}, dict.fromkeys(found, 20))
        # session, user, profile, path, found (contacts, conversations, organisations), linked
        # (one statement for the three kinds)
        self.assertEqual(len(captured), 7 + SEARCH_QUERIES)

    def test_only_the_search_itself_is_built_per_view(self):
        # The linked rows and the found contacts' conversations are compiled once
        # (core.compiled): per view the ORM builds the sign-in's reads, the path, the text's
        # search and the organisations found, each user's own.
        bobs_path = CareerPath.objects.create(user=self.bob, name="Bob's")
        bobs_path.conversations.add(*self.bob_conversations)
        self.path.conversations.add(self.conversations["cy"], self.conversations["ana"])
        self.path.contacts.add(self.people["dee"], self.people["zoe"], self.people["ana"])
        self.assertEqual(self.client.get(self.url, {"q": "lima"}).status_code, 200)
        with built_by_the_orm() as built:
            response = self.client.get(self.url, {"q": "lima"})
        self.assertNotIn("pipeline_conversation", built)
        self.assertNotIn("insights_careerpath_conversations", built)
        linked = response.context["linked"]
        # Each kind in its own order: conversations newest first, contacts by name.
        self.assertEqual(
            [int(pk) for pk in TARGET.findall(linked["conversations"])],
            [self.conversations["cy"].pk, self.conversations["ana"].pk],
        )
        self.assertEqual(
            [int(pk) for pk in TARGET.findall(linked["contacts"])],
            [self.people[name].pk for name in ("ana", "dee", "zoe")],
        )
        self.assertEqual(linked["organisations"], "")
        found = TARGET.findall(response.context["found"]["conversations"])
        self.assertEqual(
            sorted(map(int, found)),
            sorted([self.conversations["ana"].pk, self.conversations["zoe"].pk]),
        )
        self.login(self.bob)
        response = self.client.get(f"/insights/paths/{bobs_path.pk}/links/", {"q": "lima"})
        self.assertEqual(
            sorted(int(pk) for pk in TARGET.findall(response.context["linked"]["conversations"])),
            sorted(c.pk for c in self.bob_conversations),
        )
        found = TARGET.findall(response.context["found"]["conversations"])
        self.assertEqual(sorted(map(int, found)), [self.bob_conversations[0].pk])
