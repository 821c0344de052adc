"""Today's reads of a user's stored steps find their columns in one index, not in the rows:
which steps are not trusted, which it may list (numbered per kind), and when time next changes
them. Each read goes over all of the user's ~1,100 rows at 30,000 contacts, and reading the wide
rows themselves was most of its time."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from coffeechat.core.extensions import today_items
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.pipeline.models import ACTIVE_STAGES
from coffeechat.today import today_items as listed

INDEX = "COVERING INDEX today_step_user_listed"


class TodayReadsTheIndexAloneTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        if connection.vendor != "sqlite":
            self.skipTest("SQLite's plan (PostgreSQL reads the rows of a table updated often)")
        for number in range(60):
            who = factories.contact(self.alice, f"Person {number}")
            factories.conversation(self.alice, who, ACTIVE_STAGES[number % len(ACTIVE_STAGES)])
        self.now = timezone.now()
        today_items(self.alice, self.now)  # stores every step
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def plan(self, query, *shape, **values) -> str:
        sql, params = query.statement(*shape, **values)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(row[-1] for row in cursor.fetchall())

    def test_finding_the_steps_not_trusted(self):
        plan = self.plan(
            listed._UNTRUSTED,
            user=self.alice.pk,
            closed_since=self.now - listed.RECENTLY_CLOSED,
            zone=timezone.get_current_timezone_name(),
            now=self.now,
        )
        self.assertIn(INDEX, plan)

    def test_numbering_those_today_may_list(self):
        plan = self.plan(
            listed._FIRST,
            40,
            user=self.alice.pk,
            closed_since=self.now - listed.RECENTLY_CLOSED,
            prepare_until=self.now + listed.PREPARE_AHEAD,
            ahead_until=self.now + listed.AHEAD,
            now=self.now,
            day_ahead=self.now + timedelta(days=1),
        )
        self.assertIn(INDEX, plan)

    def test_naming_when_time_next_changes_them(self):
        plan = self.plan(
            listed._CHANGES,
            user=self.alice.pk,
            now=self.now,
            closed_since=self.now - listed.RECENTLY_CLOSED,
            day_ahead=self.now + timedelta(days=1),
            prepare_until=self.now + listed.PREPARE_AHEAD,
            ahead_until=self.now + listed.AHEAD,
        )
        self.assertIn(INDEX, plan)
