"""A JSON backup holds the user's data, not the keys to it: no calendar feed link."""

import json

from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.meetings.models import CalendarFeed
from coffeechat.transfer.services.backup import export_json, restore


class BackupSecretsTests(BaseTestCase):
    def test_it_leaves_the_calendar_feed_out_and_restores_next_to_it(self):
        feed, token = CalendarFeed.issue(self.alice)
        text = export_json(self.alice)
        self.assertNotIn("calendarfeed", text)
        self.assertNotIn(feed.token_hash, text)
        self.assertNotIn(token, text)
        carol = make_user("carol")
        restore(carol, json.loads(text))  # a copied digest would clash with alice's
        self.assertFalse(CalendarFeed.objects.filter(user=carol).exists())
        self.assertTrue(CalendarFeed.live(token).filter(user=self.alice).exists())
