"""When a user's next steps are first stored in bulk, PostgreSQL's planner learns of the new
rows at once (core.planner): a prepared statement's generic plan made while the stored steps'
table looked empty made the board's reads of them ten times slower for a large user until the
next ANALYZE. A change to one conversation stores one row and leaves it to autovacuum."""

import unittest
from unittest import mock

from django.db import connection
from django.utils import timezone

from coffeechat.core import planner
from coffeechat.core.extensions import today_items
from coffeechat.core.testing import BaseTestCase, analysed
from coffeechat.core.tests import factories
from coffeechat.pipeline.models import ACTIVE_STAGES
from coffeechat.today.models import StoredStep

# Fewer rows than the real threshold, for a quick test; the rule is the same.
THRESHOLD = 20


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL's statistics")
@mock.patch.object(planner, "ANALYZE_AFTER_ROWS", THRESHOLD)
class StoredStepsStatisticsTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.conversations = [
            factories.conversation(
                self.alice,
                factories.contact(self.alice, f"Person {number}"),
                ACTIVE_STAGES[number % len(ACTIVE_STAGES)],
            )
            for number in range(THRESHOLD + 3)
        ]

    def test_the_first_steps_stored_in_bulk_are_analysed(self):
        with (
            mock.patch.object(planner, "analyze_tables", wraps=planner.analyze_tables) as analyze,
            self.captureOnCommitCallbacks(execute=True),
        ):
            today_items(self.alice, timezone.now())
        analyze.assert_called_once_with([StoredStep._meta.db_table])
        self.assertEqual(StoredStep.objects.count(), THRESHOLD + 3)
        self.assertTrue(analysed(StoredStep))

    def test_one_changed_step_is_left_to_autovacuum(self):
        with self.captureOnCommitCallbacks(execute=True):
            today_items(self.alice, timezone.now())
        self.conversations[0].save()  # clears its step
        with (
            mock.patch.object(planner, "analyze_tables") as analyze,
            self.captureOnCommitCallbacks(execute=True),
        ):
            today_items(self.alice, timezone.now())
        analyze.assert_not_called()
