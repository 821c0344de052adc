"""Today and the board's badges are worked out once per change of the user's data (core.freshness).

The suite runs with a dummy cache; these tests use a real one, and run the on-commit hooks that
a TestCase's transaction would otherwise swallow."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coffeechat.contacts.models import Touchpoint
from coffeechat.contacts.signals import contacts_changed_in_bulk
from coffeechat.core.freshness import cached_for_user, tokens_written_at_end
from coffeechat.core.models import DataVersion
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.core.tests import factories
from coffeechat.followup.models import ActionItem
from coffeechat.pipeline.models import Stage

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
NOON = datetime(2026, 11, 18, 12, 0, 30, tzinfo=ZoneInfo("UTC"))


@override_settings(CACHES=LOCAL)
@time_machine.travel(NOON, tick=False)
class KeptUntilTheDataChangesTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            factories.action(self.alice, "Send the article", due=date(2026, 11, 18))

    def today(self) -> tuple[list[str], int]:
        with CaptureQueriesContext(connection) as queries:
            items = self.client.get(reverse("today:index")).context["items"]
        return [item.title for item in items], len(queries)

    def test_a_second_view_reads_the_kept_result(self):
        first, first_queries = self.today()
        again, queries = self.today()
        self.assertIn("Send the article", first)
        self.assertEqual(again, first)
        # Session, user, profile and the token: none of the providers' queries.
        self.assertLess(queries, first_queries - 5)

    def test_a_saved_row_makes_it_stale_once_committed(self):
        self.today()
        with self.captureOnCommitCallbacks(execute=True):
            factories.action(self.alice, "Read her paper", due=date(2026, 11, 18))
        self.assertIn("Read her paper", self.today()[0])

    def test_a_deleted_row_makes_it_stale(self):
        self.today()
        with self.captureOnCommitCallbacks(execute=True):
            ActionItem.objects.get(text="Send the article").delete()
        self.assertNotIn("Send the article", self.today()[0])

    def test_a_write_request_makes_it_stale_even_when_no_row_sends_a_signal(self):
        self.today()
        # An update() sends no signal; the POST that would carry it marks the data changed.
        ActionItem.objects.filter(user=self.alice).update(text="Send the slides")
        self.assertIn("Send the article", self.today()[0])  # no write request yet: still kept
        self.client.post(reverse("accounts:profile"), {})
        self.assertIn("Send the slides", self.today()[0])

    def test_bulk_work_makes_it_stale(self):
        self.today()
        ActionItem.objects.filter(user=self.alice).update(text="Imported in bulk")
        with self.captureOnCommitCallbacks(execute=True):
            contacts_changed_in_bulk.send(sender=self.__class__, user=self.alice)
        self.assertIn("Imported in bulk", self.today()[0])

    def test_a_change_made_through_another_server_is_seen(self):
        self.today()
        ActionItem.objects.filter(user=self.alice).update(text="Changed elsewhere")
        # Another process's write leaves only its new token in the shared database.
        DataVersion.objects.filter(user=self.alice).update(token="from-another-server")
        self.assertIn("Changed elsewhere", self.today()[0])

    def test_nothing_is_older_than_a_minute(self):
        self.today()
        ActionItem.objects.filter(user=self.alice).update(text="Changed by the clock")
        with time_machine.travel(NOON + timedelta(seconds=60), tick=False):
            self.assertIn("Changed by the clock", self.today()[0])

    def test_each_user_gets_their_own(self):
        self.today()
        with self.captureOnCommitCallbacks(execute=True):
            factories.action(self.bob, "Bob's own", due=date(2026, 11, 18))
        self.login(self.bob)
        titles = self.today()[0]
        self.assertIn("Bob's own", titles)
        self.assertNotIn("Send the article", titles)

    def test_the_board_badges_follow_the_data_too(self):
        with self.captureOnCommitCallbacks(execute=True):
            conv = factories.conversation(self.alice, stage=Stage.REQUESTED)
        board = reverse("pipeline:board")
        self.assertContains(self.client.get(board), "Next:")
        with CaptureQueriesContext(connection) as first:
            self.client.get(board)
        with self.captureOnCommitCallbacks(execute=True):
            factories.meeting(self.alice, conv, in_days=1)
            conv.stage = Stage.SCHEDULED
            conv.save()
        with CaptureQueriesContext(connection) as after_change:
            page = self.client.get(board).content.decode()
        self.assertGreater(len(after_change), len(first))  # worked out again
        self.assertIn("Prepare", page)


class OneTokenPerRequestTests(TransactionTestCase):
    """Outside a TestCase's transaction, as served: each saved row's hook runs at its commit."""

    def setUp(self) -> None:
        self.alice = make_user("alice")
        self.contact = factories.contact(self.alice)
        self.client.force_login(self.alice)

    def token_writes(self, run) -> int:
        with CaptureQueriesContext(connection) as queries:
            run()
        return sum('"core_dataversion"' in q["sql"] and "SELECT" not in q["sql"] for q in queries)

    def test_a_write_request_that_saves_several_rows_writes_the_token_once(self):
        before = DataVersion.objects.get(user=self.alice).token
        url = reverse("contacts:touchpoint_add", args=[self.contact.pk])
        writes = self.token_writes(lambda: self.client.post(url, {"kind": "note", "text": "Hi"}))
        self.assertTrue(Touchpoint.objects.filter(contact=self.contact, text="Hi").exists())
        self.assertEqual(writes, 1)
        self.assertNotEqual(DataVersion.objects.get(user=self.alice).token, before)

    def test_a_row_saved_outside_a_request_writes_its_token_at_once(self):
        before = DataVersion.objects.get(user=self.alice).token
        self.assertEqual(self.token_writes(lambda: factories.contact(self.alice, "Ada Byron")), 1)
        self.assertNotEqual(DataVersion.objects.get(user=self.alice).token, before)

    @override_settings(CACHES=LOCAL)
    def test_the_request_that_changed_the_data_never_reads_results_kept_before(self):
        cache.clear()
        bob = make_user("bob")
        self.assertEqual(cached_for_user(self.alice, "sum", lambda: "before"), "before")
        self.assertEqual(cached_for_user(bob, "sum", lambda: "bob's"), "bob's")
        with tokens_written_at_end():
            factories.contact(self.alice, "Ada Byron")  # its token is written at the end
            self.assertEqual(cached_for_user(self.alice, "sum", lambda: "during"), "during")
            self.assertEqual(cached_for_user(bob, "sum", lambda: "again"), "bob's")  # kept
        self.assertEqual(cached_for_user(self.alice, "sum", lambda: "after"), "after")
