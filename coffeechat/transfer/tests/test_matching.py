"""Matching never joins two different names on one identifier alone."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer.models import ImportBatch
from coffeechat.transfer.services.importing import import_bytes, same_person

SHARED_URL = (
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    b"Ada,Lovelace,https://www.linkedin.com/in/shared,,Engines,Programmer,07 Dec 2025\r\n"
    b"Grace,Hopper,https://www.linkedin.com/in/shared/,,US Navy,Admiral,22 Jan 2024\r\n"
)


class SharedIdentifierTests(BaseTestCase):
    def test_it_keeps_two_names_with_one_profile_url_apart_and_reimports_stably(self):
        plan = import_bytes(self.alice, SHARED_URL)
        self.assertEqual(plan.counts["new"], 2)
        self.assertEqual(
            [(c.line, c.name, c.kind, c.other_name) for c in plan.conflicts],
            [(3, "Grace Hopper", "same profile URL, different name", "Ada Lovelace")],
        )
        people = Contact.objects.owned_by(self.alice).order_by("given_name")
        self.assertEqual(
            [(c.display_name, c.organisation.name, c.role) for c in people],
            [
                ("Ada Lovelace", "Engines", "Programmer"),
                ("Grace Hopper", "US Navy", "Admiral"),
            ],
        )
        again = import_bytes(self.alice, SHARED_URL)
        self.assertEqual(
            (again.counts["new"], again.counts["updated"], again.counts["unchanged"]), (0, 0, 2)
        )
        self.assertEqual(again.conflicts, [])

    def test_it_does_not_merge_a_different_name_on_a_shared_email(self):
        Contact.objects.create(user=self.alice, display_name="Team Inbox", emails=["team@x.org"])
        data = b"First Name,Last Name,Email Address,Company\r\nAlan,Turing,TEAM@x.org,Bletchley\r\n"
        plan = import_bytes(self.alice, data)
        self.assertEqual((plan.counts["new"], plan.counts["updated"]), (1, 0))
        self.assertEqual([c.kind for c in plan.conflicts], ["same e-mail, different name"])
        self.assertEqual(Contact.objects.get(user=self.alice, display_name="Team Inbox").role, "")

    def test_it_still_matches_the_same_person_written_differently(self):
        ada = Contact.objects.create(
            user=self.alice,
            display_name="Ada King Lovelace",
            linkedin_url="https://linkedin.com/in/shared",
        )
        header, first = SHARED_URL.splitlines(keepends=True)[:2]
        plan = import_bytes(self.alice, header + first)
        self.assertEqual((plan.rows[0].contact_id, plan.conflicts), (ada.pk, []))
        self.assertTrue(same_person("a lovelace", "ada lovelace"))
        self.assertTrue(same_person("", "ada lovelace"))
        self.assertFalse(same_person("grace hopper", "ada lovelace"))

    def test_it_lists_the_conflict_in_the_preview(self):
        self.login(self.alice)
        self.client.post(
            "/transfer/import/",
            {"file": SimpleUploadedFile("Connections.csv", SHARED_URL), "format": "auto"},
        )
        batch = ImportBatch.objects.get(user=self.alice)
        page = self.client.get(f"/transfer/import/{batch.pk}/")
        self.assertContains(page, "Same profile URL, different name")
        self.assertContains(page, '<td data-count="new">2</td>', html=True)

    def test_the_user_can_still_merge_the_pair_from_duplicates(self):
        # Kept apart by default; the preview links to Duplicates, where the pair is offered.
        import_bytes(self.alice, SHARED_URL)
        self.login(self.alice)
        page = self.client.get(reverse("transfer:duplicates"))
        [group] = page.context["groups"]
        self.assertEqual(
            (group.reason, sorted(c.display_name for c in group.contacts)),
            ("LinkedIn", ["Ada Lovelace", "Grace Hopper"]),
        )
