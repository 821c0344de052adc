"""Today's keep-in-touch and LinkedIn items come from queries built once (core.compiled): each
user still gets their own, and the local date is the one of the time zone in force."""

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.utils import timezone

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.keepintouch.today_items import connect_on_linkedin, keep_in_touch

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# 20:00 on 9 March in UTC is already 10 March in Auckland (UTC+13).
EVENING = datetime(2026, 3, 9, 20, 0, tzinfo=UTC)


class CompiledTodayItemsTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.people = {}
        with time_machine.travel(START, tick=False):
            for user, name in ((self.alice, "Ann Alice"), (self.bob, "Bo Bob")):
                self.people[user] = factories.contact(
                    user, name, keep_in_touch_days=1, snoozed_until=date(2026, 3, 10)
                )

    def test_keep_in_touch_is_each_users_own_and_ends_a_snooze_on_the_local_date(self):
        for zone, awake in (("UTC", False), ("Pacific/Auckland", True), ("UTC", False)):
            for user in (self.alice, self.bob, self.alice):
                person = self.people[user]
                with timezone.override(zone):
                    items = list(keep_in_touch(user, EVENING))
                expected = (
                    [(f"Keep in touch with {person.display_name}", person.get_absolute_url())]
                    if awake
                    else []
                )
                self.assertEqual([(i.title, i.url) for i in items], expected, (zone, user))
                if awake:
                    self.assertEqual(items[0].when, date(2026, 3, 3))
                    self.assertEqual(items[0].detail, "Every 1 days; no touch logged yet.")

    def test_connect_on_linkedin_is_each_users_own(self):
        for user, person in self.people.items():
            factories.conversation(user, person, stage="met")
        for user in (self.alice, self.bob, self.alice):
            person = self.people[user]
            items = list(connect_on_linkedin(user, EVENING + timedelta(days=1)))
            self.assertEqual(
                [(i.title, i.url) for i in items],
                [(f"Connect with {person.display_name} on LinkedIn", person.get_absolute_url())],
            )
