from datetime import UTC, datetime

import pytest
import time_machine
from django.test import override_settings

from coffeechat.contacts.models import Contact, Organisation, Source, Tag, Touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer.parsers import parse_bytes
from coffeechat.transfer.services.importing import commit_plan, import_bytes, plan_import
from coffeechat.transfer.tests.helpers import around_contact_insert, fixture, shared_fixtures

GENERIC_MAPPING = {
    "Nom": "family_name",
    "Prénom": "given_name",
    "Courriel": "emails",
    "Société": "organisation",
    "Poste": "role",
}


class ImportPipelineTests(BaseTestCase):
    def test_it_previews_without_saving(self):
        plan = import_bytes(self.alice, fixture("linkedin_current.csv"), dry_run=True)
        self.assertEqual(plan.counts["new"], 5)
        self.assertEqual(Contact.objects.count(), 0)
        self.assertEqual(Organisation.objects.count(), 0)

    @time_machine.travel(datetime(2026, 3, 1, 9, tzinfo=UTC), tick=False)
    def test_it_imports_linkedin_with_organisations_touchpoints_and_source(self):
        plan = import_bytes(self.alice, fixture("linkedin_current.csv"))
        self.assertEqual(
            plan.counts, {"new": 5, "updated": 0, "unchanged": 0, "errors": 0, "rows": 5}
        )
        contacts = Contact.objects.owned_by(self.alice)
        self.assertEqual(contacts.count(), 5)
        ada = contacts.get(given_name="Ada")
        self.assertEqual(ada.display_name, "Ada Lovelace")
        self.assertEqual(ada.name_key, "ada lovelace")
        self.assertEqual(ada.linkedin_key, "linkedin.com/in/ada-lovelace")
        self.assertEqual(ada.source, Source.LINKEDIN)
        self.assertEqual(ada.emails, ["ada@example.org"])
        self.assertEqual(ada.organisation.name, "Analytical Engines, Inc.")
        self.assertEqual(ada.created, datetime(2026, 3, 1, 9, tzinfo=UTC))
        # "Stripe" and "Stripe, Inc." are one organisation.
        stripe = Organisation.objects.get(user=self.alice, name_key="stripe")
        self.assertEqual(stripe.contacts.count(), 2)
        touch = Touchpoint.objects.get(contact=ada)
        self.assertEqual(
            (touch.kind, touch.happened_at.date().isoformat()), ("linkedin", "2025-12-07")
        )
        self.assertEqual(Contact.objects.owned_by(self.bob).count(), 0)

    def test_it_creates_nothing_when_the_same_file_is_imported_twice(self):
        cases = [
            ("linkedin_current.csv", "auto", None),
            ("linkedin_old_resaved.csv", "auto", None),
            ("google_current.csv", "auto", None),
            ("google_old.csv", "auto", None),
            ("contacts.vcf", "auto", None),
            ("generic.csv", "csv", GENERIC_MAPPING),
            ("linkedin_utf16.csv", "auto", None),
            ("linkedin_cp1252.csv", "auto", None),
        ]
        for name, fmt, mapping in cases:
            with self.subTest(name):
                import_bytes(self.alice, fixture(name), fmt, mapping)
                before = (
                    Contact.objects.count(),
                    Touchpoint.objects.count(),
                    Organisation.objects.count(),
                    Tag.objects.count(),
                    Contact.tags.through.objects.count(),
                )
                plan = import_bytes(self.alice, fixture(name), fmt, mapping)
                self.assertEqual(plan.counts["new"], 0)
                self.assertEqual(plan.counts["updated"], 0)
                after = (
                    Contact.objects.count(),
                    Touchpoint.objects.count(),
                    Organisation.objects.count(),
                    Tag.objects.count(),
                    Contact.tags.through.objects.count(),
                )
                self.assertEqual(before, after)

    def test_it_updates_role_and_organisation_from_a_newer_export_and_keeps_history(self):
        import_bytes(self.alice, fixture("linkedin_current.csv"))
        plan = import_bytes(self.alice, fixture("linkedin_newer.csv"))
        self.assertEqual(
            (plan.counts["new"], plan.counts["updated"], plan.counts["unchanged"]), (1, 1, 4)
        )
        ada = Contact.objects.get(user=self.alice, given_name="Ada")
        self.assertEqual(ada.role, "Lead Programmer")
        self.assertEqual(ada.organisation.name, "Babbage & Co")
        notes = list(ada.touchpoints.filter(kind="note").values_list("text", flat=True))
        self.assertIn("Role changed from Programmer to Lead Programmer (LinkedIn import).", notes)
        self.assertIn(
            "Organisation changed from Analytical Engines, Inc. to Babbage & Co (LinkedIn import).",
            notes,
        )
        self.assertEqual(ada.touchpoints.filter(kind="linkedin").count(), 1)

    def test_it_matches_by_email_then_name_and_organisation(self):
        existing = Contact.objects.create(
            user=self.alice, display_name="Alan M. Turing", emails=["ALAN@example.org"]
        )
        org = Organisation.objects.create(user=self.alice, name="NASA")
        kj = Contact.objects.create(
            user=self.alice, given_name="Katherine", family_name="Johnson", organisation=org
        )
        plan = import_bytes(self.alice, fixture("linkedin_old_resaved.csv"))
        self.assertEqual(plan.rows[0].contact_id, existing.pk)
        self.assertEqual(plan.rows[1].contact_id, kj.pk)
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 3)

    def test_it_adds_tags_through_the_tag_model(self):
        Tag.objects.create(user=self.bob, name="Friends")
        import_bytes(self.alice, fixture("google_current.csv"))
        hedy = Contact.objects.get(user=self.alice, given_name="Hedy")
        self.assertEqual(sorted(t.name for t in hedy.tags.all()), ["Friends", "Inventors"])
        self.assertEqual(hedy.source, Source.GOOGLE)
        self.assertTrue(all(t.user_id == self.alice.pk for t in hedy.tags.all()))
        self.assertEqual(Tag.objects.filter(user=self.alice, name="myContacts").count(), 0)

    def test_it_commits_all_or_nothing(self):
        plan = plan_import(self.alice, parse_bytes(fixture("linkedin_current.csv")))

        def disk_full() -> None:
            raise RuntimeError("disk full")

        with around_contact_insert(before=disk_full), self.assertRaises(RuntimeError):
            commit_plan(self.alice, plan)
        self.assertEqual(Contact.objects.count(), 0)
        self.assertEqual(Organisation.objects.count(), 0)
        self.assertEqual(Touchpoint.objects.count(), 0)

    @override_settings(COFFEECHAT_MAX_IMPORT_MB=0.0001)
    def test_it_refuses_large_files_without_saving(self):
        plan = import_bytes(self.alice, fixture("linkedin_current.csv"))
        self.assertIn("import limit", plan.refused)
        self.assertEqual(Contact.objects.count(), 0)


SHARED = shared_fixtures()


# People each shared fixture gives (1 when not listed). Measured before issue 16's changes they
# were the same except YANG-DB's, 99: two people sharing one profile URL were merged.
SHARED_PEOPLE = {
    "Connections_2018_header_only__StanislavZ.csv": 0,
    "Connections_2024-05_preamble_and_header_only__JasonToups.csv": 0,
    "Connections_2025-12_preamble_and_header_only__Tombarr.csv": 0,
    "Connections_2026_no_preamble_header_only__ieglam.csv": 0,
    "Connections_synthetic_first100rows__YANG-DB.csv": 100,
    "ezvcard__John_Doe_ANDROID.vcf": 6,
    "ezvcard__gmail-list.vcf": 3,
    "ezvcard__rfc2426-example.vcf": 2,
    "roundcube__browser_contacts.vcf": 2,
}


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/fixtures is not present")
@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    sorted(
        p
        for folder in ("vcard", "google_csv", "linkedin")
        if (SHARED / folder).is_dir()
        for p in (SHARED / folder).iterdir()
        if p.is_file()
    )
    if SHARED.is_dir()
    else [],
    ids=lambda p: p.name,
)
def test_every_shared_fixture_imports_as_before_or_better(path, django_user_model):
    user = django_user_model.objects.create_user("fixture-owner")
    plan = import_bytes(user, path.read_bytes())
    assert (plan.refused, plan.errors) == ("", [])
    assert plan.counts["new"] == SHARED_PEOPLE.get(path.name, 1)
    assert Contact.objects.filter(user=user).count() == plan.counts["new"]
    again = import_bytes(user, path.read_bytes())
    assert again.counts["new"] == 0
