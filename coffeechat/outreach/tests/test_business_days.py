from datetime import date

import time_machine
from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from coffeechat.outreach.business_days import (
    add_business_days,
    business_days_between,
    is_business_day,
)

FRIDAY = date(2026, 3, 6)
MONDAY = date(2026, 3, 9)


class BusinessDayTests(SimpleTestCase):
    def test_it_skips_the_weekend_when_adding(self):
        self.assertEqual(add_business_days(FRIDAY, 1), MONDAY)
        self.assertEqual(add_business_days(FRIDAY, 3), date(2026, 3, 11))
        self.assertEqual(add_business_days(FRIDAY, 7), date(2026, 3, 17))
        self.assertEqual(add_business_days(FRIDAY, 0), FRIDAY)

    def test_it_starts_counting_from_a_weekend_on_monday(self):
        saturday = date(2026, 3, 7)
        self.assertEqual(add_business_days(saturday, 1), MONDAY)
        self.assertEqual(business_days_between(saturday, MONDAY), 1)

    def test_it_counts_days_between(self):
        self.assertEqual(business_days_between(FRIDAY, MONDAY), 1)
        self.assertEqual(business_days_between(FRIDAY, date(2026, 3, 8)), 0)
        self.assertEqual(business_days_between(FRIDAY, FRIDAY), 0)
        self.assertEqual(business_days_between(MONDAY, FRIDAY), 0)
        self.assertEqual(business_days_between(FRIDAY, date(2026, 3, 20)), 10)
        # A long gap agrees with adding one day at a time.
        self.assertEqual(business_days_between(FRIDAY, add_business_days(FRIDAY, 263)), 263)

    @override_settings(HOLIDAYS=frozenset({date(2026, 3, 9), date(2026, 3, 14)}))
    def test_it_skips_holidays(self):
        self.assertFalse(is_business_day(MONDAY))
        self.assertEqual(add_business_days(FRIDAY, 1), date(2026, 3, 10))
        # The Saturday holiday is not counted twice.
        self.assertEqual(business_days_between(FRIDAY, date(2026, 3, 16)), 5 - 1 + 1)

    def test_it_refuses_negative_days(self):
        with self.assertRaises(ValueError):
            add_business_days(FRIDAY, -1)

    def test_it_works_with_a_frozen_clock(self):
        with time_machine.travel("2026-03-06 10:00Z", tick=False):
            today = timezone.localdate()
        with time_machine.travel("2026-03-17 10:00Z", tick=False):
            later = timezone.localdate()
        self.assertEqual(business_days_between(today, later), 7)
