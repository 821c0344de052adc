"""A weekly rhythm: the goal of new requests a week, its progress on Today, and who to ask next
when the week is behind. Weeks run Monday to Monday in the user's time zone."""

from datetime import UTC, datetime

import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.outreach.models import DraftKind, RequestDraft
from coffeechat.outreach.services import mark_sent
from coffeechat.outreach.today_items import ask_next
from coffeechat.pipeline.models import Stage

WEDNESDAY = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
MONDAY = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
LAST_SUNDAY = datetime(2026, 3, 8, 20, 0, tzinfo=UTC)


@override_settings(PIPELINE_TARGET=0)  # the thin-pipeline item stays out of the way
@time_machine.travel(WEDNESDAY, tick=False)
class WeeklyGoalTests(BaseTestCase):
    def set_goal(self, goal: int, time_zone: str = "UTC") -> None:
        profile = self.alice.profile
        profile.weekly_request_goal = goal
        profile.time_zone = time_zone
        profile.save()

    def send(self, name: str, at: datetime, *, kind: str = DraftKind.REQUEST, user=None):
        user = user or self.alice
        conversation = factories.conversation(
            user, factories.contact(user, name), Stage.REQUEST_DRAFTED
        )
        draft = RequestDraft.objects.create(user=user, conversation=conversation, kind=kind)
        mark_sent(draft, at=at)

    def items(self, now: datetime = WEDNESDAY):
        return list(ask_next(self.alice, now))

    def test_it_shows_nothing_without_a_goal(self):
        self.send("Ann Lee", MONDAY)
        factories.contact(self.alice, "Friend Fay", relationship="friend")
        self.assertEqual(self.items(), [])

    @override_settings(PIPELINE_TARGET=5)
    def test_it_leaves_who_to_ask_next_as_it_was_without_a_goal(self):
        factories.contact(self.alice, "Friend Fay", relationship="friend")
        [item] = self.items()
        self.assertEqual(item.title, "Who to ask next: Friend Fay")

    def test_it_counts_the_weeks_requests_when_behind_and_names_who_to_ask(self):
        self.set_goal(5)
        self.send("Ann Lee", MONDAY)
        self.send("Ben Ode", WEDNESDAY)
        self.send("Last Week", LAST_SUNDAY)  # before Monday
        self.send("Follow Up", MONDAY, kind=DraftKind.FOLLOW_UP)  # not a new request
        self.send("Bob's Person", MONDAY, user=self.bob)
        unsent = factories.conversation(self.alice, factories.contact(self.alice, "Not Sent"))
        RequestDraft.objects.create(user=self.alice, conversation=unsent)
        factories.contact(self.alice, "Friend Fay", relationship="friend")
        factories.contact(self.alice, "Alum Al", relationship="alumni")
        [item] = self.items()
        self.assertEqual(item.title, "2 of 5 requests this week")
        self.assertIn("3 more by Sunday", item.detail)
        self.assertIn("Who to ask next: 1. Friend Fay (referred or first-degree);", item.detail)
        self.assertEqual(item.action.label, "Start a request to Friend")
        self.assertEqual(item.action.method, "post")
        self.assertEqual(item.url, "/outreach/next/")

    @override_settings(PIPELINE_TARGET=5)
    def test_it_folds_who_to_ask_next_into_the_week_when_behind(self):
        self.set_goal(3)
        factories.contact(self.alice, "Friend Fay", relationship="friend")
        [item] = self.items()
        self.assertEqual(item.title, "0 of 3 requests this week")
        self.assertIn("Friend Fay", item.detail)

    def test_it_asks_for_people_when_behind_with_nobody_to_ask(self):
        self.set_goal(1)
        [item] = self.items()
        self.assertEqual(item.title, "0 of 1 request this week")
        self.assertEqual((item.action.label, item.action.url), ("Add a contact", "/contacts/new/"))

    def test_it_says_when_the_goal_is_met(self):
        self.set_goal(2)
        self.send("Ann Lee", MONDAY)
        self.send("Ben Ode", WEDNESDAY)
        self.send("Cat Dee", WEDNESDAY)
        factories.contact(self.alice, "Friend Fay", relationship="friend")
        [item] = self.items()
        self.assertEqual(item.title, "3 of 2 requests this week: goal met")
        self.assertIsNone(item.action)
        self.assertNotIn("Friend Fay", item.detail)
        self.assertEqual(item.urgency, 3)

    @override_settings(PIPELINE_TARGET=5)
    def test_it_still_says_who_to_ask_when_the_goal_is_met_but_few_wait(self):
        self.set_goal(1)
        self.send("Ann Lee", MONDAY)
        factories.contact(self.alice, "Friend Fay", relationship="friend")
        titles = [item.title for item in self.items()]
        self.assertEqual(
            titles, ["1 of 1 request this week: goal met", "Who to ask next: Friend Fay"]
        )

    def test_it_starts_the_week_on_monday_in_the_users_time_zone(self):
        # Tokyo is UTC+9: Sunday 15:30 UTC is already Monday 00:30 there.
        self.set_goal(2, "Asia/Tokyo")
        self.send("Sunday Night", datetime(2026, 3, 8, 14, 0, tzinfo=UTC))  # Sun 23:00 Tokyo
        self.send("Monday Early", datetime(2026, 3, 8, 15, 30, tzinfo=UTC))  # Mon 00:30 Tokyo
        [item] = self.items(datetime(2026, 3, 8, 16, 0, tzinfo=UTC))  # Mon 01:00 Tokyo
        self.assertEqual(item.title, "1 of 2 requests this week")
        # The same moments in UTC are all Sunday: there both belong to the week before.
        self.set_goal(2, "UTC")
        [item] = self.items(datetime(2026, 3, 8, 16, 0, tzinfo=UTC))
        self.assertEqual(item.title, "2 of 2 requests this week: goal met")

    def test_it_ends_the_week_at_local_midnight_across_a_clock_change(self):
        # New York moved to summer time on Sunday 8 March 2026: the week ends at 04:00 UTC.
        self.set_goal(1, "America/New_York")
        self.send("Late Sunday", datetime(2026, 3, 9, 3, 0, tzinfo=UTC))  # Sun 23:00 EDT
        [item] = self.items(datetime(2026, 3, 9, 3, 30, tzinfo=UTC))
        self.assertEqual(item.title, "1 of 1 request this week: goal met")
        [item] = self.items(datetime(2026, 3, 9, 4, 30, tzinfo=UTC))  # Mon 00:30 EDT
        self.assertEqual(item.title, "0 of 1 request this week")

    def test_it_runs_a_fixed_number_of_queries(self):
        def count() -> int:
            user = User.objects.get(pk=self.alice.pk)  # the profile is read within
            with CaptureQueriesContext(connection) as queries:
                list(ask_next(user, WEDNESDAY))
            return len(queries)

        self.set_goal(20)
        self.send("First", MONDAY)
        factories.contact(self.alice, "Prospect 0")
        behind = count()
        for n in range(5):
            self.send(f"Person {n}", WEDNESDAY)
            factories.contact(self.alice, f"Prospect {n + 1}", relationship="friend")
        self.assertEqual(count(), behind)
        self.set_goal(6)
        met = count()
        self.send("One More", WEDNESDAY)
        self.assertEqual(count(), met)

    def test_it_shows_the_progress_on_today(self):
        self.set_goal(5, "Europe/Berlin")
        self.send("Ann Lee", MONDAY)
        self.send("Ben Ode", WEDNESDAY)
        factories.contact(self.alice, "Friend Fay", relationship="friend")
        self.login(self.alice)
        response = self.client.get("/")
        self.assertContains(response, "2 of 5 requests this week")
        self.assertContains(response, "Start a request to Friend")
