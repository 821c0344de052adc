"""Searching contacts through the text index (contacts/search.py), on SQLite and PostgreSQL.

Every test runs on whichever database the suite uses; the ones about SQLite's FTS5 table or
PostgreSQL's trigram indexes name their database.
"""

import json
import unittest
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.contacts import search
from coffeechat.contacts.models import Contact, Organisation
from coffeechat.contacts.services import found_contacts, found_organisations, search_contacts
from coffeechat.core.testing import BaseTestCase, built_by_the_orm, make_user
from coffeechat.core.tests import factories
from coffeechat.transfer.services.backup import export_json, restore
from coffeechat.transfer.services.importing import import_bytes

SQLITE = connection.vendor == "sqlite"
# How a compiled query reads a list of ids (core.compiled).
IDS_READ = "json_each(" if SQLITE else "= ANY("


def names(user, text: str) -> list[str]:
    return list(search_contacts(user, q=text).values_list("display_name", flat=True))


class SearchTestCase(BaseTestCase):
    def assert_index_in_step(self) -> None:
        """SQLite checks the FTS5 table against the contact table row by row (rank 1 compares
        with the external content); PostgreSQL's indexes cannot drift."""
        if SQLITE:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {search.FTS_TABLE}({search.FTS_TABLE}, rank) "
                    "VALUES ('integrity-check', 1)"
                )


class SearchFieldsTests(SearchTestCase):
    def setUp(self) -> None:
        super().setUp()
        stripe = factories.organisation(self.alice, "Stripe")
        self.zoe = factories.contact(
            self.alice,
            "Zoë Lindqvist-Åberg",
            org=stripe,
            role="Staff researcher",
            research_notes="Runs the accessibility guild; met at a meetup.",
        )
        self.zoe.tags.add(factories.tag(self.alice, "design-ops"))
        factories.contact(self.alice, "Sam Other")
        # Bob's contact has every one of Zoë's words: it must never show up for Alice.
        bob_org = factories.organisation(self.bob, "Stripe")
        twin = factories.contact(
            self.bob,
            "Zoë Lindqvist-Åberg",
            org=bob_org,
            role="Staff researcher",
            research_notes="Runs the accessibility guild; met at a meetup.",
        )
        twin.tags.add(factories.tag(self.bob, "design-ops"))

    def test_it_finds_by_each_field_long_and_short(self):
        found = ["Zoë Lindqvist-Åberg"]
        for text in (
            "lindqvist",  # name, indexed
            "zoe",  # accents folded
            "ZOË LIND",  # case folded, across words
            "lindqvist aberg",  # punctuation folded
            "qvist",  # inside a word, not only its start
            "zo",  # too short for the index
            "Stripe",  # organisation
            "str",
            "researcher",  # role
            "STAFF",
            "accessibility guild",  # notes
            "meetup.",
            "design-ops",  # tag
            "ops",
        ):
            with self.subTest(text=text):
                self.assertEqual(names(self.alice, text), found)
                self.assertEqual(search_contacts(self.bob, q=text).count(), 1)

    def test_it_finds_nothing_for_what_no_contact_has(self):
        for text in ("zzq", "guild met", '"', '"researcher', "' OR 1=1 --", "NEAR(x)"):
            with self.subTest(text=text):
                self.assertEqual(names(self.alice, text), [])

    def test_it_reads_fts_syntax_as_plain_text(self):
        tricky = factories.contact(self.alice, "Ann Quote", role='Head of "AND" OR NOT*')
        self.assertEqual(names(self.alice, '"AND" OR'), [tricky.display_name])
        self.assertEqual(names(self.alice, "NOT*"), [tricky.display_name])

    def test_the_list_page_searches_and_stays_scoped(self):
        self.login(self.bob)
        response = self.client.get("/contacts/?q=accessibility")
        self.assertEqual(
            [c.pk for c in response.context["contacts"]], [Contact.objects.get(user=self.bob).pk]
        )
        self.assertNotContains(response, f"/contacts/{self.zoe.pk}/")


class SearchIndexInStepTests(SearchTestCase):
    def test_it_follows_create_update_and_delete(self):
        priya = factories.contact(self.alice, "Priya Shah", role="Engineer")
        self.assertEqual(names(self.alice, "engineer"), ["Priya Shah"])
        priya.role = "Product designer"
        priya.display_name = "Priya Raman"
        priya.save()
        self.assertEqual(names(self.alice, "engineer"), [])
        self.assertEqual(names(self.alice, "shah"), [])
        self.assertEqual(names(self.alice, "raman"), ["Priya Raman"])
        self.assertEqual(names(self.alice, "designer"), ["Priya Raman"])
        Contact.objects.filter(pk=priya.pk).update(research_notes="Knows the payments team")
        self.assertEqual(names(self.alice, "payments"), ["Priya Raman"])
        self.assert_index_in_step()
        priya.delete()
        self.assertEqual(names(self.alice, "raman"), [])
        self.assert_index_in_step()

    def test_it_follows_bulk_inserts(self):
        Contact.objects.bulk_create(
            Contact(user=self.alice, display_name=f"Bulk {i}", name_key=f"bulk {i}", role="Chef")
            for i in range(3)
        )
        self.assertEqual(names(self.alice, "chef"), ["Bulk 0", "Bulk 1", "Bulk 2"])
        self.assert_index_in_step()

    def test_it_follows_an_import_and_a_reimport(self):
        csv = "First Name,Last Name,Company,Position\nAda,Lovelace,Analytical Co,Programmer\n"
        import_bytes(self.alice, csv.encode(), fmt="linkedin")
        self.assertEqual(names(self.alice, "lovelace"), ["Ada Lovelace"])
        self.assertEqual(names(self.alice, "programmer"), ["Ada Lovelace"])
        import_bytes(self.alice, csv.replace("Programmer", "Mathematician").encode(), "linkedin")
        self.assertEqual(names(self.alice, "programmer"), [])
        self.assertEqual(names(self.alice, "mathematician"), ["Ada Lovelace"])
        self.assert_index_in_step()

    def test_it_follows_a_restore(self):
        factories.contact(self.alice, "Grace Hopper", role="Rear admiral")
        payload = json.loads(export_json(self.alice))
        carol = make_user("carol")
        restore(carol, payload)
        self.assertEqual(names(carol, "admiral"), ["Grace Hopper"])
        self.assertEqual(names(carol, "hopper"), ["Grace Hopper"])
        self.assert_index_in_step()


@unittest.skipUnless(SQLITE, "SQLite's FTS5 table")
class SqliteIndexTests(SearchTestCase):
    # Which indexes a search reads on SQLite is pinned in test_query_plans.

    def test_repair_puts_back_triggers_a_table_rebuild_dropped(self):
        # Rebuilding the table (as a migration that alters a column does on SQLite) drops the
        # triggers; post_migrate's repair puts them back and catches the index up.
        with connection.cursor() as cursor:
            for name in search._TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
        factories.contact(self.alice, "Missed While Rebuilding", role="Archivist")
        self.assertEqual(names(self.alice, "archivist"), [])
        search.repair_sqlite_index()
        self.assertEqual(names(self.alice, "archivist"), ["Missed While Rebuilding"])
        factories.contact(self.alice, "After The Repair", role="Archivist")
        self.assertEqual(len(names(self.alice, "archivist")), 2)
        self.assert_index_in_step()


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL's trigram indexes")
class PostgresIndexTests(SearchTestCase):
    def test_the_text_conditions_can_read_the_trigram_indexes(self):
        # The page's query leaves PostgreSQL the choice: on the bench's 30,000 contacts a user
        # it reads the user's contacts in name order and stops at a page of matches. The
        # conditions themselves must match the indexes' expressions, or the choice is gone.
        for i in range(50):
            factories.contact(self.alice, f"Person {i}", role=f"Role {i}")
        with connection.cursor() as cursor:
            # A test table is small: without this PostgreSQL rightly reads it whole.
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = Contact.objects.filter(
                search._trigram_columns(True, "%Lima%", "%lima%")
            ).explain()
        for index in search.POSTGRES_INDEXES:
            self.assertIn(index, plan)

    def test_organisation_names_can_be_read_through_their_trigram_index(self):
        # As the search's organisation subquery and the link page's list write the condition.
        factories.organisation(self.alice, "Lima Labs")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = Organisation.objects.filter(name__icontains="lima").explain()
            condition = search._icontains("name")  # the subquery's, without its user
            cursor.execute(
                f"EXPLAIN SELECT id FROM contacts_organisation WHERE {condition}", ["%lima%"]
            )
            subquery_plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn(f"Bitmap Index Scan on {search.ORGANISATION_INDEX}", plan)
        self.assertIn(search.ORGANISATION_INDEX, subquery_plan)


class SearchPathsTests(SearchTestCase):
    """PostgreSQL looks up a text's matches through the trigram indexes first and, if there are
    few (search.PROBE_LIMIT), reads the page by id; otherwise it reads the user's contacts in
    name order. Both ways must show the same rows in the same order, page by page."""

    def setUp(self) -> None:
        super().setUp()
        labs = factories.organisation(self.alice, "Quorra Labs")
        fans = factories.tag(self.alice, "quorra-fans")
        self.expected = []  # in name order
        for name, fields in [
            ("Ada Quorra", {}),
            ("Ben Stone", {"role": "Quorra wrangler"}),
            ("Cy Park", {"research_notes": "Founded quorra.io"}),
            ("Di Vance", {"org": labs}),
            ("Ed Moss", {"tag": fans}),
            ("Fay Quorra-Lind", {"org": labs, "role": "Quorra lead"}),  # matches twice
            ("Gil Quörra", {}),  # accents folded
        ]:
            tag = fields.pop("tag", None)
            contact = factories.contact(self.alice, name, **fields)
            if tag:
                contact.tags.add(tag)
            self.expected.append(contact.pk)
        self.rare = factories.contact(self.alice, "Hal Zyzzx", role="Zyzzx maker").pk
        for i in range(5):
            factories.contact(self.alice, f"Other {i}", role="Engineer")
        # Bob has the same words: never in Alice's results, by either path.
        twin = factories.contact(self.bob, "Ada Quorra", role="Zyzzx maker")
        twin.tags.add(factories.tag(self.bob, "quorra-fans"))

    def pages(self, text: str, size: int = 2) -> list[tuple[list[int], bool]]:
        """Each page of the list's search as (contact ids, has a "next" link)."""
        self.login(self.alice)
        found, number = [], 1
        with mock.patch("coffeechat.contacts.views.PAGE_SIZE", size):
            while True:
                response = self.client.get("/contacts/", {"q": text, "page": number})
                page = response.context["page"]
                found.append(([c.pk for c in response.context["contacts"]], page.has_next))
                if not page.has_next:
                    return found
                self.assertContains(response, f"page={number + 1}")
                number += 1

    def test_both_ways_give_the_same_pages_for_common_and_rare_texts(self):
        expected = {
            "quorra": [self.expected[i : i + 2] for i in range(0, 7, 2)],
            "zyzzx": [[self.rare]],
            "nobody-has-this": [[]],
        }
        for text, pages in expected.items():
            want = [(ids, number < len(pages) - 1) for number, ids in enumerate(pages)]
            for limit in (100, 7, 6, 1, 0):  # from every match in the probe to none
                with (
                    self.subTest(text=text, limit=limit),
                    mock.patch.object(search, "PROBE_LIMIT", limit),
                ):
                    self.assertEqual(self.pages(text), want)

    def test_the_probe_finds_what_the_plain_filter_finds(self):
        # With a limit of 0 the probe never has few enough: the page query's filter alone.
        texts = [
            "quorra",  # common: names, role, notes, organisation, tag
            "QUÖRRA",  # accented and upper case
            "quorra-lind",  # punctuation, folded in the name
            "quorra labs",  # across words, in the organisation
            "zyzzx",  # rare
            "fans",  # the tag only
            "nobody-has-this",
            "qu",  # too short for the index
            "  ",  # nothing: every contact
        ]
        for text in texts:
            with self.subTest(text=text):
                with mock.patch.object(search, "PROBE_LIMIT", 0):
                    plain = self.pages(text)
                    plain_created = list(
                        search_contacts(self.alice, q=text, sort="-created").values_list(
                            "pk", flat=True
                        )
                    )
                self.assertEqual(self.pages(text), plain)
                probed_created = search_contacts(self.alice, q=text, sort="-created")
                self.assertEqual(list(probed_created.values_list("pk", flat=True)), plain_created)

    def test_the_other_filters_and_sorts_apply_to_a_probed_search(self):
        with mock.patch.object(search, "PROBE_LIMIT", 100):
            found = search_contacts(self.alice, q="quorra", sort="-created")
            self.assertEqual(list(found.values_list("pk", flat=True)), self.expected[::-1])
            Contact.objects.filter(pk=self.expected[0]).update(relationship="friend")
            found = search_contacts(self.alice, q="quorra", relationship="friend")
            self.assertEqual(list(found.values_list("pk", flat=True)), self.expected[:1])


class FoundContactsTests(SearchPathsTests):
    """The contacts list's and the link page's search (`found_contacts`, `found_organisations`),
    built once per shape, finds what `search_contacts` (the definition) finds, in its order."""

    TEXTS = [
        "quorra",
        "QUÖRRA",
        "quorra-lind",
        "quorra labs",
        "zyzzx",
        "fans",
        "nobody-has-this",
        "qu",  # too short for the index
        "ö",  # a name too short for it
        "%",  # LIKE's own characters, read as text
        "_",
        "a\\b",
        '"quorra',  # FTS5's quote
    ]

    def test_it_finds_what_search_contacts_finds_in_its_order(self):
        for limit in (100, 1, 0):  # every match probed, some, none
            for text in self.TEXTS:
                for start, stop in ((0, 20), (0, 2), (2, 5)):
                    with (
                        self.subTest(text=text, limit=limit, start=start, stop=stop),
                        mock.patch.object(search, "PROBE_LIMIT", limit),
                    ):
                        listed = search_contacts(self.alice, q=text)
                        want = list(listed.values_list("pk", "display_name")[start:stop])
                        columns = ("pk", "display_name")
                        self.assertEqual(
                            found_contacts(self.alice, columns, start, stop, q=text), want
                        )
        found = found_contacts(self.alice, ("pk",), 0, 20, q="quorra")
        self.assertEqual([pk for (pk,) in found], self.expected)

    def test_the_other_filters_and_sorts_apply_as_search_contacts_applies_them(self):
        ada, ben, cy = self.expected[:3]
        Contact.objects.filter(pk__in=[ada, cy]).update(relationship="friend")
        Contact.objects.get(pk=ben).tags.add(factories.tag(self.alice, "Odd_%Tag"))
        factories.tag(self.alice, "OddxxTag").contacts.add(Contact.objects.get(pk=cy))
        factories.conversation(self.alice, Contact.objects.get(pk=cy), stage="met")
        factories.conversation(self.alice, Contact.objects.get(pk=ada), stage="met")
        criteria = [
            {"relationship": "friend"},
            {"tag": "odd_%tag"},  # LIKE's characters are the tag's own: not OddxxTag
            {"tag": "QUORRA-FANS"},
            {"stage": "met"},
            {"stage": "met", "relationship": "friend", "q": "quorra"},
            {"tag": "quorra-fans", "q": "ed"},
            {"q": "zyzzx", "sort": "-created"},
            {"sort": "organisation"},
            {"sort": "-updated", "q": "qu"},
            {"sort": "no such order"},
            {},
        ]
        for limit in (100, 0):
            for chosen in criteria:
                with (
                    self.subTest(limit=limit, **chosen),
                    mock.patch.object(search, "PROBE_LIMIT", limit),
                ):
                    want = search_contacts(self.alice, **chosen).values_list("pk", flat=True)
                    found = found_contacts(self.alice, ("pk",), 0, 50, **chosen)
                    self.assertEqual([pk for (pk,) in found], list(want))
        tagged = found_contacts(self.alice, ("pk",), 0, 50, tag="odd_%tag")
        self.assertEqual(tagged, [(ben,)])

    def test_it_finds_organisations_by_name_as_the_orm_would(self):
        factories.organisation(self.alice, "100% Quorra_Co")
        factories.organisation(self.bob, "Quorra Labs")
        for text in [*self.TEXTS, "100%", "a_co", "quorra_"]:
            with self.subTest(text=text):
                want = Organisation.objects.filter(user=self.alice, name__icontains=text.strip())
                self.assertEqual(
                    found_organisations(self.alice, text, 20),
                    list(want.values_list("pk", "name")[:20]),
                )

    def test_it_is_built_once_per_shape_of_text(self):
        with mock.patch.object(search, "PROBE_LIMIT", 0):  # every text read by its condition
            found_contacts(self.alice, ("pk",), 0, 20, q="quorra")
            found_organisations(self.alice, "quorra", 20)
            with built_by_the_orm() as built:
                found_contacts(self.alice, ("pk",), 0, 20, q="zyzzx")
                found_contacts(self.alice, ("pk",), 0, 20, q="stone")
                found_organisations(self.alice, "labs", 20)
            self.assertEqual(built, [])
            with built_by_the_orm() as built:
                found_contacts(self.alice, ("pk",), 0, 20, q="qu")  # too short: another shape
            self.assertEqual(built, ["contacts_contact"])


class ProbeTests(SearchPathsTests):
    """The probe's queries, on both databases: it asks the text index first (SQLite's FTS5
    table, PostgreSQL's trigram indexes) and, with few matches, the page reads them by id."""

    def queries(self, text: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            found_contacts(self.alice, ("pk",), 0, 51, q=text)
        return [query["sql"] for query in captured.captured_queries]

    def test_a_rare_text_is_looked_up_in_the_index_and_read_by_id(self):
        # Enough contacts, with statistics, that reading them all would cost more than the
        # indexes, as on the bench's 30,000 (there a rare text's probe reads the same plan).
        Contact.objects.bulk_create(
            Contact(
                user=self.alice,
                given_name="Person",
                family_name=str(i),
                name_key=f"person {i}",
                role="Engineer",
            )
            for i in range(3000)
        )
        if not SQLITE:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE contacts_contact")
                # As autovacuum would: merged into the indexes, the new rows cost a lookup little.
                for index in search.POSTGRES_INDEXES:
                    cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        probe, page = self.queries("zyzzx")
        self.assertIn("LIMIT 101", probe)
        self.assertIn("MATCH" if SQLITE else "LIKE", probe)
        self.assertIn(IDS_READ, page)
        self.assertIn(str(self.rare), page)
        self.assertNotIn("LIKE", page)
        self.assertNotIn("MATCH", page)
        if SQLITE:
            return  # the plans are pinned in test_query_plans
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + probe)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        for index in search.POSTGRES_INDEXES:
            self.assertIn(f"Bitmap Index Scan on {index}", plan)

    def test_a_common_text_is_read_in_name_order(self):
        with mock.patch.object(search, "PROBE_LIMIT", 5):
            probe, page = self.queries("quorra")
        self.assertIn("LIMIT 6", probe)
        self.assertIn("MATCH" if SQLITE else "LIKE", page)
        self.assertNotIn(IDS_READ, page)

    def test_no_match_needs_no_page_query(self):
        (probe,) = self.queries("nobody-has-this")
        self.assertIn("LIMIT 101", probe)

    def test_a_text_too_short_for_the_index_is_not_probed(self):
        # "Zö!" folds to "zo" for the name: two characters, no trigram to look up.
        for text in ("qu", "Zö!"):
            with self.subTest(text=text):
                (page,) = self.queries(text)
                self.assertNotIn("LIMIT 101", page)


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL's trigram indexes")
class PostgresPendingListTests(SearchTestCase):
    def test_the_indexes_keep_a_small_pending_list(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
                [list(search.POSTGRES_INDEXES)],
            )
            options = dict(cursor.fetchall())
        self.assertEqual(
            options, dict.fromkeys(search.POSTGRES_INDEXES, ["gin_pending_list_limit=256"])
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reloptions FROM pg_class WHERE relname = %s", [search.ORGANISATION_INDEX]
            )
            self.assertEqual(cursor.fetchone(), (["gin_pending_list_limit=256"],))
