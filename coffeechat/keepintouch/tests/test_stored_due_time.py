"""The stored keep-in-touch due time always equals the one worked out from scratch.

Today reads `Contact.keep_in_touch_due_at` instead of computing it, so every path that changes
what it depends on (touches, cadences, tags, imports, merges, restores) must keep it current.
"""

from datetime import UTC, datetime, timedelta

import time_machine

from coffeechat.contacts.models import Contact, Tag
from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.core.tests import factories
from coffeechat.keepintouch.cadence import aware, with_cadence
from coffeechat.transfer.services.backup import export_data, restore
from coffeechat.transfer.services.importing import import_bytes
from coffeechat.transfer.services.merging import merge_contacts
from coffeechat.transfer.tests.helpers import fixture

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@time_machine.travel(START, tick=False)
class StoredDueTimeTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.mentors = factories.tag(self.alice, "mentors")
        self.priya = factories.contact(self.alice, "Priya Shah")
        self.sam = factories.contact(self.alice, "Sam Okafor")

    def assertStoredMatchesComputed(self, user=None) -> None:
        rows = with_cadence(Contact.objects.owned_by(user or self.alice)).values_list(
            "display_name", "keep_in_touch_due_at", "due_at"
        )
        for name, stored, computed in rows:
            with self.subTest(contact=name):
                self.assertEqual(stored, aware(computed))

    def due(self, contact: Contact):
        return Contact.objects.get(pk=contact.pk).keep_in_touch_due_at

    def test_a_contact_without_a_cadence_has_no_due_time(self):
        self.assertIsNone(self.due(self.priya))
        log_touchpoint(self.priya, "note")
        self.assertIsNone(self.due(self.priya))
        self.assertStoredMatchesComputed()

    def test_its_own_cadence_counts_from_creation_then_from_each_touch(self):
        self.priya.keep_in_touch_days = 30
        self.priya.save()
        self.assertEqual(self.due(self.priya), START + timedelta(days=30))
        log_touchpoint(self.priya, "shared", at=START + timedelta(days=5))
        self.assertEqual(self.due(self.priya), START + timedelta(days=35))
        # An older touch logged later does not move it back.
        log_touchpoint(self.priya, "note", at=START - timedelta(days=40))
        self.assertEqual(self.due(self.priya), START + timedelta(days=35))
        self.priya.keep_in_touch_days = None
        self.priya.save()
        self.assertIsNone(self.due(self.priya))

    def test_tags_and_their_cadences_move_it(self):
        self.priya.tags.add(self.mentors)
        self.assertIsNone(self.due(self.priya))
        self.mentors.keep_in_touch_days = 90
        self.mentors.save(update_fields=["keep_in_touch_days", "updated"])
        self.assertEqual(self.due(self.priya), START + timedelta(days=90))
        close = Tag.objects.create(user=self.alice, name="close", keep_in_touch_days=30)
        close.contacts.add(self.priya, self.sam)  # from the tag's side
        self.assertEqual(self.due(self.priya), START + timedelta(days=30))
        self.assertEqual(self.due(self.sam), START + timedelta(days=30))
        self.priya.tags.remove(close)
        self.assertEqual(self.due(self.priya), START + timedelta(days=90))
        close.contacts.clear()
        self.assertIsNone(self.due(self.sam))
        self.priya.tags.clear()
        self.assertIsNone(self.due(self.priya))
        self.assertStoredMatchesComputed()

    def test_deleting_a_tag_with_a_cadence_clears_it(self):
        self.mentors.keep_in_touch_days = 60
        self.mentors.save()
        self.priya.tags.add(self.mentors)
        self.assertIsNotNone(self.due(self.priya))
        self.mentors.delete()
        self.assertIsNone(self.due(self.priya))

    def test_the_contact_form_and_the_tag_cadence_page_keep_it_current(self):
        self.login(self.alice)
        self.client.post(
            f"/contacts/{self.priya.pk}/edit/",
            {
                "display_name": "Priya Shah",
                "relationship": "friend",
                "tags_text": "mentors",
                "keep_in_touch_days": "",
            },
        )
        self.assertEqual(list(self.priya.tags.values_list("name", flat=True)), ["mentors"])
        self.client.post("/keep-in-touch/", {f"tag-{self.mentors.pk}": "45"})
        self.assertEqual(self.due(self.priya), START + timedelta(days=45))
        self.assertStoredMatchesComputed()

    def test_merging_keeps_the_later_touch_of_either_contact(self):
        self.priya.keep_in_touch_days = 30
        self.priya.save()
        log_touchpoint(self.sam, "meeting", at=START + timedelta(days=10))
        merge_contacts(self.priya, self.sam)
        self.assertEqual(self.due(self.priya), START + timedelta(days=40))
        self.assertStoredMatchesComputed()

    def test_an_import_that_tags_and_touches_existing_contacts_updates_it(self):
        Tag.objects.create(user=self.alice, name="Friends", keep_in_touch_days=20)
        import_bytes(self.alice, fixture("google_current.csv"))
        hedy = Contact.objects.get(user=self.alice, given_name="Hedy")
        self.assertEqual(hedy.keep_in_touch_due_at, START + timedelta(days=20))
        import_bytes(self.alice, fixture("linkedin_current.csv"))
        self.assertStoredMatchesComputed()

    def test_a_restore_works_it_out_again(self):
        self.priya.keep_in_touch_days = 30
        self.priya.save()
        log_touchpoint(self.priya, "note", at=START + timedelta(days=3))
        payload = export_data(self.alice)
        for row in payload["models"]["contacts.contact"]:
            row["fields"].pop("keep_in_touch_due_at", None)  # as in a backup from before it
        carol = make_user("carol")
        restore(carol, payload)
        restored = Contact.objects.get(user=carol, display_name="Priya Shah")
        self.assertEqual(restored.keep_in_touch_due_at, START + timedelta(days=33))
        self.assertStoredMatchesComputed(carol)
