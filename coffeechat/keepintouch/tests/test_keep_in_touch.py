from datetime import UTC, date, datetime, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.contacts.models import Contact, Touchpoint
from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.extensions import today_items
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.keepintouch.cadence import cadence_of, due_contacts, snooze_until

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def keep_titles(user) -> list[str]:
    return [i.title for i in today_items(user) if i.kind == "Keep in touch"]


class CadenceTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        with time_machine.travel(START, tick=False):
            self.mentors = factories.tag(self.alice, "mentors")
            self.mentors.keep_in_touch_days = 90
            self.mentors.save()
            self.priya = factories.contact(self.alice, "Priya Shah")
            self.priya.tags.add(self.mentors)
            log_touchpoint(self.priya, "meeting", text="Coffee")

    def test_it_is_due_after_90_days_and_a_shared_article_resets_it(self):
        with time_machine.travel(START + timedelta(days=89), tick=False):
            self.assertEqual(keep_titles(self.alice), [])
        with time_machine.travel(START + timedelta(days=90), tick=False):
            self.assertEqual(keep_titles(self.alice), ["Keep in touch with Priya Shah"])
            log_touchpoint(self.priya, "shared", text="An article on research ops")
            self.assertEqual(keep_titles(self.alice), [])
        with time_machine.travel(START + timedelta(days=180), tick=False):
            self.assertEqual(keep_titles(self.alice), ["Keep in touch with Priya Shah"])

    def test_it_counts_from_creation_when_nothing_was_logged(self):
        with time_machine.travel(START, tick=False):
            quiet = factories.contact(self.alice, "Quiet Person", keep_in_touch_days=30)
        with time_machine.travel(START + timedelta(days=29), tick=False):
            self.assertNotIn("Keep in touch with Quiet Person", keep_titles(self.alice))
        with time_machine.travel(START + timedelta(days=30), tick=False):
            self.assertIn("Keep in touch with Quiet Person", keep_titles(self.alice))
        self.assertEqual(cadence_of(quiet)["cadence_days"], 30)

    def test_it_uses_the_contacts_own_cadence_then_the_shortest_tag(self):
        close = factories.tag(self.alice, "close")
        close.keep_in_touch_days = 30
        close.save()
        self.priya.tags.add(close)
        self.assertEqual(cadence_of(self.priya)["cadence_days"], 30)
        self.priya.keep_in_touch_days = 200
        self.priya.save()
        self.assertEqual(cadence_of(self.priya)["cadence_days"], 200)
        plain = factories.contact(self.alice, "No Cadence")
        self.assertIsNone(cadence_of(plain)["cadence_days"])
        self.assertIsNone(cadence_of(plain)["due_at"])

    def test_it_lists_a_contact_once_whatever_its_tags_and_touches(self):
        for name in ("a", "b", "c"):
            extra = factories.tag(self.alice, name)
            extra.keep_in_touch_days = 60
            extra.save()
            self.priya.tags.add(extra)
        for _ in range(3):
            log_touchpoint(self.priya, "note", at=START - timedelta(days=10))
        now = START + timedelta(days=61)
        rows = list(due_contacts(self.alice, now))
        self.assertEqual([c.display_name for c in rows], ["Priya Shah"])
        self.assertEqual(rows[0].cadence_days, 60)
        self.assertEqual(rows[0].due_at, START + timedelta(days=60))

    def test_it_hides_a_snoozed_contact_until_the_date(self):
        self.priya.snoozed_until = date(2026, 6, 15)
        self.priya.save()
        with time_machine.travel(START + timedelta(days=100), tick=False):  # 10 June
            self.assertEqual(keep_titles(self.alice), [])
        with time_machine.travel(datetime(2026, 6, 15, 9, 0, tzinfo=UTC), tick=False):
            self.assertEqual(keep_titles(self.alice), ["Keep in touch with Priya Shah"])

    def test_it_keeps_other_users_out(self):
        bobs = factories.contact(self.bob, "Bob Friend", keep_in_touch_days=1)
        log_touchpoint(bobs, "note", at=START - timedelta(days=30))
        self.assertEqual(list(due_contacts(self.alice, START + timedelta(days=91))), [self.priya])

    def test_it_works_out_snooze_dates(self):
        today = date(2026, 3, 2)
        self.assertEqual(snooze_until("7", None, today), date(2026, 3, 9))
        self.assertEqual(snooze_until("30", None, today), date(2026, 4, 1))
        self.assertEqual(snooze_until("91", None, today), date(2026, 6, 1))
        self.assertEqual(snooze_until("custom", date(2026, 5, 1), today), date(2026, 5, 1))
        self.assertIsNone(snooze_until("custom", date(2026, 3, 1), today))
        self.assertIsNone(snooze_until("12", None, today))

    def test_it_keeps_the_query_count_flat(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                items = keep_titles(self.alice)
            self.assertTrue(items)
            return len(queries)

        later = START + timedelta(days=120)
        with time_machine.travel(later, tick=False):
            small = count()
            for number in range(10):
                person = factories.contact(self.alice, f"Person {number}", keep_in_touch_days=10)
                person.tags.add(self.mentors)
                log_touchpoint(person, "note", at=later - timedelta(days=20))
                log_touchpoint(person, "reply", at=later - timedelta(days=30))
            self.assertEqual(count(), small)
            self.assertEqual(len(keep_titles(self.alice)), 11)


@time_machine.travel(START, tick=False)
class KeepInTouchViewTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.priya = factories.contact(self.alice, "Priya Shah", keep_in_touch_days=1)
        self.mentors = factories.tag(self.alice, "mentors")

    def test_it_snoozes_for_a_week_a_month_three_months_or_a_date(self):
        url = f"/keep-in-touch/contacts/{self.priya.pk}/snooze/"
        for choice, expected in (
            ("7", date(2026, 3, 9)),
            ("30", date(2026, 4, 1)),
            ("91", date(2026, 6, 1)),
        ):
            self.client.post(url, {"snooze": choice})
            self.priya.refresh_from_db()
            self.assertEqual(self.priya.snoozed_until, expected)
        response = self.client.post(url, {"snooze": "custom", "until": "2026-08-01", "next": "/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.priya.refresh_from_db()
        self.assertEqual(self.priya.snoozed_until, date(2026, 8, 1))

    def test_it_snoozes_a_month_from_the_today_button(self):
        self.client.post(f"/keep-in-touch/contacts/{self.priya.pk}/snooze/", {"next": "/"})
        self.priya.refresh_from_db()
        self.assertEqual(self.priya.snoozed_until, date(2026, 4, 1))

    def test_it_refuses_a_past_or_missing_custom_date(self):
        url = f"/keep-in-touch/contacts/{self.priya.pk}/snooze/"
        for until in ("2026-01-01", "", "not-a-date"):
            self.client.post(url, {"snooze": "custom", "until": until})
            self.priya.refresh_from_db()
            self.assertIsNone(self.priya.snoozed_until)

    def test_it_wakes_a_snoozed_contact(self):
        self.priya.snoozed_until = date(2026, 5, 1)
        self.priya.save()
        self.client.post(f"/keep-in-touch/contacts/{self.priya.pk}/snooze/", {"snooze": "none"})
        self.priya.refresh_from_db()
        self.assertIsNone(self.priya.snoozed_until)

    def test_it_gives_outsiders_404_and_wants_post(self):
        url = f"/keep-in-touch/contacts/{self.priya.pk}/snooze/"
        self.assertEqual(self.client.get(url).status_code, 405)
        self.login(self.bob)
        self.assertEqual(self.client.post(url, {"snooze": "7"}).status_code, 404)
        self.priya.refresh_from_db()
        self.assertIsNone(self.priya.snoozed_until)

    def test_it_sets_cadences_per_tag(self):
        other = factories.tag(self.alice, "alumni")
        response = self.client.post(
            "/keep-in-touch/",
            {f"tag-{self.mentors.pk}": "90", f"tag-{other.pk}": ""},
        )
        self.assertRedirects(response, "/keep-in-touch/", fetch_redirect_response=False)
        self.mentors.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual(self.mentors.keep_in_touch_days, 90)
        self.assertIsNone(other.keep_in_touch_days)

    def test_it_refuses_a_cadence_that_is_not_a_number_of_days(self):
        self.mentors.keep_in_touch_days = 30
        self.mentors.save()
        response = self.client.post(
            "/keep-in-touch/", {f"tag-{self.mentors.pk}": "soon"}, follow=True
        )
        self.assertContains(response, "whole number of days")
        self.mentors.refresh_from_db()
        self.assertEqual(self.mentors.keep_in_touch_days, 30)

    def test_it_ignores_another_users_tag(self):
        bobs = factories.tag(self.bob, "bob-tag")
        self.client.post("/keep-in-touch/", {f"tag-{bobs.pk}": "5"})
        bobs.refresh_from_db()
        self.assertIsNone(bobs.keep_in_touch_days)

    def test_it_lists_who_is_due_and_who_is_snoozed(self):
        sleeper = factories.contact(self.alice, "Sam Sleeper", snoozed_until=date(2026, 4, 1))
        with time_machine.travel(START + timedelta(days=2), tick=False):
            response = self.client.get("/keep-in-touch/")
        self.assertEqual([c.display_name for c in response.context["due"]], ["Priya Shah"])
        self.assertEqual(list(response.context["snoozed"]), [sleeper])
        self.assertContains(response, "Log a touch")
        self.assertContains(response, "mentors")

    def test_it_shows_keep_in_touch_on_today_with_log_and_snooze(self):
        with time_machine.travel(START + timedelta(days=2), tick=False):
            response = self.client.get("/")
        self.assertContains(response, "Keep in touch with Priya Shah")
        self.assertContains(response, f"/contacts/{self.priya.pk}/#timeline-h")
        self.assertContains(response, f"/keep-in-touch/contacts/{self.priya.pk}/snooze/")
        self.assertEqual(Touchpoint.objects.count(), 0)
        self.assertEqual(Contact.objects.get(pk=self.priya.pk).snoozed_until, None)
        self.assertIsNotNone(timezone.now())
