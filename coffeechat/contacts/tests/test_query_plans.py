"""Which index SQLite reads for the queries that scan a user's contacts.

SQLite keeps no statistics here, so among indexes that start with `user` it takes the newest it
can use. An index added later can silently take over a query and read 30,000 rows in a random
order (it happened: the funnel went from 80 to 220 ms). These tests pin the choices on the
queries the pages really run (the contacts list's is `found_contacts`); a new index that changes
one should come with a measurement (bench/) and an update here. PostgreSQL plans from real
statistics, so these are SQLite's.
"""

import unittest
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.contacts import search
from coffeechat.contacts.models import Contact
from coffeechat.contacts.rows import LIST_COLUMNS
from coffeechat.contacts.services import found_contacts
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.insights import funnel, links, network


def explained(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(row[-1] for row in cursor.fetchall())


def plans_while(run) -> list[tuple[str, str]]:
    """(sql, query plan) of each query on contacts that `run()` makes."""
    with CaptureQueriesContext(connection) as captured:
        run()
    return [
        (query["sql"], explained(query["sql"]))
        for query in captured.captured_queries
        if '"contacts_contact"' in query["sql"] and query["sql"].startswith("SELECT")
    ]


def page_plan(user, **criteria) -> str:
    """The query plan of the contacts list's page for these criteria (its last query; a text
    may first be probed)."""
    *_probe, (_sql, plan) = plans_while(
        lambda: found_contacts(user, LIST_COLUMNS, 0, 51, **criteria)
    )
    return plan


@unittest.skipUnless(connection.vendor == "sqlite", "SQLite's planner only")
class ContactQueryPlanTests(BaseTestCase):
    def test_a_filter_without_an_index_of_its_own_scans_in_insertion_order(self):
        mine = Contact.objects.owned_by(self.alice)
        for queryset in (
            mine.filter(snoozed_until__gt="2026-01-01").order_by("snoozed_until", "id"),
            mine.filter(location__icontains="lisbon").order_by(),
        ):
            plan = queryset.explain()
            self.assertIn("INDEX contact_user_created ", plan)

    def test_recently_added_reads_the_created_index_in_order(self):
        plan = page_plan(self.alice, sort="-created")
        self.assertIn("INDEX contact_user_created ", plan)
        self.assertNotIn("TEMP B-TREE", plan)

    def test_search_reads_in_name_order_and_looks_text_up_in_the_fts_table(self):
        # More matches than the probe takes (none here, with a limit of 0): the page query.
        with mock.patch.object(search, "PROBE_LIMIT", 0):
            factories.contact(self.alice, "Ana Lima")
            plan = page_plan(self.alice, q="lima")
        self.assertIn("INDEX contact_user_search ", plan)  # read in name order
        self.assertIn("contacts_contact_fts VIRTUAL TABLE INDEX", plan)
        # Too short for trigrams: notes are read only from contacts that have some.
        plan = page_plan(self.alice, q="li")
        self.assertIn("INDEX contact_user_with_notes ", plan)

    def test_a_search_with_few_matches_looks_them_up_by_id(self):
        # Without statistics SQLite would rather read all the user's contacts in name order
        # (contact_user_search gives the order) and test each id: 18 ms against 0.1 for 22
        # matches among 30,000. The probe reads the FTS5 table first, then each match's row.
        ana = factories.contact(self.alice, "Ana Lima")
        factories.contact(self.alice, "Ben Other", org=factories.organisation(self.alice, "Lima"))
        with CaptureQueriesContext(connection) as captured:
            self.assertIn((ana.pk,), found_contacts(self.alice, ("pk",), 0, 51, q="lima"))
        probe_plan, plan = (explained(query["sql"]) for query in captured.captured_queries)
        probe_plan = probe_plan.splitlines()
        # The FTS5 table's matches first, then each one's contact by id.
        fts = next(i for i, step in enumerate(probe_plan) if "SCAN contacts_contact_fts " in step)
        self.assertEqual(probe_plan[fts + 1], "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)")
        self.assertIn(
            "SEARCH contacts_contact USING INDEX contacts_contact_organisation_id_d144402a "
            "(organisation_id=?)",
            probe_plan,
        )
        self.assertIn("USING INTEGER PRIMARY KEY (rowid=?)", plan)
        self.assertNotIn("contact_user_search", plan)

    def test_the_link_page_reads_the_found_contacts_conversations_by_contact(self):
        ana = factories.contact(self.alice, "Ana Lima")
        factories.conversation(self.alice, ana)
        button = links.Buttons("/link/", "/unlink/", "token", "lima")
        conversation_plans = [
            plan
            for sql, plan in plans_while(lambda: links.found_rows(self.alice, "lima", button))
            if sql.startswith('SELECT "pipeline_conversation"')
        ]
        self.assertEqual(len(conversation_plans), 1)
        self.assertIn("INDEX pipeline_conversation_contact_id_", conversation_plans[0])

    def test_the_funnel_and_the_network_count_referrals_from_their_own_index(self):
        for run in (lambda: funnel.compute(self.alice), lambda: network.load(self.alice)):
            referral_plans = [
                plan for sql, plan in plans_while(run) if '"referred_by_id" IS NOT NULL' in sql
            ]
            self.assertEqual(len(referral_plans), 1)
            self.assertIn("INDEX contact_user_referred ", referral_plans[0])

    def test_the_network_looks_the_people_who_referred_up_by_id(self):
        # A referrer who was not referred by anyone is read by id: in name order, SQLite read
        # every one of the user's contacts along the name index to find them.
        root = factories.contact(self.alice, "Root Person")
        referred = factories.contact(self.alice, "Referred Person")
        Contact.objects.filter(pk=referred.pk).update(referred_by=root)
        referrer_plans = [
            plan
            for sql, plan in plans_while(lambda: network.load(self.alice))
            if '"referred_by_id" IS NOT NULL' not in sql
        ]
        self.assertEqual(len(referrer_plans), 1)
        self.assertNotIn("contact_user_search", referrer_plans[0])
        self.assertNotIn("TEMP B-TREE", referrer_plans[0])
        self.assertIn("rowid=?", referrer_plans[0])

    def test_the_keep_in_touch_page_lists_own_cadences_from_the_cadence_index(self):
        self.login(self.alice)
        own = [
            plan
            for sql, plan in plans_while(lambda: self.client.get("/keep-in-touch/"))
            if '"keep_in_touch_days" >' in sql
        ]
        self.assertEqual(len(own), 1)
        self.assertIn("INDEX contact_user_cadence ", own[0])
