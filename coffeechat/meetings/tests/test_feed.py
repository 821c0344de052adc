"""The private calendar feed, and the meeting items on Today."""

from datetime import UTC, datetime

import icalendar
import time_machine
import vobject

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.models import CalendarFeed

NOW = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class FeedTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.meeting = factories.meeting(self.alice, factories.conversation(self.alice))
        factories.meeting(self.bob, factories.conversation(self.bob, factories.contact(self.bob)))

    def make_feed(self) -> CalendarFeed:
        self.login(self.alice)
        self.client.post("/meetings/calendar/new/")
        return CalendarFeed.objects.get(user=self.alice, revoked=False)

    def test_it_serves_the_users_meetings_to_whoever_has_the_token(self):
        feed = self.make_feed()
        self.assertGreaterEqual(len(feed.token), 40)
        self.client.logout()  # calendar apps do not sign in
        response = self.client.get(f"/meetings/feed/{feed.token}.ics")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        self.assertEqual([str(e["uid"]) for e in events], [f"{self.meeting.uid}@coffeechat"])
        vcal = vobject.readOne(response.content.decode())
        self.assertEqual(len(vcal.vevent_list), 1)

    def test_it_gives_404_for_a_wrong_token(self):
        feed = self.make_feed()
        for token in ("nope", feed.token[:-1], feed.token.upper(), feed.token + "x"):
            with self.subTest(token=token):
                response = self.client.get(f"/meetings/feed/{token}.ics")
                self.assertEqual(response.status_code, 404)

    def test_it_gives_404_for_a_revoked_token(self):
        feed = self.make_feed()
        self.client.post("/meetings/calendar/revoke/")
        self.assertEqual(self.client.get(f"/meetings/feed/{feed.token}.ics").status_code, 404)

    def test_it_gives_404_once_the_account_is_deactivated(self):
        feed = self.make_feed()
        self.client.logout()
        self.alice.is_active = False
        self.alice.save()
        self.assertEqual(self.client.get(f"/meetings/feed/{feed.token}.ics").status_code, 404)

    def test_it_revokes_the_old_link_when_making_a_new_one(self):
        old = self.make_feed()
        self.client.post("/meetings/calendar/new/")
        new = CalendarFeed.objects.get(user=self.alice, revoked=False)
        self.assertNotEqual(new.token, old.token)
        self.assertEqual(self.client.get(f"/meetings/feed/{old.token}.ics").status_code, 404)
        self.assertEqual(self.client.get(f"/meetings/feed/{new.token}.ics").status_code, 200)
        page = self.client.get("/meetings/calendar/")
        self.assertContains(page, f"/meetings/feed/{new.token}.ics")
        self.assertNotContains(page, old.token)

    def test_it_changes_feeds_only_by_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/meetings/calendar/new/").status_code, 405)
        self.assertEqual(self.client.get("/meetings/calendar/revoke/").status_code, 405)
        self.assertFalse(CalendarFeed.objects.exists())

    def test_it_does_not_touch_other_peoples_feeds(self):
        bobs = CalendarFeed.objects.create(user=self.bob)
        self.make_feed()
        self.client.post("/meetings/calendar/revoke/")
        bobs.refresh_from_db()
        self.assertFalse(bobs.revoked)
        page = self.client.get("/meetings/calendar/")
        self.assertNotContains(page, bobs.token)
