import email
from email import policy

import time_machine
from django.utils import timezone

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.outreach.models import DraftKind, Reply, RequestDraft, RequestTemplate
from coffeechat.pipeline.models import Stage


class OutreachViewCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.org = factories.organisation(self.alice, "Shopify", research_notes="Merchants first.")
        self.sam = factories.contact(self.alice, "Sam Reed")
        self.priya = factories.contact(
            self.alice,
            "Priya Shah",
            org=self.org,
            referred_by=self.sam,
            emails=["priya@example.org"],
            research_notes="Runs diary studies with merchants.",
        )
        self.conversation = factories.conversation(self.alice, self.priya)
        self.login(self.alice)

    def new_draft(self, **fields) -> RequestDraft:
        self.client.post(
            f"/conversations/{self.conversation.pk}/drafts/new/",
            {"channel": fields.pop("channel", "email"), "template": fields.pop("template", "")},
        )
        return RequestDraft.objects.get(conversation=self.conversation)


class ComposeTests(OutreachViewCase):
    def test_it_offers_templates_when_there_is_no_draft(self):
        response = self.client.get(f"/conversations/{self.conversation.pk}/compose/")
        self.assertContains(response, "Referral (built in)")
        self.assertFalse(RequestDraft.objects.exists())

    def test_it_creates_a_draft_from_a_template(self):
        response = self.client.post(
            f"/conversations/{self.conversation.pk}/drafts/new/",
            {"channel": "email", "template": "referral"},
        )
        draft = RequestDraft.objects.get()
        self.assertRedirects(response, f"/outreach/drafts/{draft.pk}/")
        self.assertEqual(draft.builtin, "referral")
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.REQUEST_DRAFTED)

    def test_compose_opens_the_latest_unsent_draft(self):
        draft = self.new_draft()
        response = self.client.get(f"/conversations/{self.conversation.pk}/compose/")
        self.assertRedirects(response, f"/outreach/drafts/{draft.pk}/")

    def test_it_shows_the_unknown_placeholder_on_the_form(self):
        broken = RequestTemplate.objects.create(user=self.alice, name="Old", body="Hi {nick}")
        response = self.client.post(
            f"/conversations/{self.conversation.pk}/drafts/new/",
            {"channel": "email", "template": str(broken.pk)},
            follow=True,
        )
        self.assertContains(response, "Unknown placeholder {nick}")
        self.assertFalse(RequestDraft.objects.exists())

    def test_the_draft_page_shows_research_findings_and_send_tools(self):
        draft = self.new_draft()
        response = self.client.get(f"/outreach/drafts/{draft.pk}/")
        self.assertContains(response, "Runs diary studies with merchants.")
        self.assertContains(response, "Merchants first.")
        self.assertContains(response, 'aria-live="polite"')
        self.assertContains(
            response, 'href="mailto:priya@example.org?subject=Sam%20Reed%20suggested'
        )
        self.assertContains(response, "Download .eml")

    def test_saving_shows_findings_without_javascript(self):
        draft = self.new_draft()
        response = self.client.post(
            f"/outreach/drafts/{draft.pk}/",
            {"channel": "email", "subject": "Hi", "body": "Are you hiring? Here is my CV."},
            follow=True,
        )
        draft.refresh_from_db()
        self.assertEqual(draft.body, "Are you hiring? Here is my CV.")
        self.assertContains(response, "Leave out jobs")
        self.assertContains(
            response, "Source: Informational interviews: why and how? (Magdalena Mot)"
        )
        self.assertNotContains(response, "534f4aae")

    def test_the_check_endpoint_returns_findings_as_json(self):
        draft = self.new_draft()
        response = self.client.post(
            f"/outreach/drafts/{draft.pk}/check/", {"body": "x" * 301, "channel": "linkedin-note"}
        )
        data = response.json()
        self.assertEqual(data["characters"], 301)
        self.assertIn("request.too-long", [f["rule"] for f in data["findings"]])
        self.assertEqual(
            set(data["findings"][0]), {"rule", "severity", "message", "source", "start", "end"}
        )
        draft.refresh_from_db()
        self.assertNotEqual(draft.body, "x" * 301)

    def test_it_returns_the_pages_findings_fragment_to_a_client_asking_for_html(self):
        draft = self.new_draft()
        response = self.client.post(
            f"/outreach/drafts/{draft.pk}/check/",
            {"body": "Are you hiring? Here is my CV.", "channel": "email"},
            headers={"Accept": "text/html"},
        )
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")
        self.assertTemplateUsed(response, "coach/_findings.html")
        self.assertContains(
            response, '<li class="finding problem" data-rule="request.mentions-job"'
        )
        self.assertContains(
            response, "Source: Informational interviews: why and how? (Magdalena Mot)"
        )
        self.assertNotContains(response, ".txt")
        self.assertNotContains(response, "<html")

    def test_it_says_all_clear_in_the_fragment_as_on_the_page(self):
        draft = self.new_draft(template="referral")
        page = self.client.get(f"/outreach/drafts/{draft.pk}/")
        self.assertEqual(page.context["findings"], [])
        fragment = self.client.post(
            f"/outreach/drafts/{draft.pk}/check/",
            {"body": draft.body, "channel": draft.channel},
            headers={"Accept": "text/html"},
        )
        html = fragment.content.decode().strip()
        self.assertIn("Nothing to fix", html)
        self.assertContains(page, html, html=True)

    def test_apply_refills_the_draft_for_another_channel(self):
        draft = self.new_draft()
        self.client.post(
            f"/outreach/drafts/{draft.pk}/apply/",
            {"start-channel": "linkedin-note", "start-template": "referral"},
        )
        draft.refresh_from_db()
        self.assertEqual(draft.channel, "linkedin-note")
        self.assertLessEqual(len(draft.body), 300)
        self.assertEqual(draft.subject, "")

    def test_it_downloads_an_eml(self):
        draft = self.new_draft()
        response = self.client.get(f"/outreach/drafts/{draft.pk}/eml/")
        self.assertEqual(response["Content-Type"], "message/rfc822")
        self.assertIn('filename="request-priya-shah.eml"', response["Content-Disposition"])
        message = email.message_from_bytes(response.content, policy=policy.default)
        self.assertEqual(message["To"], "priya@example.org")
        self.assertEqual(message["Subject"], draft.subject)
        self.assertIn("Sam Reed suggested", message.get_content())

    def test_mark_as_sent_logs_a_touchpoint_and_moves_to_requested(self):
        draft = self.new_draft()
        with time_machine.travel("2026-03-06 10:00Z", tick=False):
            self.client.post(f"/outreach/drafts/{draft.pk}/sent/")
        draft.refresh_from_db()
        self.conversation.refresh_from_db()
        self.assertEqual(draft.sent_at.isoformat(), "2026-03-06T10:00:00+00:00")
        self.assertEqual(self.conversation.stage, Stage.REQUESTED)
        self.assertEqual(self.conversation.requested_at, draft.sent_at)
        touch = self.priya.touchpoints.get()
        self.assertEqual((touch.kind, touch.channel), ("request", "email"))
        self.assertIn(draft.body, touch.text)

    def test_a_sent_follow_up_logs_a_follow_up_touchpoint(self):
        draft = self.new_draft()
        self.client.post(f"/outreach/drafts/{draft.pk}/sent/")
        response = self.client.post(f"/conversations/{self.conversation.pk}/follow-up/")
        follow_up = RequestDraft.objects.get(kind=DraftKind.FOLLOW_UP)
        self.assertRedirects(response, f"/outreach/drafts/{follow_up.pk}/")
        # Asking again opens the same unsent follow-up rather than making another.
        self.client.post(f"/conversations/{self.conversation.pk}/follow-up/")
        self.assertEqual(RequestDraft.objects.filter(kind=DraftKind.FOLLOW_UP).count(), 1)
        self.client.post(f"/outreach/drafts/{follow_up.pk}/sent/")
        self.assertEqual(
            sorted(self.priya.touchpoints.values_list("kind", flat=True)), ["follow_up", "request"]
        )

    def test_delete_removes_the_draft(self):
        draft = self.new_draft()
        self.client.post(f"/outreach/drafts/{draft.pk}/delete/")
        self.assertFalse(RequestDraft.objects.exists())


class ReplyTests(OutreachViewCase):
    def sent(self) -> RequestDraft:
        draft = self.new_draft()
        with time_machine.travel("2026-03-06 10:00Z", tick=False):  # a Friday
            self.client.post(f"/outreach/drafts/{draft.pk}/sent/")
        # The session saved in March has expired by the real date: sign in again.
        self.login(self.alice)
        return draft

    def test_it_logs_a_reply_with_business_days(self):
        self.sent()
        self.client.post(
            f"/conversations/{self.conversation.pk}/reply/",
            {"outcome": "yes", "replied_on": "2026-03-10", "note": "Next Thursday"},
        )
        reply = Reply.objects.get()
        self.assertEqual((reply.outcome, reply.business_days), ("yes", 2))
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.REQUESTED)
        self.assertIsNotNone(self.conversation.replied_at)
        self.assertTrue(self.priya.touchpoints.filter(kind="reply").exists())

    def test_a_no_closes_the_conversation(self):
        self.sent()
        self.client.post(
            f"/conversations/{self.conversation.pk}/reply/",
            {"outcome": "no", "replied_on": "2026-03-06"},
        )
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.DECLINED)
        self.assertEqual(Reply.objects.get().business_days, 0)

    def test_a_referral_creates_a_contact_conversation_and_draft(self):
        self.sent()
        response = self.client.post(
            f"/conversations/{self.conversation.pk}/reply/",
            {
                "outcome": "referred",
                "replied_on": "2026-03-09",
                "referral_name": "Tomás Ortega",
                "referral_organisation": "Shopify Inc.",
                "referral_email": "tomas@example.org",
            },
        )
        tomas = Contact.objects.get(display_name="Tomás Ortega")
        self.assertEqual(
            (tomas.referred_by, tomas.relationship, tomas.source, tomas.organisation),
            (self.priya, "referral", "referral", self.org),
        )
        self.assertEqual(tomas.emails, ["tomas@example.org"])
        conversation = tomas.conversations.get()
        self.assertEqual(conversation.stage, Stage.REQUEST_DRAFTED)
        draft = conversation.request_drafts.get()
        self.assertIn("Priya Shah suggested I contact you", draft.body)
        self.assertRedirects(response, f"/outreach/drafts/{draft.pk}/")
        self.assertEqual(Reply.objects.get().referred_contact, tomas)

    def test_a_referral_needs_a_name(self):
        self.sent()
        response = self.client.post(
            f"/conversations/{self.conversation.pk}/reply/",
            {"outcome": "referred", "replied_on": "2026-03-09"},
            follow=True,
        )
        self.assertContains(response, "Who did they refer you to?")
        self.assertFalse(Reply.objects.exists())

    def test_no_response_closes_the_conversation(self):
        self.sent()
        self.client.post(f"/conversations/{self.conversation.pk}/no-response/")
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.NO_RESPONSE)


class TemplateViewTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def test_it_lists_builtins_and_mine(self):
        RequestTemplate.objects.create(
            user=self.alice, name="Alumni, short", body="Hi {first_name}"
        )
        RequestTemplate.objects.create(user=self.bob, name="Bob's secret", body="Hi")
        response = self.client.get("/outreach/templates/")
        self.assertContains(response, "Alumni, short")
        self.assertContains(response, "Met at an event")
        self.assertNotContains(response, "Bob's secret")

    def test_it_creates_a_template(self):
        self.client.post(
            "/outreach/templates/new/",
            {
                "name": "Mine",
                "kind": "custom",
                "channel": "email",
                "subject": "Hi",
                "body": "Hi {first_name}",
            },
        )
        template = RequestTemplate.objects.get()
        self.assertEqual((template.user, template.body), (self.alice, "Hi {first_name}"))

    def test_it_rejects_an_unknown_placeholder_naming_it(self):
        response = self.client.post(
            "/outreach/templates/new/",
            {
                "name": "Mine",
                "kind": "custom",
                "channel": "email",
                "subject": "",
                "body": "Hi {firstname}",
            },
        )
        self.assertContains(response, "Unknown placeholder {firstname}")
        self.assertFalse(RequestTemplate.objects.exists())

    def test_it_edits_and_deletes(self):
        template = RequestTemplate.objects.create(user=self.alice, name="Mine", body="Hi")
        self.client.post(
            f"/outreach/templates/{template.pk}/",
            {"name": "Renamed", "kind": "cold", "channel": "email", "subject": "", "body": "Hello"},
        )
        template.refresh_from_db()
        self.assertEqual((template.name, template.body), ("Renamed", "Hello"))
        self.assertEqual(
            self.client.get(f"/outreach/templates/{template.pk}/delete/").status_code, 405
        )
        self.client.post(f"/outreach/templates/{template.pk}/delete/")
        self.assertFalse(RequestTemplate.objects.exists())


class PrivacyTests(OutreachViewCase):
    def test_outsiders_get_404_and_mutations_are_post_only(self):
        draft = self.new_draft()
        template = RequestTemplate.objects.create(user=self.alice, name="Mine", body="Hi")
        post_only = [
            f"/conversations/{self.conversation.pk}/drafts/new/",
            f"/conversations/{self.conversation.pk}/reply/",
            f"/conversations/{self.conversation.pk}/follow-up/",
            f"/conversations/{self.conversation.pk}/no-response/",
            f"/outreach/drafts/{draft.pk}/apply/",
            f"/outreach/drafts/{draft.pk}/check/",
            f"/outreach/drafts/{draft.pk}/send/",
            f"/outreach/drafts/{draft.pk}/sent/",
            f"/outreach/drafts/{draft.pk}/delete/",
            f"/outreach/templates/{template.pk}/delete/",
            f"/outreach/next/{self.priya.pk}/start/",
        ]
        for url in post_only:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 405)
        self.login(self.bob)
        for url in post_only + [
            f"/conversations/{self.conversation.pk}/compose/",
            f"/outreach/drafts/{draft.pk}/",
            f"/outreach/drafts/{draft.pk}/eml/",
            f"/outreach/templates/{template.pk}/",
        ]:
            with self.subTest(url=url):
                response = self.client.post(url, {"outcome": "no", "replied_on": "2026-03-06"})
                self.assertEqual(response.status_code, 404)
        draft.refresh_from_db()
        self.assertIsNone(draft.sent_at)
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.REQUEST_DRAFTED)

    def test_anonymous_users_are_sent_to_sign_in(self):
        self.client.logout()
        response = self.client.get("/outreach/next/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response.url)


class PanelTests(OutreachViewCase):
    def test_the_conversation_page_shows_the_request_panel(self):
        response = self.client.get(f"/conversations/{self.conversation.pk}/")
        self.assertContains(response, f'href="/conversations/{self.conversation.pk}/compose/"')
        draft = self.new_draft()
        self.client.post(f"/outreach/drafts/{draft.pk}/sent/")
        response = self.client.get(f"/conversations/{self.conversation.pk}/")
        self.assertContains(response, "Log their reply")
        self.assertContains(response, "sent " + timezone.localdate().strftime("%-d %b"))
