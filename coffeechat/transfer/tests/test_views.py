from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coffeechat.contacts.models import Contact, Tag, Touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.followup.models import ActionItem
from coffeechat.pipeline.models import Conversation
from coffeechat.transfer.models import BatchStatus, ImportBatch, Phase
from coffeechat.transfer.tests.helpers import fixture


def upload(client, name, fmt="auto"):
    return client.post(
        reverse("transfer:upload"),
        {"file": SimpleUploadedFile(name, fixture(name)), "format": fmt},
    )


class ImportViewTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def test_it_uploads_previews_and_commits_a_linkedin_export(self):
        response = upload(self.client, "linkedin_old_resaved.csv")
        batch = ImportBatch.objects.get(user=self.alice)
        self.assertRedirects(response, reverse("transfer:batch", args=[batch.pk]))
        self.assertEqual((batch.format, batch.status), ("linkedin", BatchStatus.PENDING))
        preview = self.client.get(reverse("transfer:batch", args=[batch.pk]))
        self.assertContains(preview, '<td data-count="new">3</td>', html=True)
        self.assertContains(preview, '<td data-count="errors">2</td>', html=True)
        self.assertContains(preview, "Line 4 (Connected On)")
        self.assertContains(preview, "Alan")
        self.assertEqual(Contact.objects.count(), 0)
        response = self.client.post(reverse("transfer:commit", args=[batch.pk]))
        progress = reverse("transfer:progress", args=[batch.pk])
        self.assertRedirects(response, progress, fetch_redirect_response=False)
        page = self.client.get(progress)
        self.assertContains(page, "Imported")
        self.assertContains(page, '<strong data-count="new">3</strong>', html=True)
        self.assertContains(page, '<strong data-count="errors">2</strong>', html=True)
        self.assertNotContains(page, 'http-equiv="refresh"')
        state = self.client.get(progress, headers={"accept": "application/json"}).json()
        self.assertEqual((state["status"], state["summary"]["new"]), ("committed", 3))
        self.assertEqual(
            sorted(Contact.objects.filter(user=self.alice).values_list("family_name", flat=True)),
            ["Dijkstra", "Johnson", "Turing"],
        )
        batch.refresh_from_db()
        self.assertEqual(batch.status, BatchStatus.COMMITTED)
        self.assertEqual(batch.summary["new"], 3)
        self.assertEqual(bytes(batch.data), b"")
        # Committing again shows the finished import and imports nothing more.
        again = self.client.post(reverse("transfer:commit", args=[batch.pk]))
        self.assertRedirects(again, progress, fetch_redirect_response=False)
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 3)

    def test_it_cancels_leaving_nothing_behind(self):
        upload(self.client, "linkedin_current.csv")
        batch = ImportBatch.objects.get(user=self.alice)
        response = self.client.post(reverse("transfer:cancel", args=[batch.pk]))
        self.assertRedirects(response, reverse("transfer:index"))
        self.assertFalse(ImportBatch.objects.exists())
        self.assertFalse(Contact.objects.exists())

    def test_it_maps_columns_of_an_unknown_csv(self):
        response = upload(self.client, "generic.csv")
        batch = ImportBatch.objects.get(user=self.alice)
        self.assertRedirects(response, reverse("transfer:mapping", args=[batch.pk]))
        page = self.client.get(reverse("transfer:mapping", args=[batch.pk]))
        self.assertContains(page, "Courriel")
        bad = self.client.post(reverse("transfer:mapping", args=[batch.pk]), {"col_4": "role"})
        self.assertContains(bad, "at least one column")
        response = self.client.post(
            reverse("transfer:mapping", args=[batch.pk]),
            {
                "col_0": "family_name",
                "col_1": "given_name",
                "col_2": "emails",
                "col_3": "organisation",
                "col_4": "role",
            },
        )
        self.assertRedirects(response, reverse("transfer:batch", args=[batch.pk]))
        self.client.post(reverse("transfer:commit", args=[batch.pk]))
        marie = Contact.objects.get(user=self.alice, given_name="Marie")
        self.assertEqual(
            (marie.family_name, marie.emails, marie.source), ("Curie", ["marie@example.fr"], "csv")
        )

    def test_it_shows_refusals_clearly(self):
        self.client.post(
            reverse("transfer:upload"),
            {"file": SimpleUploadedFile("x.vcf", b"BEGIN:VCARD\n"), "format": "google"},
        )
        batch = ImportBatch.objects.get(user=self.alice)
        page = self.client.get(reverse("transfer:batch", args=[batch.pk]))
        self.assertContains(page, "does not look like a Google Contacts CSV")
        self.assertNotContains(page, 'id="commit-form"')

    def test_it_gives_outsiders_404_on_batches(self):
        upload(self.client, "linkedin_current.csv")
        batch = ImportBatch.objects.get(user=self.alice)
        self.login(self.bob)
        for name in ("transfer:batch", "transfer:mapping", "transfer:progress"):
            self.assertEqual(self.client.get(reverse(name, args=[batch.pk])).status_code, 404)
        for name in ("transfer:commit", "transfer:cancel"):
            self.assertEqual(self.client.post(reverse(name, args=[batch.pk])).status_code, 404)
        self.assertTrue(ImportBatch.objects.filter(pk=batch.pk).exists())
        self.assertFalse(Contact.objects.exists())

    def test_it_requires_post_to_commit_and_cancel(self):
        upload(self.client, "linkedin_current.csv")
        batch = ImportBatch.objects.get(user=self.alice)
        self.assertEqual(
            self.client.get(reverse("transfer:commit", args=[batch.pk])).status_code, 405
        )
        self.assertEqual(
            self.client.get(reverse("transfer:cancel", args=[batch.pk])).status_code, 405
        )

    def test_it_downloads_exports_of_my_data_only(self):
        Contact.objects.create(user=self.alice, display_name="Ada Lovelace")
        Contact.objects.create(user=self.bob, display_name="Bob's Friend")
        page = self.client.get(reverse("transfer:export"))
        self.assertContains(page, reverse("transfer:download_json"))
        for fmt in ("json", "csv", "vcard", "vcard4"):
            response = self.client.get(reverse(f"transfer:download_{fmt}"))
            body = response.content.decode()
            self.assertIn("attachment", response["Content-Disposition"])
            self.assertIn("Ada Lovelace", body)
            self.assertNotIn("Bob's Friend", body)
        self.assertEqual(self.client.get("/transfer/export/xml/").status_code, 404)


class MergeViewTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)
        self.keep = Contact.objects.create(
            user=self.alice, display_name="Ada Lovelace", emails=["ada@example.org"]
        )
        self.remove = Contact.objects.create(
            user=self.alice,
            display_name="Ada  Lovelace",
            emails=["ADA@example.org", "al@x.org"],
            role="Programmer",
            linkedin_url="https://linkedin.com/in/ada",
        )
        tag = Tag.objects.create(user=self.alice, name="Mentor")
        self.remove.tags.add(tag)
        Touchpoint.objects.create(
            user=self.alice,
            contact=self.remove,
            kind="note",
            happened_at="2025-01-01T00:00Z",
            text="Met at a conference",
        )
        Touchpoint.objects.create(
            user=self.alice,
            contact=self.keep,
            kind="note",
            happened_at="2025-02-01T00:00Z",
            text="Coffee",
        )
        self.conversation = Conversation.objects.create(user=self.alice, contact=self.remove)
        ActionItem.objects.create(user=self.alice, text="Send notes", contact=self.remove)
        self.referred = Contact.objects.create(
            user=self.alice, display_name="Referred", referred_by=self.remove
        )

    def test_it_lists_likely_duplicates(self):
        page = self.client.get(reverse("transfer:duplicates"))
        self.assertContains(page, "Same name: ada lovelace")
        self.assertContains(
            page, reverse("transfer:merge_review", args=[self.keep.pk]) + f"?other={self.remove.pk}"
        )

    def test_it_merges_keeping_both_timelines(self):
        review = self.client.get(
            reverse("transfer:merge_review", args=[self.keep.pk]) + f"?other={self.remove.pk}"
        )
        self.assertContains(review, "Merge")
        response = self.client.post(
            reverse("transfer:merge"), {"keep": self.keep.pk, "remove": self.remove.pk}
        )
        self.assertRedirects(response, self.keep.get_absolute_url(), fetch_redirect_response=False)
        self.assertFalse(Contact.objects.filter(pk=self.remove.pk).exists())
        self.keep.refresh_from_db()
        self.assertEqual(self.keep.emails, ["ada@example.org", "al@x.org"])
        self.assertEqual(self.keep.role, "Programmer")
        self.assertEqual(self.keep.linkedin_key, "linkedin.com/in/ada")
        self.assertEqual(self.keep.touchpoints.count(), 2)
        self.assertEqual(list(self.keep.conversations.all()), [self.conversation])
        self.assertEqual(self.keep.action_items.count(), 1)
        self.assertEqual([t.name for t in self.keep.tags.all()], ["Mentor"])
        self.referred.refresh_from_db()
        self.assertEqual(self.referred.referred_by, self.keep)
        self.assertEqual(self.client.get(reverse("transfer:duplicates")).context["groups"], [])

    def test_it_gives_outsiders_404_on_merge(self):
        self.login(self.bob)
        mine = Contact.objects.create(user=self.bob, display_name="Bob's contact")
        self.assertEqual(
            self.client.get(
                reverse("transfer:merge_review", args=[self.keep.pk]) + f"?other={self.remove.pk}"
            ).status_code,
            404,
        )
        response = self.client.post(
            reverse("transfer:merge"), {"keep": mine.pk, "remove": self.remove.pk}
        )
        self.assertEqual(response.status_code, 404)
        response = self.client.post(
            reverse("transfer:merge"), {"keep": self.keep.pk, "remove": mine.pk}
        )
        self.assertEqual(response.status_code, 404)
        self.assertTrue(Contact.objects.filter(pk=self.remove.pk).exists())
        self.assertTrue(Contact.objects.filter(pk=mine.pk).exists())
        self.assertEqual(self.client.get(reverse("transfer:merge")).status_code, 405)


class ImportProgressPageTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)
        upload(self.client, "linkedin_current.csv")
        self.batch = ImportBatch.objects.get(user=self.alice)
        self.url = reverse("transfer:progress", args=[self.batch.pk])

    def test_a_pending_batch_goes_back_to_its_preview(self):
        self.assertRedirects(
            self.client.get(self.url), reverse("transfer:batch", args=[self.batch.pk])
        )

    def test_a_running_import_refreshes_itself_without_scripts(self):
        ImportBatch.objects.filter(pk=self.batch.pk).update(
            status=BatchStatus.RUNNING, phase=Phase.READING
        )
        page = self.client.get(self.url)
        self.assertContains(page, '<noscript><meta http-equiv="refresh" content="2"></noscript>')
        self.assertContains(page, "Reading the file and matching it")
        # A second click on "Import" while it runs starts nothing new.
        again = self.client.post(reverse("transfer:commit", args=[self.batch.pk]))
        self.assertRedirects(again, self.url, fetch_redirect_response=False)
        self.assertFalse(Contact.objects.exists())

    def test_an_import_left_running_by_a_stopped_server_is_reported_as_interrupted(self):
        ImportBatch.objects.filter(pk=self.batch.pk).update(
            status=BatchStatus.RUNNING,
            phase=Phase.SAVING,
            updated=timezone.now() - timedelta(hours=1),
        )
        page = self.client.get(self.url)
        self.assertContains(page, "Import stopped")
        self.assertContains(page, "interrupted")
        self.assertNotContains(page, 'http-equiv="refresh"')

    def test_a_failed_import_says_why_and_saved_nothing(self):
        ImportBatch.objects.filter(pk=self.batch.pk).update(
            status=BatchStatus.FAILED, error="Something went wrong while saving."
        )
        page = self.client.get(self.url)
        self.assertContains(page, "Import stopped")
        self.assertContains(page, "Something went wrong while saving.")
        self.assertContains(page, "Upload the file again")
