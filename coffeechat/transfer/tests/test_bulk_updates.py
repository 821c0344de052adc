"""bulk.raw_update writes many rows' columns by primary key: on PostgreSQL through COPY and one
UPDATE, elsewhere one executemany; the same values either way, and nothing half done."""

from datetime import UTC, datetime

from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer.services.bulk import Updates, raw_update

WHEN = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)


def temporary_tables() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname LIKE 'pg_temp%%'")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_temp_master WHERE type = 'table'")
        return cursor.fetchone()[0]


class RawUpdateTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.firm = Organisation.objects.create(user=self.alice, name="Firm")
        self.people = [
            Contact.objects.create(user=self.alice, display_name=f"P{n}", role="Before")
            for n in range(30)
        ]
        self.theirs = Contact.objects.create(user=self.bob, display_name="Bob's", role="Kept")
        self.updates = Updates(Contact, ["role", "emails", "organisation_id", "updated"])

    def rows(self, people, role=lambda n: f"Role {n}"):
        return [
            (
                person.pk,
                self.updates.values(
                    {
                        "role": role(n),
                        "emails": [f"p{n}@example.org"],
                        "organisation_id": self.firm.pk if n % 2 else None,
                        "updated": WHEN,
                    }
                ),
            )
            for n, person in enumerate(people)
        ]

    def test_it_writes_every_column_of_every_row_given_and_no_other(self):
        with CaptureQueriesContext(connection) as captured:
            raw_update(self.updates, self.rows(self.people[:20]))
        got = {c.pk: c for c in Contact.objects.filter(user=self.alice)}
        for n, person in enumerate(self.people):
            contact = got[person.pk]
            if n < 20:
                self.assertEqual(contact.role, f"Role {n}")
                self.assertEqual(contact.emails, [f"p{n}@example.org"])
                self.assertEqual(contact.organisation_id, self.firm.pk if n % 2 else None)
                self.assertEqual(contact.updated, WHEN)
            else:
                self.assertEqual((contact.role, contact.emails), ("Before", []))
        self.assertEqual(Contact.objects.get(pk=self.theirs.pk).role, "Kept")
        statements = [q["sql"] for q in captured]
        if connection.vendor == "postgresql":  # one UPDATE from the copied rows
            updates = [sql for sql in statements if sql.startswith("UPDATE")]
            self.assertEqual(len(updates), 1)
            self.assertIn(" FROM ", updates[0])
        else:  # one executemany (Django logs it as "20 times: UPDATE …")
            self.assertEqual(len(statements), 1)
            self.assertTrue(statements[0].startswith('20 times: UPDATE "contacts_contact"'))
        self.assertEqual(temporary_tables(), 0)

    def test_a_bad_value_changes_nothing_and_leaves_the_transaction_usable(self):
        if connection.vendor != "postgresql":
            self.skipTest("SQLite does not enforce a text column's length")
        rows = self.rows(self.people, role=lambda n: "x" * 1000 if n == 25 else f"Role {n}")
        with transaction.atomic():
            with self.assertRaises(DataError):
                raw_update(self.updates, rows)
            # The outer transaction goes on, with no row changed.
            roles = set(Contact.objects.filter(user=self.alice).values_list("role", flat=True))
            self.assertEqual(roles, {"Before"})
        self.assertEqual(temporary_tables(), 0)
