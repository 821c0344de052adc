"""A commit never writes back what it read before: edits made meanwhile survive."""

from coffeechat.contacts.models import Contact, Touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer.parsers import parse_bytes
from coffeechat.transfer.services.importing import commit_plan, import_bytes, plan_import
from coffeechat.transfer.tests.helpers import around_contact_insert

FIRST = (
    b"First Name,Last Name,Email Address,Company,Position\r\n"
    b"Ada,Lovelace,ada@example.org,Engines,Programmer\r\n"
    b"Alan,Turing,alan@example.org,Bletchley,Cryptanalyst\r\n"
)
SECOND = (
    b"First Name,Last Name,Email Address,Company,Position\r\n"
    b"Ada,Lovelace,ada@example.org,Engines,Lead Programmer\r\n"
    b"Alan,Turing,alan@example.org,Bletchley,Cryptanalyst\r\n"
    b"Alan,Turing,alan.turing@example.org,Bletchley,\r\n"
)


class CommitRaceTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        import_bytes(self.alice, FIRST)
        self.ada = Contact.objects.get(user=self.alice, given_name="Ada")
        self.alan = Contact.objects.get(user=self.alice, given_name="Alan")

    def test_it_leaves_a_contact_edited_after_the_plan_alone_and_reports_it(self):
        plan = plan_import(self.alice, parse_bytes(SECOND))
        self.ada.role = "Countess"
        self.ada.location = "London"
        self.ada.save()
        result = commit_plan(self.alice, plan)
        self.assertEqual((result["updated"], result["skipped"]), (1, 1))
        self.ada.refresh_from_db()
        self.assertEqual((self.ada.role, self.ada.location), ("Countess", "London"))
        self.assertFalse(Touchpoint.objects.filter(contact=self.ada, kind="note").exists())
        self.alan.refresh_from_db()
        self.assertEqual(self.alan.emails, ["alan@example.org", "alan.turing@example.org"])

    def test_it_writes_only_the_columns_it_changes_on_each_contact(self):
        plan = plan_import(self.alice, parse_bytes(SECOND))
        # A change that does not touch `updated` (a bulk update elsewhere) is kept as well.
        Contact.objects.filter(pk=self.alan.pk).update(role="Mathematician")
        commit_plan(self.alice, plan)
        self.alan.refresh_from_db()
        self.assertEqual(self.alan.role, "Mathematician")
        self.assertEqual(len(self.alan.emails), 2)
        self.ada.refresh_from_db()
        self.assertEqual(self.ada.role, "Lead Programmer")

    def test_it_survives_a_contact_added_in_another_tab_during_the_save(self):
        plan = plan_import(
            self.alice, parse_bytes(b"First Name,Last Name,Company\r\nGrace,Hopper,Navy\r\n")
        )

        def other_tab() -> None:
            Contact.objects.create(user=self.alice, display_name="Added Elsewhere")

        with around_contact_insert(before=other_tab):
            result = commit_plan(self.alice, plan)
        self.assertEqual(result["new"], 1)
        names = set(Contact.objects.filter(user=self.alice).values_list("display_name", flat=True))
        self.assertEqual(names, {"Ada Lovelace", "Alan Turing", "Grace Hopper", "Added Elsewhere"})
