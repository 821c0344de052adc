"""Today's action items come from a query built once (core.compiled): each user still gets
their own, and "today" and the week ahead are the local dates of the time zone in force."""

from datetime import UTC, date, datetime

from django.utils import timezone

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.followup.today_items import action_items

# 20:00 on 2 March in UTC is already 3 March in Auckland (UTC+13).
EVENING = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)


class CompiledActionItemsTests(BaseTestCase):
    def test_they_are_each_users_own_and_dated_in_the_time_zone(self):
        for user in (self.alice, self.bob):
            person = factories.contact(user, f"Friend of {user.username}")
            factories.action(user, f"{user.username}: today", due=date(2026, 3, 2), contact=person)
            factories.action(user, f"{user.username}: in a week", due=date(2026, 3, 10))
            factories.action(user, f"{user.username}: later", due=date(2026, 3, 11))
        expected = {
            # (title's end, overdue, urgency)
            "UTC": [(": today", False, 1)],
            "Pacific/Auckland": [(": today", True, 2), (": in a week", False, 2)],
        }
        for zone in ("UTC", "Pacific/Auckland", "UTC"):
            for user in (self.alice, self.bob, self.alice):
                with timezone.override(zone):
                    items = list(action_items(user, EVENING))
                self.assertEqual(
                    [(i.title, i.overdue, i.urgency) for i in items],
                    [(user.username + end, *rest) for end, *rest in expected[zone]],
                    (zone, user),
                )
                self.assertEqual(items[0].detail, f"For Friend of {user.username}")
