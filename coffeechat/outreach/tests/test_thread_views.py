"""'Paste the e-mail thread' on a conversation: preview first, then their reply is logged with
the date it arrived."""

from datetime import UTC, datetime
from pathlib import Path

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.outreach.models import Reply, RequestDraft
from coffeechat.pipeline.models import Stage

CORPUS = Path(__file__).parent / "threads"


class PasteThreadCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.priya = factories.contact(
            self.alice, "Priya Natarajan", emails=["priya@northwind.example"]
        )
        self.conversation = factories.conversation(self.alice, self.priya)
        # The user wrote the requests in the corpus.
        self.alice.email = "sam.taylor@example.org"
        self.alice.save()
        self.login(self.alice)
        self.url = f"/conversations/{self.conversation.pk}/reply/thread/"
        self.save_url = self.url + "save/"

    def send_request(self):
        """The request went out on Monday 3 March 2025."""
        self.client.post(
            f"/conversations/{self.conversation.pk}/drafts/new/",
            {"channel": "email", "template": ""},
        )
        draft = RequestDraft.objects.get(conversation=self.conversation)
        with time_machine.travel("2025-03-03 08:30Z", tick=False):
            self.client.post(f"/outreach/drafts/{draft.pk}/sent/")
        self.login(self.alice)

    def paste(self, name: str):
        return self.client.post(self.url, {"thread": (CORPUS / name).read_text("utf-8")})


class PreviewTests(PasteThreadCase):
    def test_the_conversation_page_links_to_it_once_the_request_is_sent(self):
        self.send_request()
        response = self.client.get(f"/conversations/{self.conversation.pk}/")
        self.assertContains(response, f'href="{self.url}"')

    def test_the_page_offers_a_paste_box_and_a_file_field(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'name="thread"')
        self.assertContains(response, 'type="file" name="eml" accept=".eml,message/rfc822"')
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertNotContains(response, "<script>")

    def test_a_paste_shows_the_thread_and_proposes_their_newest_message(self):
        response = self.paste("gmail_two_replies.txt")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "5 messages, newest first")
        self.assertContains(response, "Their reply")
        # Their newest message, with its date and text in the form to confirm.
        self.assertContains(response, 'value="2025-03-05T16:41"')
        self.assertContains(response, "Thursday 10:00 at the café on Park Street?")
        self.assertContains(response, f'action="{self.save_url}"')
        self.assertFalse(Reply.objects.exists(), "nothing is saved before the user confirms")
        self.assertFalse(self.priya.touchpoints.filter(kind="reply").exists())

    def test_a_dropped_eml_file_is_read(self):
        upload = SimpleUploadedFile(
            "reply.eml", (CORPUS / "outlook_html.eml").read_bytes(), "message/rfc822"
        )
        response = self.client.post(self.url, {"thread": "", "eml": upload})
        self.assertContains(response, "Natarajan, Priya &lt;priya@northwind.example&gt;")
        self.assertContains(response, 'value="2025-03-11T16:05"')
        self.assertFalse(Reply.objects.exists())

    def test_an_unnamed_reply_asks_the_user_to_check_it_and_give_the_date(self):
        response = self.paste("reply_from_window.txt")
        self.assertContains(response, "does not say who wrote the top message")
        self.assertContains(response, 'name="replied_at"')
        self.assertNotContains(response, 'name="replied_at" value=')

    def test_a_thread_without_the_contact_says_so(self):
        response = self.client.post(
            self.url,
            {
                "thread": "Hi!\n\nOn Tue, Mar 4, 2025 at 9:15 AM Alex Kim <alex@example.com> "
                "wrote:\n> Lunch?\n"
            },
        )
        self.assertContains(response, "None of these messages is from Priya Natarajan")
        self.assertContains(response, "priya@northwind.example")
        self.assertNotContains(response, f'action="{self.save_url}"')

    def test_empty_input_names_the_field(self):
        response = self.client.post(self.url, {"thread": " "})
        self.assertContains(response, "Paste the e-mail thread, or choose", status_code=400)

    def test_a_file_that_is_not_an_email_names_the_file_field(self):
        upload = SimpleUploadedFile("cv.eml", b"%PDF-1.7\n<< /Type /Catalog >>\n")
        response = self.client.post(self.url, {"eml": upload})
        self.assertContains(response, "has no From or Date header", status_code=400)
        self.assertContains(response, "Or a saved e-mail (.eml)", status_code=400)


class SaveTests(PasteThreadCase):
    def confirm(self, **fields):
        data = {"outcome": "yes", "replied_at": "2025-03-05T16:41", "note": "Thursday 10:00?"}
        data.update(fields)
        with time_machine.travel("2025-03-10 09:00Z", tick=False):
            self.login(self.alice)
            return self.client.post(self.save_url, data)

    def test_confirming_logs_the_reply_at_the_time_it_arrived(self):
        self.send_request()
        response = self.confirm()
        self.assertRedirects(
            response, f"/conversations/{self.conversation.pk}/", fetch_redirect_response=False
        )
        reply = Reply.objects.get()
        arrived = datetime(2025, 3, 5, 16, 41, tzinfo=UTC)
        # Monday's request, Wednesday's answer: two business days, not the five to the day
        # it was logged.
        self.assertEqual(
            (reply.outcome, str(reply.replied_on), reply.business_days), ("yes", "2025-03-05", 2)
        )
        touchpoint = self.priya.touchpoints.get(kind="reply")
        self.assertEqual((touchpoint.happened_at, touchpoint.channel), (arrived, "email"))
        self.assertIn("Thursday 10:00?", touchpoint.text)
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.replied_at, arrived)

    def test_a_no_closes_the_conversation_on_the_day_they_said_it(self):
        self.send_request()
        self.confirm(outcome="no")
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.DECLINED)
        self.assertEqual(
            self.conversation.stage_changed_at, datetime(2025, 3, 5, 16, 41, tzinfo=UTC)
        )

    def test_a_time_in_the_users_zone_is_stored_as_that_moment(self):
        self.alice.profile.time_zone = "Europe/Paris"
        self.alice.profile.save()
        self.send_request()
        self.confirm()
        touchpoint = self.priya.touchpoints.get(kind="reply")
        self.assertEqual(touchpoint.happened_at, datetime(2025, 3, 5, 15, 41, tzinfo=UTC))

    def test_a_missing_answer_or_date_keeps_the_preview_and_saves_nothing(self):
        response = self.confirm(outcome="", replied_at="")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "This field is required.", count=2, status_code=400)
        self.assertContains(response, "Thursday 10:00?", status_code=400)
        self.assertFalse(Reply.objects.exists())

    def test_a_date_in_the_future_is_refused(self):
        response = self.confirm(replied_at="2025-03-12T10:00")
        self.assertContains(response, "That is in the future", status_code=400)
        self.assertFalse(Reply.objects.exists())

    def test_a_referral_without_a_name_saves_nothing(self):
        response = self.confirm(outcome="referred")
        self.assertContains(response, "Who did they refer you to?", status_code=400)
        self.assertFalse(Reply.objects.exists())

    def test_another_users_conversation_is_a_404(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, {"thread": "Hi"}).status_code, 404)
        response = self.client.post(
            self.save_url, {"outcome": "yes", "replied_at": "2025-03-05T16:41"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Reply.objects.exists())
