from datetime import date, datetime, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.followup.models import ActionItem

NOW = datetime(2026, 11, 18, 9, 0).astimezone()


@time_machine.travel(
    datetime(2026, 11, 18, 9, 0, tzinfo=__import__("zoneinfo").ZoneInfo("UTC")), tick=False
)
class TodayTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.priya = factories.contact(self.alice, "Priya Shah")

    def titles(self, *kinds: str) -> list[str]:
        """Titles of Today's items of the kinds this app provides (other apps add more)."""
        kinds = kinds or ("Action", "Waiting", "Meeting")
        items = self.client.get("/").context["items"]
        return [item.title for item in items if item.kind in kinds]

    def test_it_lists_overdue_and_upcoming_actions_overdue_first(self):
        factories.action(self.alice, "Read her paper", due=date(2026, 11, 20), contact=self.priya)
        factories.action(self.alice, "Send the article", due=date(2026, 11, 16))
        factories.action(self.alice, "Far away", due=date(2026, 12, 30))
        factories.action(self.alice, "Already done", due=date(2026, 11, 16), done=True)
        factories.action(self.alice, "Their promise", due=date(2026, 11, 16), owner="theirs")
        factories.action(self.bob, "Bob's own", due=date(2026, 11, 16))
        self.assertEqual(self.titles(), ["Send the article", "Read her paper"])
        response = self.client.get("/")
        self.assertContains(response, "overdue")

    def test_it_marks_an_action_done_from_today(self):
        item = factories.action(self.alice, "Send the article", due=date(2026, 11, 16))
        self.client.post(f"/actions/{item.pk}/toggle/", {"next": "/"})
        item.refresh_from_db()
        self.assertTrue(item.done)
        self.assertEqual(self.titles(), [])

    def test_it_lists_conversations_waiting_for_a_reply(self):
        factories.conversation(self.alice, self.priya, stage="requested")
        factories.conversation(self.alice, stage="prospect")
        self.assertEqual(self.titles(), ["Wait for Priya Shah's reply"])

    def test_it_lists_meetings_in_the_next_seven_days_only_as_their_next_step(self):
        soon = factories.conversation(self.alice, self.priya, stage="scheduled")
        factories.meeting(self.alice, soon, in_days=2)
        later = factories.conversation(self.alice, factories.contact(self.alice, "Tom Later"))
        factories.meeting(self.alice, later, in_days=9)
        cancelled = factories.conversation(self.alice, factories.contact(self.alice, "Cal Off"))
        factories.meeting(self.alice, cancelled, in_days=1, status="cancelled")
        self.assertEqual(self.titles("Meeting", "Prepare"), ["Prepare for Priya Shah"])

    def test_it_shows_times_in_the_users_time_zone(self):
        self.alice.profile.time_zone = "Asia/Tokyo"
        self.alice.profile.save()
        conv = factories.conversation(self.alice, self.priya, stage="scheduled")
        factories.meeting(self.alice, conv, in_days=1)  # 19 Nov 09:00 UTC = 18:00 in Tokyo
        self.assertContains(self.client.get("/"), "18:00")

    def test_it_suggests_a_first_step_when_nothing_is_due(self):
        self.priya.delete()
        self.assertContains(self.client.get("/"), "Nothing is due")

    def test_it_keeps_the_query_count_flat(self):
        def count_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/")
            return len(queries)

        factories.action(self.alice, due=date(2026, 11, 17), contact=self.priya)
        first = factories.conversation(self.alice, self.priya, stage="requested")
        factories.meeting(self.alice, first, in_days=1)
        small = count_queries()
        for number in range(10):
            person = factories.contact(self.alice, f"P {number}")
            factories.action(self.alice, due=date(2026, 11, 17), contact=person)
            conv = factories.conversation(self.alice, person, stage="requested")
            factories.meeting(self.alice, conv, in_days=1)
        # Fewer is fine: with ten requests waiting, "who to ask next" has nothing to look up.
        self.assertLessEqual(count_queries(), small)
        self.assertEqual(ActionItem.objects.filter(user=self.alice).count(), 11)
        self.assertEqual(len(self.titles("Prepare")), 11)


__all__ = ["NOW", "timedelta"]
