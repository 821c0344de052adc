"""After a large import or restore, PostgreSQL's planner knows about the new rows at once.

Without it the planner kept the statistics of the tables before the write until autovacuum's
next round: after 30,000 contacts it estimated 40 rows for the user and sorted all of them to
show the first page. `pg_class.reltuples` is what ANALYZE sets (and what the planner's row
estimates start from); a bulk insert alone leaves it as it was. The tests run inside the test's
transaction, where ANALYZE counts that transaction's own rows, so autovacuum cannot interfere.
"""

import unittest
from unittest import mock

from django.db import connection

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core import planner
from coffeechat.core.testing import BaseTestCase, analysed, make_user
from coffeechat.transfer.services.backup import export_data, restore
from coffeechat.transfer.services.importing import import_bytes

HEADER = b"First Name,Last Name,URL,Company,Position\r\n"


def linkedin_csv(rows: int) -> bytes:
    lines = [
        f"Person,Number{n},https://www.linkedin.com/in/person-{n},Company {n % 40},Engineer\r\n"
        for n in range(rows)
    ]
    return HEADER + "".join(lines).encode()


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL's statistics")
class PostgresStatisticsTests(BaseTestCase):
    def test_a_large_import_analyses_the_tables_it_wrote(self):
        rows = planner.ANALYZE_AFTER_ROWS
        with self.captureOnCommitCallbacks(execute=True):
            import_bytes(self.alice, linkedin_csv(rows))
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), rows)
        self.assertTrue(analysed(Contact))
        self.assertTrue(analysed(Organisation))

    def test_a_small_import_leaves_it_to_autovacuum(self):
        with (
            mock.patch.object(planner, "analyze_tables") as analyze,
            self.captureOnCommitCallbacks(execute=True),
        ):
            import_bytes(self.alice, linkedin_csv(planner.ANALYZE_AFTER_ROWS // 10))
        analyze.assert_not_called()
        self.assertFalse(analysed(Contact))

    def test_a_large_restore_analyses_the_tables_it_wrote(self):
        # Its callbacks never run; a count no other test leaves behind in pg_class.
        import_bytes(self.alice, linkedin_csv(planner.ANALYZE_AFTER_ROWS + 7))
        payload = export_data(self.alice)
        self.assertFalse(analysed(Contact))
        with self.captureOnCommitCallbacks(execute=True):
            restore(make_user("carol"), payload)
        self.assertTrue(analysed(Contact))


@unittest.skipUnless(connection.vendor == "sqlite", "SQLite keeps no statistics")
class SqliteStatisticsTests(BaseTestCase):
    def test_a_large_import_makes_no_statistics_that_would_change_the_pinned_plans(self):
        with self.captureOnCommitCallbacks(execute=True):
            import_bytes(self.alice, linkedin_csv(planner.ANALYZE_AFTER_ROWS))
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            self.assertEqual(cursor.fetchone()[0], 0)  # contacts/tests/test_query_plans.py
