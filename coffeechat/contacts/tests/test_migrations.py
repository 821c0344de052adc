"""Data migrations fill the derived columns of contacts created before them."""

from datetime import UTC, datetime, timedelta

from coffeechat.core.testing import MigrationTestCase

BEFORE = [("contacts", "0005_cadence_index")]
AFTER = [("contacts", "0006_keep_in_touch_due")]
CREATED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class FillDueTimesTests(MigrationTestCase):
    def test_it_counts_from_the_last_touch_or_creation(self):
        old = self.migrate(BEFORE)
        user = old.get_model("auth", "User").objects.create(username="alice")
        Contact = old.get_model("contacts", "Contact")
        Tag = old.get_model("contacts", "Tag")
        own = Contact.objects.create(user=user, display_name="Own", keep_in_touch_days=30)
        tagged = Contact.objects.create(user=user, display_name="Tagged")
        plain = Contact.objects.create(user=user, display_name="Plain")
        Contact.objects.update(created=CREATED)
        tagged.tags.add(Tag.objects.create(user=user, name="mentors", keep_in_touch_days=90))
        old.get_model("contacts", "Touchpoint").objects.create(
            user=user, contact=own, kind="note", happened_at=CREATED + timedelta(days=2)
        )

        new = self.migrate(AFTER)
        due = dict(
            new.get_model("contacts", "Contact").objects.values_list("pk", "keep_in_touch_due_at")
        )
        self.assertEqual(due[own.pk], CREATED + timedelta(days=32))
        self.assertEqual(due[tagged.pk], CREATED + timedelta(days=90))
        self.assertIsNone(due[plain.pk])

    def test_warmth_is_worked_out_from_relationship_and_referrer(self):
        old = self.migrate([("contacts", "0006_keep_in_touch_due")])
        user = old.get_model("auth", "User").objects.create(username="alice")
        Contact = old.get_model("contacts", "Contact")
        friend = Contact.objects.create(user=user, display_name="F", relationship="friend")
        alum = Contact.objects.create(user=user, display_name="A", relationship="alumni")
        linked = Contact.objects.create(user=user, display_name="L", relationship="linkedin")
        cold = Contact.objects.create(user=user, display_name="C", relationship="cold")
        referred = Contact.objects.create(
            user=user, display_name="R", relationship="cold", referred_by=friend
        )

        new = self.migrate([("contacts", "0007_contact_warmth")])
        warmth = dict(new.get_model("contacts", "Contact").objects.values_list("pk", "warmth"))
        self.assertEqual(
            [warmth[c.pk] for c in (friend, alum, linked, cold, referred)], [0, 1, 2, 3, 0]
        )
