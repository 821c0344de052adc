"""Stored warmth stays right on the paths that write contacts without save()."""

from coffeechat.contacts.models import Contact, Warmth
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.core.tests import factories
from coffeechat.transfer.services.backup import export_data, restore
from coffeechat.transfer.services.importing import import_bytes
from coffeechat.transfer.tests.helpers import fixture


class WarmthTests(BaseTestCase):
    def test_imported_linkedin_connections_are_first_degree(self):
        import_bytes(self.alice, fixture("linkedin_current.csv"))
        self.assertEqual(
            set(Contact.objects.owned_by(self.alice).values_list("warmth", flat=True)),
            {Warmth.KNOWN},
        )
        person = Contact.objects.owned_by(self.alice).first()
        self.assertEqual(person.get_warmth_display(), "Referred or first-degree")
        self.assertNotIn("Second", person.get_warmth_display())

    def test_a_backup_from_before_warmth_was_stored_restores_it(self):
        friend = factories.contact(self.alice, "Fay Friend", relationship="friend")
        factories.contact(self.alice, "Ria Referred", referred_by=friend)
        factories.contact(self.alice, "Al Alum", relationship="alumni")
        payload = export_data(self.alice)
        for row in payload["models"]["contacts.contact"]:
            row["fields"].pop("warmth")
        carol = make_user("carol")
        restore(carol, payload)
        self.assertEqual(
            dict(Contact.objects.owned_by(carol).values_list("display_name", "warmth")),
            {"Fay Friend": Warmth.KNOWN, "Ria Referred": Warmth.KNOWN, "Al Alum": Warmth.ALUMNI},
        )
