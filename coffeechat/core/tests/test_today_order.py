"""The order of Today's items (TodayItem.sort_key): an item due on a day sorts at the start of
that day in the user's zone, among items due at a time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase
from django.utils import timezone

from coffeechat.core.extensions import TodayItem

AUCKLAND = ZoneInfo("Pacific/Auckland")  # UTC+13 in December
LOS_ANGELES = ZoneInfo("America/Los_Angeles")  # UTC-8


def titles(items: list[TodayItem]) -> list[str]:
    return [item.title for item in sorted(items, key=lambda item: item.sort_key)]


class DayItemsSortAtTheLocalDaysStartTests(SimpleTestCase):
    def test_a_day_comes_before_that_days_early_morning_in_a_zone_ahead_of_utc(self):
        day = TodayItem("Action", "On the day", "/a", when=date(2026, 12, 4))
        early = TodayItem(
            "Meeting", "At five", "/b", when=datetime(2026, 12, 4, 5, tzinfo=AUCKLAND)
        )
        with timezone.override(AUCKLAND):
            self.assertEqual(titles([early, day]), ["On the day", "At five"])

    def test_a_day_comes_after_the_evening_before_in_a_zone_behind_utc(self):
        day = TodayItem("Action", "On the day", "/a", when=date(2026, 12, 4))
        evening = TodayItem(
            "Meeting",
            "The evening before",
            "/b",
            when=datetime(2026, 12, 3, 20, tzinfo=LOS_ANGELES),
        )
        with timezone.override(LOS_ANGELES):
            self.assertEqual(titles([day, evening]), ["The evening before", "On the day"])

    def test_urgency_and_overdue_still_come_first(self):
        later_day = TodayItem("Action", "Later", "/a", when=date(2026, 12, 9), urgency=1)
        overdue = TodayItem("Action", "Overdue", "/b", when=date(2026, 12, 20), overdue=True)
        whenever = TodayItem("LinkedIn", "Whenever", "/c", urgency=3)
        with timezone.override(AUCKLAND):
            self.assertEqual(
                titles([whenever, later_day, overdue]), ["Overdue", "Later", "Whenever"]
            )
