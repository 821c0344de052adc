"""3B7 on Today, as each requested conversation's next step (today.next_step).

3B7 (The 2-Hour Job Search): after 3 business days without a reply, approach a second person at
the same organisation; after 7, follow up once; after a further 7, mark it "no response".
"""

from datetime import date, datetime

import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.outreach.models import DraftKind, Reply, RequestDraft
from coffeechat.outreach.services import mark_sent
from coffeechat.pipeline.models import Stage
from coffeechat.today.models import StoredStep
from coffeechat.today.today_items import next_steps

SENT = "2026-03-06 10:00Z"  # a Friday


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


class ThreeBSevenTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.org = factories.organisation(self.alice, "Shopify")
        self.priya = factories.contact(self.alice, "Priya Shah", org=self.org)
        self.conversation = factories.conversation(self.alice, self.priya, Stage.REQUEST_DRAFTED)
        self.draft = RequestDraft.objects.create(
            user=self.alice, conversation=self.conversation, subject="Hi", body="Hi Priya"
        )
        with time_machine.travel(SENT, tick=False):
            mark_sent(self.draft)

    def items(self, moment: str, user=None):
        return [i for i in next_steps(user or self.alice, at(moment)) if i.kind != "Waiting"]

    def test_nothing_before_three_business_days(self):
        self.assertEqual(self.items("2026-03-10 18:00Z"), [])  # Tuesday: 2 business days

    def test_after_three_business_days_it_names_others_at_the_organisation(self):
        for name in ["Ana Alves", "Ben Brook", "Cai Chen", "Dee Dunn"]:
            factories.contact(self.alice, name, org=self.org)
        factories.contact(self.bob, "Bob's Friend", org=factories.organisation(self.bob, "Shopify"))
        [item] = self.items("2026-03-11 09:00Z")  # Wednesday: 3 business days
        self.assertEqual(item.title, "Ask a second person at Shopify while Priya Shah replies")
        self.assertIn("Others you know there: Ana Alves, Ben Brook, Cai Chen.", item.detail)
        self.assertNotIn("Dee Dunn", item.detail)
        self.assertNotIn("Priya", item.detail.split("Others")[1].split(".")[0])
        self.assertEqual(item.action.label, "Open Ana Alves")

    def test_it_points_to_the_organisation_when_nobody_else_is_known_there(self):
        [item] = self.items("2026-03-11 09:00Z")
        self.assertEqual(item.action.label, "See who you know there")
        self.assertEqual(item.action.url, f"/organisations/{self.org.pk}/")

    def test_after_seven_business_days_it_offers_one_follow_up(self):
        [item] = self.items("2026-03-17 09:00Z")  # 7 business days
        self.assertEqual(item.title, "Follow up with Priya Shah")
        self.assertEqual(item.action.method, "post")
        self.assertEqual(item.action.url, f"/conversations/{self.conversation.pk}/follow-up/")

    def test_an_unsent_follow_up_is_opened_rather_than_drafted_again(self):
        follow_up = RequestDraft.objects.create(
            user=self.alice, conversation=self.conversation, kind=DraftKind.FOLLOW_UP, body="Hi"
        )
        [item] = self.items("2026-03-17 09:00Z")
        self.assertEqual(item.action.url, f"/outreach/drafts/{follow_up.pk}/")

    def test_seven_days_after_the_follow_up_it_suggests_no_response(self):
        follow_up = RequestDraft.objects.create(
            user=self.alice, conversation=self.conversation, kind=DraftKind.FOLLOW_UP, body="Hi"
        )
        with time_machine.travel("2026-03-17 10:00Z", tick=False):
            mark_sent(follow_up)
        self.assertEqual(self.items("2026-03-25 09:00Z"), [])  # 6 business days after
        [item] = self.items("2026-03-26 09:00Z")
        self.assertEqual(item.title, "No answer from Priya Shah: ask someone else")
        self.assertEqual(item.action.url, f"/conversations/{self.conversation.pk}/no-response/")

    def test_without_a_follow_up_it_suggests_no_response_after_fourteen(self):
        [item] = self.items("2026-03-26 09:00Z")  # 14 business days
        self.assertEqual(item.action.label, "Mark no response")

    def test_a_reply_stops_the_nudges_but_out_of_office_does_not(self):
        Reply.objects.create(
            user=self.alice,
            conversation=self.conversation,
            outcome="out_of_office",
            replied_on="2026-03-07",
        )
        self.assertEqual(len(self.items("2026-03-17 09:00Z")), 1)
        Reply.objects.create(
            user=self.alice,
            conversation=self.conversation,
            outcome="not_now",
            replied_on="2026-03-09",
        )
        self.assertEqual(self.items("2026-03-17 09:00Z"), [])

    @override_settings(HOLIDAYS=frozenset({date(2026, 3, 9)}))
    def test_holidays_push_the_nudges_back(self):
        self.assertEqual(self.items("2026-03-11 09:00Z"), [])
        self.assertEqual(len(self.items("2026-03-12 09:00Z")), 1)

    def test_outsiders_see_nothing(self):
        self.assertEqual(self.items("2026-03-17 09:00Z", user=self.bob), [])

    def test_it_runs_a_fixed_number_of_queries(self):
        def count() -> int:
            # Every step worked out afresh (as on a user's first view), not read from the store.
            StoredStep.objects.all().delete()
            with CaptureQueriesContext(connection) as queries:
                self.items("2026-03-11 09:00Z")
            return len(queries)

        first = count()
        for i in range(3):
            org = factories.organisation(self.alice, f"Org {i}")
            factories.contact(self.alice, f"Other {i}", org=org)
            conv = factories.conversation(
                self.alice, factories.contact(self.alice, f"Person {i}", org=org)
            )
            with time_machine.travel(SENT, tick=False):
                mark_sent(
                    RequestDraft.objects.create(user=self.alice, conversation=conv, body="Hi")
                )
        self.assertEqual(len(self.items("2026-03-11 09:00Z")), 4)
        self.assertEqual(count(), first)


class TodayPageTests(BaseTestCase):
    def test_the_today_page_shows_the_follow_up(self):
        priya = factories.contact(self.alice, "Priya Shah")
        conv = factories.conversation(self.alice, priya, Stage.REQUEST_DRAFTED)
        with time_machine.travel(SENT, tick=False):
            mark_sent(RequestDraft.objects.create(user=self.alice, conversation=conv, body="Hi"))
        with time_machine.travel("2026-03-17 09:00Z", tick=False):
            self.login(self.alice)
            response = self.client.get("/")
        self.assertContains(response, "Follow up with Priya Shah")
        self.assertNotContains(response, "Wait for Priya Shah")
