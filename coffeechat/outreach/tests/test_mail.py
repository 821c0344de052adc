import email
from email import policy
from urllib.parse import unquote, urlsplit

from django.core import mail
from django.test import SimpleTestCase, override_settings

from coffeechat.core.mail import MailError, build_eml, mailto_url, send_email
from coffeechat.core.smtp_testing import Inbox, free_port, smtp_settings, start_server
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.outreach.models import RequestDraft
from coffeechat.pipeline.models import Stage


class MailtoAndEmlTests(SimpleTestCase):
    def test_it_encodes_a_mailto_url(self):
        url = mailto_url(
            "ana+x@example.org", "Coffee & a question?", "Hi Ana,\n\n20 min = ok? #1 100%"
        )
        self.assertTrue(url.startswith("mailto:ana%2Bx@example.org?subject="))
        self.assertNotIn(" ", url)
        self.assertNotIn("\n", url)
        query = urlsplit(url).query
        parts = dict(p.split("=", 1) for p in query.split("&"))
        self.assertEqual(set(parts), {"subject", "body"})
        self.assertEqual(unquote(parts["subject"]), "Coffee & a question?")
        self.assertEqual(unquote(parts["body"]), "Hi Ana,\r\n\r\n20 min = ok? #1 100%")

    def test_it_builds_an_rfc5322_utf8_eml(self):
        data = build_eml(
            sender="Zoë Müller <zoe@example.org>",
            to="priya@example.org",
            subject="Sam suggested I get in touch — merci",
            body="Hi Priya,\n\nCafé in the next 2–4 weeks?\n",
        )
        message = email.message_from_bytes(data, policy=policy.default)
        self.assertEqual(message["Subject"], "Sam suggested I get in touch — merci")
        self.assertEqual(message["To"], "priya@example.org")
        self.assertEqual(message["From"].addresses[0].display_name, "Zoë Müller")
        self.assertIsNotNone(message["Date"])
        self.assertIsNotNone(message["Message-ID"])
        self.assertEqual(message.get_content_charset(), "utf-8")
        self.assertEqual(
            message.get_content().replace("\r\n", "\n"),
            "Hi Priya,\n\nCafé in the next 2–4 weeks?\n",
        )
        # Headers stay ASCII on the wire (encoded words) and every line ends CRLF.
        head = data.split(b"\r\n\r\n", 1)[0]
        head.decode("ascii")
        self.assertNotIn(b"\n", data.replace(b"\r\n", b""))


class SmtpTests(BaseTestCase):
    def start_server(self, refuse: bool = False) -> tuple[Inbox, int]:
        return start_server(self, refuse=refuse)

    def message(self) -> mail.EmailMessage:
        return mail.EmailMessage(
            "Hello", "Hi Priya", "coffeechat@example.org", ["priya@example.org"]
        )

    def test_it_sends_through_a_real_smtp_server(self):
        handler, port = self.start_server()
        with smtp_settings(port):
            send_email(self.alice, self.message())
        self.assertEqual(len(handler.messages), 1)
        self.assertEqual(handler.messages[0].rcpt_tos, ["priya@example.org"])
        self.assertIn(b"Hi Priya", handler.messages[0].content)

    def test_it_explains_when_no_server_is_configured(self):
        with override_settings(EMAIL_CONFIGURED=False), self.assertRaises(MailError) as caught:
            send_email(self.alice, self.message())
        self.assertIn("No mail server is set up", str(caught.exception))

    def test_it_explains_a_refusal(self):
        _handler, port = self.start_server(refuse=True)
        with smtp_settings(port), self.assertRaises(MailError) as caught:
            send_email(self.alice, self.message())
        self.assertIn("refused", str(caught.exception))
        self.assertIn("550", str(caught.exception))

    def test_it_explains_a_server_that_is_down(self):
        with smtp_settings(free_port()), self.assertRaises(MailError) as caught:
            send_email(self.alice, self.message())
        self.assertIn("Could not reach the mail server", str(caught.exception))


class SendViewTests(SmtpTests):
    def setUp(self):
        super().setUp()
        contact = factories.contact(self.alice, "Priya Shah", emails=["priya@example.org"])
        self.conversation = factories.conversation(self.alice, contact, stage=Stage.REQUEST_DRAFTED)
        self.draft = RequestDraft.objects.create(
            user=self.alice,
            conversation=self.conversation,
            subject="Hello",
            body="Hi Priya, 20 min?",
        )
        self.login(self.alice)

    def test_it_sends_and_logs_the_request(self):
        handler, port = self.start_server()
        with smtp_settings(port):
            response = self.client.post(f"/outreach/drafts/{self.draft.pk}/send/")
        self.assertRedirects(
            response, f"/conversations/{self.conversation.pk}/", fetch_redirect_response=False
        )
        self.assertEqual(len(handler.messages), 1)
        self.draft.refresh_from_db()
        self.conversation.refresh_from_db()
        self.assertIsNotNone(self.draft.sent_at)
        self.assertEqual(self.conversation.stage, Stage.REQUESTED)
        touch = self.conversation.touchpoints.get()
        self.assertEqual((touch.kind, touch.channel), ("request", "email"))

    def assert_not_sent_but_kept(self, response, words: str):
        self.assertRedirects(
            response, f"/outreach/drafts/{self.draft.pk}/", fetch_redirect_response=False
        )
        page = self.client.get(response.url)
        self.assertContains(page, words)
        self.assertContains(page, "Your draft is kept")
        self.draft.refresh_from_db()
        self.conversation.refresh_from_db()
        self.assertIsNone(self.draft.sent_at)
        self.assertEqual(self.draft.body, "Hi Priya, 20 min?")
        self.assertEqual(self.conversation.stage, Stage.REQUEST_DRAFTED)
        self.assertFalse(self.conversation.touchpoints.exists())

    def test_a_refusing_server_keeps_the_draft(self):
        _handler, port = self.start_server(refuse=True)
        with smtp_settings(port):
            response = self.client.post(f"/outreach/drafts/{self.draft.pk}/send/")
            self.assert_not_sent_but_kept(response, "refused")

    def test_a_server_that_is_down_keeps_the_draft(self):
        with smtp_settings(free_port()):
            response = self.client.post(f"/outreach/drafts/{self.draft.pk}/send/")
            self.assert_not_sent_but_kept(response, "Could not reach the mail server")

    def test_it_is_post_only_and_private(self):
        self.assertEqual(
            self.client.get(f"/outreach/drafts/{self.draft.pk}/send/").status_code, 405
        )
        self.login(self.bob)
        self.assertEqual(
            self.client.post(f"/outreach/drafts/{self.draft.pk}/send/").status_code, 404
        )
