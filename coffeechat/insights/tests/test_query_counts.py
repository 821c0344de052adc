"""The insights pages cost the same number of queries for N and 2N rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.insights.models import CareerPath
from coffeechat.meetings.models import Capture, Meeting
from coffeechat.pipeline.models import Conversation
from coffeechat.prep.models import PlannedQuestion


class QueryCountTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.path = CareerPath.objects.create(user=self.alice, name="UX research")
        CareerPath.objects.create(user=self.alice, name="Data journalism")
        self.root = factories.contact(self.alice, "Root Person")
        self.made = 0

    def add(self, n: int) -> None:
        for _ in range(n):
            self.made += 1
            org = factories.organisation(self.alice, f"Org {self.made}")
            who = factories.contact(
                self.alice, f"Person {self.made}", org=org, referred_by=self.root
            )
            conv = factories.conversation(self.alice, who)
            Conversation.objects.filter(pk=conv.pk).update(requested_at=conv.created)
            meeting = Meeting.objects.create(
                user=self.alice, conversation=conv, starts_at=conv.created, status="held"
            )
            Capture.objects.create(
                user=self.alice, meeting=meeting, kind="insight", topic="skills", text="SQL"
            )
            PlannedQuestion.objects.create(
                user=self.alice, conversation=conv, text="Trends?", topic="trends", note="AI"
            )
            Contact.objects.create(
                user=self.alice, display_name=f"Kid {self.made}", referred_by=who
            )
            self.path.conversations.add(conv)
            self.path.organisations.add(org)

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(captured)

    def test_it_keeps_query_counts_flat(self):
        self.login(self.alice)
        urls = [
            "/insights/",
            f"/insights/paths/{self.path.pk}/",
            f"/insights/paths/{self.path.pk}/links/?q=person",
            "/insights/paths/compare/",
            "/insights/network/",
            "/insights/funnel/",
            f"/insights/paths/{self.path.pk}/export.md",
        ]
        self.add(3)
        before = {url: self.count(url) for url in urls}
        self.add(3)
        after = {url: self.count(url) for url in urls}
        self.assertEqual(after, before)
        # And the numbers themselves (the suite's dummy cache keeps nothing, so the syntheses
        # and the funnel are worked out here, after their data token is read).
        self.assertEqual(
            list(after.values()),
            [
                7,  # paths: session, user, profile, paths, three link counts
                8,  # path: session, user, profile, path, token, synthesis (3)
                # links: session, user, profile, path, found (3), linked (one for the three
                # kinds), and the contacts search's probe of its text index
                9,
                10,  # compare: session, user, profile, paths, token and synthesis (3) of each
                5,  # network
                9,  # funnel: session, user, profile, token, five for the figures
                8,  # export: as the path
            ],
        )
