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
from django.utils import timezone

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

    def test_it_is_kept_past_the_minute_until_time_changes_it(self):
        first, first_queries = self.today()
        with time_machine.travel(NOON + timedelta(minutes=5), tick=False):
            again, queries = self.today()
        self.assertEqual(again, first)
        self.assertLess(queries, first_queries - 5)  # kept: nothing changes it before midnight
        # The action item due today falls overdue at midnight (UTC here): worked out again.
        with time_machine.travel(datetime(2026, 11, 19, 0, 0, 1, tzinfo=ZoneInfo("UTC"))):
            items = self.client.get(reverse("today:index")).context["items"]
        self.assertEqual(
            [item.overdue for item in items if item.title == "Send the article"], [True]
        )

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


@override_settings(CACHES=LOCAL)
class FollowingTheClockTests(BaseTestCase):
    """`cached_for_user`'s `clock`: a result is kept for the minute, the user's local day, or
    however time passes, and in every case only until the user's data changes."""

    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        self.computed = 0

    def kept_at(self, moment: datetime, clock) -> int:
        """Which computation the result kept at `moment` came from (1 for the first)."""

        def compute() -> int:
            self.computed += 1
            return self.computed

        with time_machine.travel(moment, tick=False):
            return cached_for_user(self.alice, "counted", compute, clock)

    def test_by_default_it_is_worked_out_again_each_minute(self):
        self.assertEqual(self.kept_at(NOON, "minute"), 1)
        self.assertEqual(self.kept_at(NOON + timedelta(seconds=20), "minute"), 1)
        self.assertEqual(self.kept_at(NOON + timedelta(seconds=40), "minute"), 2)

    def test_a_result_of_the_day_is_kept_until_the_local_date_changes(self):
        # 23:50 UTC on 18 November is 12:50 on the 19th in Auckland (UTC+13).
        before_midnight = datetime(2026, 11, 18, 23, 50, tzinfo=ZoneInfo("UTC"))
        with timezone.override(ZoneInfo("Pacific/Auckland")):
            self.assertEqual(self.kept_at(before_midnight, "day"), 1)
            # Past midnight in UTC, the same afternoon in Auckland: still the same day there.
            self.assertEqual(self.kept_at(before_midnight + timedelta(minutes=20), "day"), 1)
        auckland_evening = datetime(2026, 11, 19, 10, 50, tzinfo=ZoneInfo("UTC"))  # 23:50 there
        with timezone.override(ZoneInfo("Pacific/Auckland")):
            self.assertEqual(self.kept_at(auckland_evening, "day"), 2)
            self.assertEqual(self.kept_at(auckland_evening + timedelta(minutes=5), "day"), 2)
            self.assertEqual(self.kept_at(auckland_evening + timedelta(minutes=15), "day"), 3)

    def test_a_result_of_the_data_alone_is_kept_as_time_passes(self):
        self.assertEqual(self.kept_at(NOON, None), 1)
        self.assertEqual(self.kept_at(NOON + timedelta(minutes=25), None), 1)
        # 23:50 to 00:10: across midnight too.
        late = datetime(2026, 11, 18, 23, 50, tzinfo=ZoneInfo("UTC"))
        self.assertEqual(self.kept_at(late, None), 2)
        self.assertEqual(self.kept_at(late + timedelta(minutes=20), None), 2)

    def test_whatever_the_clock_a_change_of_the_data_is_seen_at_once(self):
        for clock in ("minute", "day", None):
            first = self.kept_at(NOON, clock)
            self.assertEqual(self.kept_at(NOON, clock), first)
            DataVersion.objects.update_or_create(user=self.alice, defaults={"token": clock or ""})
            self.assertEqual(self.kept_at(NOON, clock), first + 1, clock)

    def test_a_result_that_does_not_follow_the_minute_leaves_memory_in_time(self):
        self.assertEqual(self.kept_at(NOON, None), 1)
        self.assertEqual(self.kept_at(NOON + timedelta(minutes=29), None), 1)
        self.assertEqual(self.kept_at(NOON + timedelta(minutes=61), None), 2)


@override_settings(CACHES=LOCAL)
class TheContactCountTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        with self.captureOnCommitCallbacks(execute=True):
            factories.contact(self.alice, "Ada Lovelace")
        self.login(self.alice)

    def count_at(self, moment: datetime) -> tuple[str, bool]:
        """What the contacts list says, and whether it counted them."""
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as read:
            page = self.client.get(reverse("contacts:list")).content.decode()
        counted = any("COUNT(" in query["sql"] for query in read.captured_queries)
        return (
            "1 in all" if "1 in all" in page else "2 in all" if "2 in all" in page else ""
        ), counted

    def test_it_is_kept_as_time_passes_and_follows_the_contacts(self):
        self.assertEqual(self.count_at(NOON), ("1 in all", True))
        self.assertEqual(self.count_at(NOON + timedelta(minutes=10)), ("1 in all", False))
        with self.captureOnCommitCallbacks(execute=True):
            factories.contact(self.alice, "Grace Hopper")
        self.assertEqual(self.count_at(NOON + timedelta(minutes=11)), ("2 in all", True))
