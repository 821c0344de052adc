from datetime import UTC, date, datetime, time, timedelta

from django.test import SimpleTestCase

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.hosting import availability
from coffeechat.hosting.availability import Window, parse_blackouts, parse_windows
from coffeechat.hosting.tests.helpers import MONDAY, host_page
from coffeechat.pipeline.models import Kind


class ParsingTests(SimpleTestCase):
    def test_it_reads_windows_in_several_spellings(self):
        self.assertEqual(
            parse_windows("Tuesday 14:00-16:00\n\nthu 9.30 – 10:30"),
            [Window(1, time(14), time(16)), Window(3, time(9, 30), time(10, 30))],
        )

    def test_it_names_the_bad_line(self):
        with self.assertRaisesMessage(ValueError, "Line 2"):
            parse_windows("Tuesday 14:00-16:00\nFunday 10:00-11:00")
        with self.assertRaisesMessage(ValueError, "end after it starts"):
            parse_windows("Monday 16:00-14:00")

    def test_it_reads_blackout_days_and_ranges(self):
        self.assertEqual(
            parse_blackouts("2026-12-24\n2026-12-28 to 2027-01-02"),
            [(date(2026, 12, 24), date(2026, 12, 24)), (date(2026, 12, 28), date(2027, 1, 2))],
        )
        with self.assertRaisesMessage(ValueError, "Line 1"):
            parse_blackouts("next week")


class SlotTests(BaseTestCase):
    def test_it_cuts_windows_into_slots_of_the_usual_length(self):
        page = host_page(self.alice, weekly_windows="Tuesday 14:00-15:00")
        slots = availability.open_slots(page, MONDAY, days=6)
        self.assertEqual(slots, [datetime(2026, 12, 8, 14, m, tzinfo=UTC) for m in (0, 20, 40)])

    def test_it_uses_the_hosts_zone_and_shows_the_askers(self):
        page = host_page(self.alice, time_zone="America/Toronto")
        slots = availability.open_slots(page, MONDAY, days=6)
        self.assertEqual(slots[0], datetime(2026, 12, 8, 19, 0, tzinfo=UTC))  # 14:00 in Toronto
        days = availability.by_day(slots, availability.zone_or_utc("Asia/Tokyo"))
        self.assertEqual(days[0].day, date(2026, 12, 9))  # already Wednesday in Tokyo
        self.assertEqual(days[0].slots[0][1], "04:00")

    def test_it_leaves_out_blackouts_and_pauses(self):
        page = host_page(self.alice, blackouts="2026-12-08")
        slots = availability.open_slots(page, MONDAY, days=9)
        self.assertTrue(slots)
        self.assertNotIn(date(2026, 12, 8), {s.date() for s in slots})
        page.paused = True
        self.assertEqual(availability.open_slots(page, MONDAY), [])

    def test_it_skips_meetings_and_stops_at_the_weekly_cap(self):
        page = host_page(self.alice, cap_per_week=1)
        conversation = factories.conversation(self.alice)
        conversation.kind = Kind.HOSTING
        conversation.save()
        factories.meeting(self.alice, conversation).__class__.objects.filter(
            conversation=conversation
        ).update(starts_at=datetime(2026, 12, 8, 14, 0, tzinfo=UTC))
        slots = availability.open_slots(page, MONDAY, days=9)
        # The week of the 7th is full; the next Tuesday is open.
        self.assertEqual(slots[0], datetime(2026, 12, 15, 14, 0, tzinfo=UTC))

    def test_an_ordinary_meeting_takes_time_but_not_the_cap(self):
        page = host_page(self.alice, cap_per_week=1, weekly_windows="Tuesday 14:00-15:00")
        meeting = factories.meeting(self.alice, factories.conversation(self.alice))
        meeting.starts_at = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
        meeting.save()
        slots = availability.open_slots(page, MONDAY, days=6)
        self.assertEqual(
            slots,
            [datetime(2026, 12, 8, 14, 20, tzinfo=UTC), datetime(2026, 12, 8, 14, 40, tzinfo=UTC)],
        )

    def test_it_gives_no_slot_sooner_than_the_notice(self):
        page = host_page(self.alice, weekly_windows="Monday 10:00-12:00")
        slots = availability.open_slots(page, MONDAY, days=1)
        self.assertEqual(slots, [])
        self.assertGreater(
            availability.open_slots(page, MONDAY, days=8)[0], MONDAY + timedelta(days=6)
        )
