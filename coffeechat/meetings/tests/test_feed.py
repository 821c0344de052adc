"""The private calendar feed, and the meeting items on Today."""

import hashlib
import re
from datetime import UTC, datetime

import icalendar
import time_machine
import vobject
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coffeechat.core.testing import BaseTestCase, MigrationTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.models import CalendarFeed, token_digest

NOW = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class FeedTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.meeting = factories.meeting(self.alice, factories.conversation(self.alice))
        factories.meeting(self.bob, factories.conversation(self.bob, factories.contact(self.bob)))

    def make_feed(self) -> str:
        """Make alice's link as she would, and give its token, read from the page."""
        self.login(self.alice)
        page = self.client.post("/meetings/calendar/new/")
        self.assertEqual(page.status_code, 200)
        found = re.search(
            r"http://testserver/meetings/feed/([^\"<\s]+)\.ics", page.content.decode()
        )
        self.assertIsNotNone(found, "the new link is shown once it is made")
        return found[1]

    def test_it_serves_the_users_meetings_to_whoever_has_the_token(self):
        token = self.make_feed()
        self.assertGreaterEqual(len(token), 40)
        self.client.logout()  # calendar apps do not sign in
        response = self.client.get(f"/meetings/feed/{token}.ics")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        self.assertEqual([str(e["uid"]) for e in events], [f"{self.meeting.uid}@coffeechat"])
        vcal = vobject.readOne(response.content.decode())
        self.assertEqual(len(vcal.vevent_list), 1)

    def test_it_gives_404_for_a_wrong_token(self):
        token = self.make_feed()
        for wrong in ("nope", token[:-1], token.upper(), token + "x"):
            with self.subTest(token=wrong):
                response = self.client.get(f"/meetings/feed/{wrong}.ics")
                self.assertEqual(response.status_code, 404)

    def test_it_gives_404_for_a_revoked_token(self):
        token = self.make_feed()
        self.client.post("/meetings/calendar/revoke/")
        self.assertEqual(self.client.get(f"/meetings/feed/{token}.ics").status_code, 404)

    def test_it_gives_404_once_the_account_is_deactivated(self):
        token = self.make_feed()
        self.client.logout()
        self.alice.is_active = False
        self.alice.save()
        self.assertEqual(self.client.get(f"/meetings/feed/{token}.ics").status_code, 404)

    def test_it_revokes_the_old_link_when_making_a_new_one(self):
        old = self.make_feed()
        new = self.make_feed()
        self.assertNotEqual(new, old)
        self.assertEqual(CalendarFeed.objects.filter(user=self.alice, revoked=False).count(), 1)
        self.assertEqual(self.client.get(f"/meetings/feed/{old}.ics").status_code, 404)
        self.assertEqual(self.client.get(f"/meetings/feed/{new}.ics").status_code, 200)

    def test_it_keeps_only_a_digest_of_the_token(self):
        token = self.make_feed()
        feed = CalendarFeed.objects.get(user=self.alice, revoked=False)
        self.assertEqual(feed.token_hash, hashlib.sha256(token.encode()).hexdigest())
        stored = [str(value) for value in CalendarFeed.objects.values_list().get()]
        self.assertFalse([value for value in stored if token in value])
        # Any copy of the rows (a database dump) does not open the calendar.
        self.assertEqual(self.client.get(f"/meetings/feed/{feed.token_hash}.ics").status_code, 404)

    def test_it_shows_the_link_only_when_it_is_made_and_says_so(self):
        token = self.make_feed()
        page = self.client.get("/meetings/calendar/")
        self.assertNotContains(page, token)
        self.assertContains(page, "It was shown only when it was made")
        self.assertContains(page, "Make a new link")
        made = self.client.post("/meetings/calendar/new/")
        self.assertContains(made, "this page cannot")
        self.assertEqual(made["Cache-Control"], "no-store")

    def test_it_changes_feeds_only_by_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/meetings/calendar/new/").status_code, 405)
        self.assertEqual(self.client.get("/meetings/calendar/revoke/").status_code, 405)
        self.assertFalse(CalendarFeed.objects.exists())

    def test_it_does_not_touch_other_peoples_feeds(self):
        bobs, bobs_token = CalendarFeed.issue(self.bob)
        self.make_feed()
        self.client.post("/meetings/calendar/revoke/")
        self.client.post("/meetings/calendar/new/")
        bobs.refresh_from_db()
        self.assertFalse(bobs.revoked)
        self.assertEqual(self.client.get(f"/meetings/feed/{bobs_token}.ics").status_code, 200)


class FeedTokenMigrationTests(MigrationTestCase):
    """Links subscribed before tokens were hashed keep working after the migration."""

    def test_it_hashes_the_tokens_already_given_out(self):
        old = self.migrate([("meetings", "0004_live_revision")])
        user = old.get_model("auth", "User").objects.create(username="alice")
        Feed = old.get_model("meetings", "CalendarFeed")
        live = Feed.objects.create(user=user, token="live-token-subscribed-long-ago")
        Feed.objects.create(user=user, token="revoked-token", revoked=True)

        new = self.migrate([("meetings", "0005_feed_token_hash")])
        hashes = dict(
            new.get_model("meetings", "CalendarFeed").objects.values_list("pk", "token_hash")
        )
        self.assertEqual(hashes[live.pk], token_digest("live-token-subscribed-long-ago"))
        self.assertEqual(len(set(hashes.values())), 2)
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        self.assertEqual(
            list(CalendarFeed.live("live-token-subscribed-long-ago").values_list("pk", flat=True)),
            [live.pk],
        )
        self.assertFalse(CalendarFeed.live("revoked-token").exists())
