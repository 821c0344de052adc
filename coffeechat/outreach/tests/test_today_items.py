from datetime import datetime

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.outreach.today_items import ask_next
from coffeechat.pipeline.models import Stage

SENT = "2026-03-06 10:00Z"  # a Friday


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


@override_settings(PIPELINE_TARGET=2)
class AskNextTodayTests(BaseTestCase):
    def test_it_lists_the_top_three_while_few_requests_wait(self):
        factories.contact(self.alice, "Cold Carl")
        factories.contact(self.alice, "Friend Fay", relationship="friend")
        factories.contact(self.alice, "Alum Al", relationship="alumni")
        factories.contact(self.alice, "Link Lin", relationship="linkedin")
        [item] = ask_next(self.alice, timezone.now())
        self.assertEqual(item.title, "Who to ask next: Friend Fay")
        self.assertIn(
            "1. Friend Fay (referred or first-degree); 2. Link Lin (referred or first-degree); "
            "3. Alum Al (alumni).",
            item.detail,
        )
        self.assertNotIn("Cold Carl", item.detail)
        self.assertEqual(item.action.method, "post")
        self.assertIn("0 of 2 requests are waiting", item.detail)

    def test_it_stays_quiet_when_enough_requests_wait(self):
        for name in ["A One", "B Two"]:
            factories.conversation(self.alice, factories.contact(self.alice, name), Stage.REQUESTED)
        factories.contact(self.alice, "Friend Fay", relationship="friend")
        self.assertEqual(list(ask_next(self.alice, timezone.now())), [])

    def test_it_runs_a_fixed_number_of_queries(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                list(ask_next(self.alice, timezone.now()))
            return len(queries)

        factories.contact(self.alice, "One Person")
        first = count()
        for i in range(5):
            factories.conversation(
                self.alice, factories.contact(self.alice, f"P {i}", relationship="friend")
            )
        self.assertEqual(count(), first)
