"""Restoring a JSON backup from the web: upload → preview → confirm (a task) or cancel."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from coffeechat.accounts.models import Profile
from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.transfer.models import BatchStatus, ImportBatch
from coffeechat.transfer.services.backup import export_json
from coffeechat.transfer.tests.test_export import build_account


class RestoreTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        build_account(self.alice)
        self.backup = export_json(self.alice)
        self.carol = make_user("carol")
        self.login(self.carol)

    def upload(self, content, name="coffeechat-backup.json"):
        if isinstance(content, dict | list):
            content = json.dumps(content)
        if isinstance(content, str):
            content = content.encode()
        return self.client.post(
            reverse("transfer:restore"), {"file": SimpleUploadedFile(name, content)}
        )

    def payload(self) -> dict:
        return json.loads(self.backup)

    def uploaded(self, content) -> ImportBatch:
        self.assertEqual(self.upload(content).status_code, 302)
        return self.pending()

    def pending(self) -> ImportBatch:
        return ImportBatch.objects.get(user=self.carol, status=BatchStatus.PENDING)

    def assert_nothing_restored(self):
        self.assertFalse(Contact.objects.filter(user=self.carol).exists())
        self.assertEqual(Profile.objects.get(user=self.carol).full_name, "Carol")


class PreviewTests(RestoreTestCase):
    def test_it_previews_counts_per_kind_and_writes_nothing(self):
        response = self.upload(self.backup)
        batch = self.pending()
        self.assertRedirects(response, f"/transfer/restore/{batch.pk}/")
        page = self.client.get(response.url)
        self.assertContains(page, "What restoring adds to your account")
        for label, count, words in (
            ("contacts.contact", 2, "Contacts"),
            ("contacts.organisation", 1, "Organisation"),
            ("pipeline.conversation", 1, "Conversation"),
            ("meetings.meeting", 1, "Meeting"),
            ("followup.actionitem", 1, "Follow-up task"),
            ("contacts.contact_tags", 1, "Tag on a contact"),
        ):
            self.assertContains(
                page, f'<th scope="row">{words}</th><td data-kind="{label}">{count}'
            )
        self.assertNotContains(page, 'data-kind="accounts.profile"')  # replaced, not added
        self.assertContains(page, "Your profile is replaced by the one in the backup.")
        self.assertContains(page, "Your account keeps its e-mail address carol@example.org")
        self.assertContains(page, "Restore 11 records")
        self.assertContains(page, f'action="/transfer/restore/{batch.pk}/confirm/"')
        self.assert_nothing_restored()
        self.assertEqual(batch.attempt, 0)  # no task queued

    def test_the_preview_says_a_backup_sets_a_missing_address(self):
        self.carol.email = ""
        self.carol.save()
        page = self.client.get(self.upload(self.backup).url)
        self.assertContains(page, "e-mail address is set to alice@example.org")

    def test_an_account_with_data_sees_why_and_cannot_confirm(self):
        Contact.objects.create(user=self.carol, display_name="Already here")
        page = self.client.get(self.upload(self.backup).url)
        self.assertContains(page, "already holds data; restore only into an empty account")
        self.assertNotContains(page, "/confirm/")
        self.assertContains(page, "Discard this file")

    def test_a_pending_backup_is_listed_with_a_link_to_its_preview(self):
        batch_url = self.upload(self.backup).url
        self.assertContains(self.client.get("/transfer/"), f'href="{batch_url}"')
        batch = self.pending()
        self.assertRedirects(
            self.client.get(f"/transfer/import/{batch.pk}/"),
            batch_url,
            fetch_redirect_response=False,
        )


class ConfirmAndCancelTests(RestoreTestCase):
    def test_confirming_restores_it_as_a_task(self):
        batch = self.uploaded(self.backup)
        response = self.client.post(f"/transfer/restore/{batch.pk}/confirm/")
        self.assertRedirects(
            response, f"/transfer/import/{batch.pk}/progress/", fetch_redirect_response=False
        )
        batch.refresh_from_db()
        self.assertEqual(batch.status, BatchStatus.COMMITTED)
        self.assertEqual(batch.summary, {"restored": 11})
        self.assertEqual(bytes(batch.data), b"")
        self.assertEqual(Contact.objects.filter(user=self.carol).count(), 2)
        self.assertEqual(Profile.objects.get(user=self.carol).full_name, "Alice")
        page = self.client.get(response.url)
        self.assertContains(page, "<h1>Restored coffeechat-backup.json</h1>", html=True)
        self.assertContains(page, "restored from the backup")
        # A second click (or tab), Back to the preview, a late cancel: nothing new starts.
        again = self.client.post(f"/transfer/restore/{batch.pk}/confirm/")
        self.assertRedirects(again, response.url, fetch_redirect_response=False)
        back = self.client.get(f"/transfer/restore/{batch.pk}/")
        self.assertRedirects(back, response.url, fetch_redirect_response=False)
        late = self.client.post(f"/transfer/restore/{batch.pk}/cancel/")
        self.assertRedirects(late, response.url, fetch_redirect_response=False)
        self.assertTrue(ImportBatch.objects.filter(pk=batch.pk).exists())
        self.assertEqual(Contact.objects.filter(user=self.carol).count(), 2)

    def test_confirming_needs_a_post(self):
        batch_url = self.upload(self.backup).url
        self.assertEqual(self.client.get(batch_url + "confirm/").status_code, 405)
        self.assert_nothing_restored()

    def test_cancelling_discards_the_file_and_writes_nothing(self):
        batch = self.uploaded(self.backup)
        response = self.client.post(f"/transfer/restore/{batch.pk}/cancel/", follow=True)
        self.assertRedirects(response, "/transfer/export/")
        self.assertContains(response, "Restore cancelled: nothing was written")
        self.assertFalse(ImportBatch.objects.filter(pk=batch.pk).exists())
        self.assert_nothing_restored()
        self.assertEqual(self.client.get(f"/transfer/restore/{batch.pk}/").status_code, 404)

    def test_data_added_after_the_preview_stops_the_confirmation(self):
        batch = self.uploaded(self.backup)
        Contact.objects.create(user=self.carol, display_name="Added in another tab")
        response = self.client.post(f"/transfer/restore/{batch.pk}/confirm/", follow=True)
        self.assertRedirects(response, f"/transfer/restore/{batch.pk}/")
        self.assertContains(response, "already holds data")
        batch.refresh_from_db()
        self.assertEqual(batch.status, BatchStatus.PENDING)
        self.assertEqual(Contact.objects.filter(user=self.carol).count(), 1)

    def test_another_users_pending_restore_is_404(self):
        batch = self.uploaded(self.backup)
        self.login(self.bob)
        for url, method in (
            (f"/transfer/restore/{batch.pk}/", self.client.get),
            (f"/transfer/restore/{batch.pk}/confirm/", self.client.post),
            (f"/transfer/restore/{batch.pk}/cancel/", self.client.post),
        ):
            self.assertEqual(method(url).status_code, 404, url)
        batch.refresh_from_db()
        self.assertEqual(batch.status, BatchStatus.PENDING)
        self.assertFalse(Contact.objects.filter(user=self.bob).exists())
        self.assert_nothing_restored()

    def test_export_then_web_restore_then_export_is_equal(self):
        first = self.backup
        self.alice.delete()  # as if moving to a new machine
        self.carol.email = ""
        self.carol.save()
        batch = self.uploaded(first)
        self.client.post(f"/transfer/restore/{batch.pk}/confirm/")
        self.carol.refresh_from_db()
        self.assertEqual(export_json(self.carol), first)


class BadFileTests(RestoreTestCase):
    def assert_refused(self, response, message: str):
        self.assertContains(response, message, status_code=400)
        self.assertContains(response, "Restore a backup", status_code=400)
        self.assertFalse(ImportBatch.objects.filter(user=self.carol).exists())
        self.assert_nothing_restored()

    def test_a_file_that_is_not_json(self):
        self.assert_refused(
            self.upload("name,email\nAda,ada@example.org\n", "contacts.csv"),
            "it is not valid JSON (Expecting value at line 1, column 1)",
        )

    def test_a_file_that_is_not_text(self):
        self.assert_refused(self.upload(b"\x89PNG\r\n\x1a\n\xff\xfe"), "it is not text")

    def test_another_programs_json(self):
        self.assert_refused(
            self.upload({"name": "my-app", "version": "1.0"}),
            "another program&#x27;s JSON, not a Coffeechat backup",
        )
        self.assert_refused(self.upload([1, 2, 3]), "not a Coffeechat backup")
        self.assert_refused(
            self.upload({"format": "vendor-export"}),
            "This is a &#x27;vendor-export&#x27; file, not a Coffeechat backup",
        )

    def test_a_backup_of_another_version(self):
        newer = self.payload() | {"schema_version": 99}
        self.assert_refused(self.upload(newer), "schema version 99; this coffeechat reads up to 1")
        garbled = self.payload() | {"schema_version": "one"}
        self.assert_refused(self.upload(garbled), "schema version (&#x27;one&#x27;) is not")

    def test_a_backup_with_data_this_coffeechat_does_not_know(self):
        payload = self.payload()
        payload["models"]["weather.forecast"] = []
        self.assert_refused(self.upload(payload), "data this coffeechat does not know")

    @override_settings(COFFEECHAT_MAX_IMPORT_MB=0.004)
    def test_a_file_too_big(self):
        self.assert_refused(self.upload(self.backup), "KB; the web page takes backups up to 4.1")

    def test_an_empty_file_or_none(self):
        response = self.client.post(reverse("transfer:restore"), {})
        self.assertContains(response, "This field is required", status_code=400)
        self.assert_refused(self.upload(b""), "The submitted file is empty")


class ProblemTests(RestoreTestCase):
    def preview(self, payload):
        return self.client.get(self.upload(payload).url)

    def test_it_names_the_record_and_field_of_each_problem_and_offers_no_restore(self):
        payload = self.payload()
        payload["models"]["followup.actionitem"][0]["fields"]["contact"] = 99
        ada = payload["models"]["contacts.contact"][1]["fields"]
        ada["created"] = "2025-13-01T00:00:00+00:00"
        ada["role"] = "x" * 500
        payload["models"]["contacts.organisation"][0]["fields"]["name"] = None
        page = self.preview(payload)
        self.assertContains(page, "4 problems in the file stop the restore")
        for problem in (
            "Follow-up task 1 (Send thanks), field “contact”: it points to contact 99, "
            "which is not in the backup.",
            "Contact 2 (Ada Lovelace), field “created”:",
            "Contact 2 (Ada Lovelace), field “role”: the text is 500 characters long; "
            "this field takes at most",
            "Organisation 1, field “name”: the value is empty, and this field needs one.",
        ):
            self.assertContains(page, problem)
        self.assertNotContains(page, "/confirm/")
        batch = self.pending()
        response = self.client.post(f"/transfer/restore/{batch.pk}/confirm/")
        self.assertRedirects(response, f"/transfer/restore/{batch.pk}/")
        self.assert_nothing_restored()

    def test_malformed_records_are_problems_not_errors(self):
        payload = self.payload()
        payload["models"]["contacts.tag"] = "Mentors"
        payload["models"]["contacts.contact"].append({"id": 1, "fields": {}})
        payload["models"]["pipeline.conversation"][0]["fields"] = ["Learn"]
        page = self.preview(payload)
        self.assertContains(page, "Tag: this part of the file is not a list of records.")
        self.assertContains(page, "Contact 1: two records have this number.")
        self.assertContains(page, "Conversation 1: the record has no fields.")
        self.assertNotContains(page, "/confirm/")

    def test_records_that_would_clash_in_one_account_are_problems(self):
        payload = self.payload()
        tags = payload["models"]["contacts.tag"]
        tags.append({"id": 2, "fields": dict(tags[0]["fields"])})
        page = self.preview(payload)
        self.assertContains(
            page,
            "Tag 2 (Mentors), field “name”: tag 1 has the same value; an account holds only "
            "one of each.",
        )
        self.assertNotContains(page, "/confirm/")

    def test_a_field_from_a_newer_coffeechat_is_left_out_without_stopping_it(self):
        payload = self.payload()
        for row in payload["models"]["contacts.contact"]:
            row["fields"]["pronouns"] = "she/her"
        page = self.preview(payload)
        self.assertContains(page, "Left out: the field “pronouns” of 2 contacts")
        self.assertContains(page, "/confirm/")

    def test_it_lists_fifty_problems_and_counts_the_rest(self):
        payload = self.payload()
        payload["models"]["contacts.touchpoint"] = [
            {"id": n, "fields": {"contact": 99, "kind": "note"}} for n in range(1, 61)
        ]
        page = self.preview(payload)
        self.assertContains(page, "problems in the file stop the restore")
        self.assertContains(page, "more, not listed here.")
        problems = page.content.decode().split('id="restore-problems"')[1].split("</ul>")[0]
        self.assertEqual(problems.count("<li>Entry in a contact"), 50)
