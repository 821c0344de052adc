"""The syntheses and the funnel are kept per change of the user's data (core.freshness): a
second view reads them, and any change of the data they are made of is seen at once.

The suite runs with a dummy cache; these tests use a real one, and run the on-commit hooks that
a TestCase's transaction would otherwise swallow."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.insights import funnel, services, views
from coffeechat.insights.tests.data import funnel_data, path_data
from coffeechat.meetings.models import Capture
from coffeechat.outreach.models import RequestDraft

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@override_settings(CACHES=LOCAL)
@time_machine.travel(datetime(2026, 6, 10, 9, 0, 30, tzinfo=UTC), tick=False)
class KeptInsightsTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.data = path_data(self.alice)
            funnel_data(self.alice)
        self.path = self.data["path"]
        self.url = f"/insights/paths/{self.path.pk}/"
        self.login(self.alice)

    def get(self, url: str) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode(), len(queries)

    def test_a_second_view_reads_the_kept_synthesis(self):
        first, first_queries = self.get(self.url)
        again, queries = self.get(self.url)
        self.assertIn("Mostly interviews and synthesis", again)
        self.assertIn('<td class="gap">Not yet learnt</td>', again)  # kept as HTML, not text
        self.assertEqual(queries, first_queries - 3)  # conversations, captures, notes

    def test_a_new_capture_is_shown_at_once(self):
        self.get(self.url)
        meeting = self.data["conversations"]["ana"].meetings.get()
        with self.captureOnCommitCallbacks(execute=True):
            Capture.objects.create(
                user=self.alice, meeting=meeting, kind="insight", topic="trends", text="AI tools"
            )
        for url in (self.url, "/insights/paths/compare/", f"{self.url}export.md"):
            self.assertIn("AI tools", self.get(url)[0], url)

    def test_a_conversation_linked_on_the_page_is_shown_at_once(self):
        self.assertNotIn("Dee Shah", self.get(self.url)[0])
        dee = self.data["conversations"]["dee"]
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"{self.url}link/", {"kind": "conversation", "target": dee.pk}, follow=False
            )
        self.assertIn("Dee Shah", self.get(self.url)[0])

    def test_the_funnel_follows_the_data(self):
        before, _ = self.get("/insights/funnel/")
        self.assertIn("<td>Requests sent</td><td>4</td>", before)
        conversation = factories.conversation(self.alice, factories.contact(self.alice, "New"))
        with self.captureOnCommitCallbacks(execute=True):
            RequestDraft.objects.create(
                user=self.alice,
                conversation=conversation,
                channel="email",
                sent_at=datetime(2026, 6, 9, tzinfo=UTC),
            )
        self.assertIn("<td>Requests sent</td><td>5</td>", self.get("/insights/funnel/")[0])

    def test_the_funnels_months_roll_over_with_time(self):
        self.assertIn("Jun 2026", self.get("/insights/funnel/")[0])
        with time_machine.travel(datetime(2026, 7, 1, 0, 0, 30, tzinfo=UTC), tick=False):
            self.login(self.alice)  # the session of June has expired
            self.assertIn("Jul 2026", self.get("/insights/funnel/")[0])

    def test_each_user_gets_their_own(self):
        self.get("/insights/funnel/")
        self.login(self.bob)
        self.assertIn("No requests sent yet", self.get("/insights/funnel/")[0])


class KeptWithoutTheMinuteTests(BaseTestCase):
    """A path's synthesis, its page and its comparison column are kept however time passes, and
    the funnel for the local day (core.freshness's `clock`): each must be the same whenever it
    is worked out within that span, the data unchanged."""

    def at(self, moment: datetime, work_out):
        with time_machine.travel(moment, tick=False):
            return work_out()

    def test_a_paths_results_are_made_of_the_data_alone(self):
        path = path_data(self.alice)["path"]
        path.user = self.alice
        # Before every date in the data and long after them: a result that compared any of
        # them with the clock (a meeting to come, one past) would differ.
        early, late = datetime(2020, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC)
        for work_out in (
            lambda: services.build_synthesis(path),
            lambda: services.compare_column_for(path),
            lambda: views._path_page(path),
        ):
            self.assertEqual(self.at(early, work_out), self.at(late, work_out))

    def test_the_funnel_is_the_same_all_day(self):
        funnel_data(self.alice)
        with timezone.override(ZoneInfo("America/Los_Angeles")):
            # The first and the last minute of 30 June there (UTC-7).
            morning = datetime(2026, 6, 30, 7, 0, 30, tzinfo=UTC)
            evening = datetime(2026, 7, 1, 6, 59, 30, tzinfo=UTC)
            work_out = lambda: funnel.compute(self.alice)  # noqa: E731
            self.assertEqual(self.at(morning, work_out), self.at(evening, work_out))
            self.assertNotEqual(
                self.at(evening, work_out),
                self.at(evening + timedelta(minutes=1), work_out),  # 1 July: a new month
            )
