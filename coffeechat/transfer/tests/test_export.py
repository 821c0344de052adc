import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from coffeechat.accounts.models import Profile
from coffeechat.contacts.models import Contact, Organisation, Tag, Touchpoint
from coffeechat.core.models import Owned
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.followup.models import ActionItem
from coffeechat.meetings.models import Meeting
from coffeechat.pipeline.models import Conversation, StageChange
from coffeechat.transfer.services.backup import (
    RestoreError,
    export_data,
    export_json,
    owned_models,
    restore,
)
from coffeechat.transfer.services.exporting import (
    export_csv,
    export_vcard,
    safe_cell,
)
from coffeechat.transfer.services.importing import import_bytes


def build_account(user):
    with time_machine.travel(datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC), tick=False):
        org = Organisation.objects.create(user=user, name="Stripe, Inc.", industry="Payments")
        tag = Tag.objects.create(user=user, name="Mentors")
        referrer = Contact.objects.create(user=user, display_name="Rita Referrer")
    with time_machine.travel(datetime(2025, 2, 3, 4, 5, 6, tzinfo=UTC), tick=False):
        ada = Contact.objects.create(
            user=user,
            given_name="Ada",
            family_name="Lovelace",
            organisation=org,
            emails=["ada@example.org"],
            phones=["+44 1"],
            role="Engineer",
            referred_by=referrer,
            links=[{"title": "Blog", "url": "https://example.org"}],
            linkedin_url="https://www.linkedin.com/in/ada",
        )
        ada.tags.add(tag)
        conversation = Conversation.objects.create(user=user, contact=ada, intention="Learn")
        StageChange.objects.create(
            conversation=conversation,
            from_stage="prospect",
            to_stage="requested",
            at=datetime(2025, 2, 4, tzinfo=UTC),
        )
        Touchpoint.objects.create(
            user=user,
            contact=ada,
            conversation=conversation,
            kind="request",
            happened_at=datetime(2025, 2, 4, tzinfo=UTC),
            text="Asked for 20 minutes",
        )
        Meeting.objects.create(
            user=user, conversation=conversation, starts_at=datetime(2025, 2, 10, 15, tzinfo=UTC)
        )
        ActionItem.objects.create(
            user=user,
            text="Send thanks",
            contact=ada,
            conversation=conversation,
            due=date(2025, 2, 11),
        )
    with time_machine.travel(datetime(2025, 3, 1, tzinfo=UTC), tick=False):
        ada.role = "Staff Engineer"
        ada.save()  # `updated` now differs from `created`
    return ada


class BackupTests(BaseTestCase):
    def test_it_walks_owned_models_and_children_generically(self):
        labels = {m._meta.label_lower for m in owned_models()}
        for expected in (
            "contacts.contact",
            "contacts.tag",
            "contacts.organisation",
            "contacts.touchpoint",
            "contacts.contact_tags",
            "pipeline.conversation",
            "pipeline.stagechange",
            "meetings.meeting",
            "followup.actionitem",
            "accounts.profile",
        ):
            self.assertIn(expected, labels)
        self.assertNotIn("transfer.importbatch", labels)
        self.assertNotIn("accounts.loginfailure", labels)

    def test_it_uses_backup_local_ids_and_a_schema_version(self):
        build_account(self.alice)
        build_account(self.bob)
        data = export_data(self.bob)
        self.assertEqual(data["schema_version"], 1)
        contacts = data["models"]["contacts.contact"]
        self.assertEqual([c["id"] for c in contacts], [1, 2])
        self.assertEqual(contacts[1]["fields"]["referred_by"], 1)
        self.assertNotIn("user", contacts[0]["fields"])
        self.assertEqual(len(data["models"]["accounts.profile"]), 1)

    def test_it_round_trips_export_restore_export_byte_for_byte(self):
        build_account(self.alice)
        first = export_json(self.alice)
        payload = json.loads(first)
        self.alice.delete()  # as if moving to a new machine
        carol = make_user("carol")
        carol.email = ""
        carol.save()
        restore(carol, payload)
        self.assertEqual(export_json(carol), first)
        carol.refresh_from_db()
        self.assertEqual(carol.email, "alice@example.org")
        ada = Contact.objects.get(user=carol, given_name="Ada")
        self.assertEqual(ada.created, datetime(2025, 2, 3, 4, 5, 6, tzinfo=UTC))
        self.assertEqual(ada.updated, datetime(2025, 3, 1, tzinfo=UTC))
        self.assertEqual(ada.referred_by.display_name, "Rita Referrer")
        self.assertEqual([t.name for t in ada.tags.all()], ["Mentors"])
        self.assertEqual(StageChange.objects.filter(conversation__user=carol).count(), 1)
        self.assertEqual(Profile.objects.get(user=carol).full_name, "Alice")

    def test_it_restores_next_to_the_original_with_new_keys(self):
        build_account(self.alice)
        first = export_json(self.alice)
        carol = make_user("carol")
        restore(carol, json.loads(first))
        second = json.loads(export_json(carol))
        original = json.loads(first)
        self.assertEqual(second.pop("account"), {"email": "carol@example.org"})
        original.pop("account")
        self.assertEqual(second, original)
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 2)
        self.assertEqual(Contact.objects.filter(user=carol).count(), 2)

    def test_a_restore_next_to_the_original_keeps_the_meeting_uids(self):
        # The other person's calendar knows the meetings by UID: a copy with new UIDs would turn
        # every later change into a second event instead of an update.
        build_account(self.alice)
        Meeting.objects.create(
            user=self.alice,
            conversation=Conversation.objects.get(user=self.alice),
            starts_at=datetime(2025, 4, 1, 9, tzinfo=UTC),
        )
        uids = sorted(str(m.uid) for m in Meeting.objects.filter(user=self.alice))
        payload = json.loads(export_json(self.alice))
        carol = make_user("carol")
        restore(carol, payload)
        self.assertEqual(sorted(str(m.uid) for m in Meeting.objects.filter(user=carol)), uids)
        # Alice's meetings keep theirs too: a UID is unique per account, not across accounts.
        self.assertEqual(sorted(str(m.uid) for m in Meeting.objects.filter(user=self.alice)), uids)

    def test_a_restore_into_the_same_account_after_deleting_keeps_the_meeting_uids(self):
        build_account(self.alice)
        uids = sorted(str(m.uid) for m in Meeting.objects.filter(user=self.alice))
        payload = json.loads(export_json(self.alice))
        for model in reversed(owned_models()):
            if issubclass(model, Owned):
                model._default_manager.filter(user=self.alice).delete()
        restore(self.alice, payload)
        self.assertEqual(sorted(str(m.uid) for m in Meeting.objects.filter(user=self.alice)), uids)

    def test_a_meeting_uid_is_unique_within_one_account(self):
        ada = build_account(self.alice)
        meeting = Meeting.objects.get(user=self.alice)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Meeting.objects.create(
                user=self.alice,
                conversation=ada.conversations.get(),
                starts_at=datetime(2025, 5, 1, tzinfo=UTC),
                uid=meeting.uid,
            )

    def test_it_keeps_the_address_of_an_account_that_has_one(self):
        payload = json.loads(export_json(self.alice))
        self.assertEqual(payload["account"], {"email": "alice@example.org"})
        carol = make_user("carol")
        restore(carol, payload)
        carol.refresh_from_db()
        self.assertEqual(carol.email, "carol@example.org")

    def test_it_refuses_to_restore_into_an_account_with_data(self):
        build_account(self.alice)
        payload = json.loads(export_json(self.alice))
        Contact.objects.create(user=self.bob, display_name="Already here")
        with self.assertRaisesMessage(RestoreError, "empty account"):
            restore(self.bob, payload)
        self.assertEqual(Contact.objects.filter(user=self.bob).count(), 1)

    def test_it_restores_atomically(self):
        build_account(self.alice)
        payload = json.loads(export_json(self.alice))
        payload["models"]["followup.actionitem"][0]["fields"]["contact"] = 99
        carol = make_user("carol")
        with self.assertRaises(KeyError):
            restore(carol, payload)
        self.assertEqual(Contact.objects.filter(user=carol).count(), 0)
        self.assertEqual(Organisation.objects.filter(user=carol).count(), 0)

    def test_it_rejects_other_files_and_newer_schemas(self):
        with self.assertRaisesMessage(RestoreError, "not a Coffeechat backup"):
            restore(self.bob, {"hello": 1})
        with self.assertRaisesMessage(RestoreError, "schema version"):
            restore(self.bob, {"format": "coffeechat-backup", "schema_version": 99, "models": {}})


class ContactExportTests(BaseTestCase):
    def test_it_neutralises_formula_cells_in_csv(self):
        self.assertEqual(safe_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)")
        for dangerous in ("+1 555", "-2", "@SUM(A1)", "\tx", "\rx"):
            self.assertTrue(safe_cell(dangerous).startswith("'"))
        self.assertEqual(safe_cell("Ada"), "Ada")
        Contact.objects.create(user=self.alice, display_name="=cmd|' /C calc'!A0", role="@SUM(1+1)")
        Contact.objects.create(user=self.bob, display_name="Not Alice's")
        rows = list(csv.reader(io.StringIO(export_csv(self.alice))))
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][0], "'=cmd|' /C calc'!A0")
        self.assertEqual(rows[1][6], "'@SUM(1+1)")

    def test_it_round_trips_vcard_3_and_4(self):
        import_bytes(self.alice, (Path(__file__).parent / "fixtures/contacts.vcf").read_bytes())
        import_bytes(
            self.alice, (Path(__file__).parent / "fixtures/google_current.csv").read_bytes()
        )
        for version in ("3.0", "4.0"):
            with self.subTest(version):
                text = export_vcard(self.alice, version)
                self.assertIn(f"VERSION:{version}", text)
                self.assertTrue(all(len(line.encode()) <= 75 for line in text.split("\r\n")))
                again = import_bytes(self.alice, text.encode())
                self.assertEqual((again.counts["new"], again.counts["updated"]), (0, 0))
                dave = make_user(f"dave{version[0]}")
                import_bytes(dave, text.encode())
                fields = (
                    "display_name",
                    "given_name",
                    "family_name",
                    "emails",
                    "phones",
                    "role",
                    "linkedin_url",
                    "research_notes",
                )
                mine = list(Contact.objects.filter(user=self.alice).values_list(*fields))
                theirs = list(Contact.objects.filter(user=dave).values_list(*fields))
                self.assertEqual(theirs, mine)
                self.assertEqual(
                    sorted(
                        Contact.objects.filter(user=dave).values_list(
                            "organisation__name", "tags__name"
                        ),
                        key=repr,
                    ),
                    sorted(
                        Contact.objects.filter(user=self.alice).values_list(
                            "organisation__name", "tags__name"
                        ),
                        key=repr,
                    ),
                )


class CommandTests(BaseTestCase):
    def test_it_imports_with_a_dry_run_then_for_real(self):
        path = str(Path(__file__).parent / "fixtures/linkedin_old_resaved.csv")
        out, err = io.StringIO(), io.StringIO()
        call_command("import", path, "--user", "alice", "--dry-run", stdout=out, stderr=err)
        self.assertIn("3 new", out.getvalue())
        self.assertIn("line 4 (Connected On)", out.getvalue())
        self.assertIn("line 6 (First Name)", out.getvalue())
        self.assertEqual(Contact.objects.count(), 0)
        call_command("import", path, "--user", "alice", stdout=out, stderr=err)
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 3)
        self.assertIn("[##############################] 100%", err.getvalue())

    def test_it_reports_refused_files_and_unknown_users(self):
        with TemporaryDirectory() as tmp:
            path = Path(tmp) / "empty.csv"
            path.write_bytes(b"")
            with self.assertRaisesMessage(CommandError, "empty"):
                call_command("import", str(path), "--user", "alice")
            with self.assertRaisesMessage(CommandError, "No user called"):
                call_command("import", str(path), "--user", "nobody")

    def test_it_exports_and_restores_through_the_cli(self):
        build_account(self.alice)
        with TemporaryDirectory() as tmp:
            backup = Path(tmp) / "backup.json"
            call_command(
                "export", str(backup), "--user", "alice", "--format", "json", stderr=io.StringIO()
            )
            make_user("carol")
            out = io.StringIO()
            call_command("restore", str(backup), "--user", "carol", stdout=out)
            self.assertIn("Restored", out.getvalue())
            with self.assertRaisesMessage(CommandError, "empty account"):
                call_command("restore", str(backup), "--user", "carol")
            for fmt in ("csv", "vcard", "vcard4"):
                target = Path(tmp) / f"out.{fmt}"
                call_command(
                    "export", str(target), "--user", "carol", "--format", fmt, stderr=io.StringIO()
                )
                self.assertIn("Lovelace", target.read_text(encoding="utf-8"))
