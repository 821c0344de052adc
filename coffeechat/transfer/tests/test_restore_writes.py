"""A restore writes the backup's times and its late links in a few statements, however many
rows it has, and a backup that lacks a time (a field added since) still restores."""

import json
from datetime import UTC, datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.contacts.models import Contact, Organisation, Touchpoint
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.transfer.services.backup import export_json, restore
from coffeechat.transfer.tests.test_export import build_account

ADDED = datetime(2025, 5, 6, 7, 8, 9, tzinfo=UTC)


def account_of(user, people: int) -> dict:
    """`people` contacts, each at an organisation added after them and referred by the one
    before (links a restore makes once both rows exist), with a note each; as a backup."""
    with time_machine.travel(ADDED, tick=False):
        previous = None
        for n in range(people):
            contact = Contact.objects.create(
                user=user, display_name=f"Person {n}", referred_by=previous
            )
            Touchpoint.objects.create(
                user=user, contact=contact, kind="note", happened_at=ADDED, text="Met"
            )
            previous = contact
        for n, contact in enumerate(Contact.objects.filter(user=user).order_by("pk")):
            contact.organisation = Organisation.objects.create(user=user, name=f"Firm {n}")
            contact.save()
    return json.loads(export_json(user))


def updates(captured) -> list[str]:
    return [query["sql"] for query in captured if query["sql"].startswith("UPDATE")]


class RestoreWritesTests(BaseTestCase):
    def test_its_updates_do_not_grow_with_the_rows(self):
        counted = []
        for people in (4, 40):
            backup = account_of(make_user(f"from{people}"), people)
            into = make_user(f"into{people}")
            with CaptureQueriesContext(connection) as captured:
                restore(into, backup)
            counted.append(len(updates(captured)))
            contacts = Contact.objects.filter(user=into).order_by("pk")
            self.assertEqual(contacts.count(), people)
            self.assertEqual({c.created for c in contacts}, {ADDED})
            self.assertEqual({c.updated for c in contacts}, {ADDED})
            self.assertEqual({t.created for t in Touchpoint.objects.filter(user=into)}, {ADDED})
            self.assertEqual(
                [(c.organisation.name, c.referred_by_id) for c in contacts],
                [(f"Firm {n}", None if n == 0 else contacts[n - 1].pk) for n in range(people)],
            )
        self.assertEqual(counted[0], counted[1])

    def test_a_backup_without_a_time_restores_with_the_present_one(self):
        build_account(self.alice)
        payload = json.loads(export_json(self.alice))
        for rows in payload["models"].values():
            for row in rows:
                row["fields"].pop("updated", None)  # as from before the field existed
        carol = make_user("carol")
        before = timezone.now()
        restore(carol, payload)
        ada = Contact.objects.get(user=carol, given_name="Ada")
        self.assertEqual(ada.created, datetime(2025, 2, 3, 4, 5, 6, tzinfo=UTC))  # its own
        self.assertGreaterEqual(ada.updated, before)
        self.assertEqual(Contact.objects.filter(user=carol).count(), 2)
