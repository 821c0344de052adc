import email
from datetime import UTC, date, datetime, timedelta
from email import policy
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.extensions import today_items
from coffeechat.core.smtp_testing import Inbox, free_port, smtp_settings, start_server
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.core.tests import factories

NOW = datetime(2026, 9, 14, 6, 30, tzinfo=UTC)


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@time_machine.travel(NOW, tick=False)
class TodayCommandTests(BaseTestCase):
    def test_it_prints_one_line_per_item_with_kind_when_and_overdue(self):
        priya = factories.contact(self.alice, "Priya Shah")
        factories.action(self.alice, "Send the article", due=date(2026, 9, 12), contact=priya)
        factories.action(self.alice, "Read her paper", due=date(2026, 9, 16))
        factories.action(self.bob, "Bob's own", due=date(2026, 9, 12))
        out, _ = run("today", "--user", "alice")
        lines = out.strip().splitlines()
        self.assertEqual(lines[0], "[Action] Send the article — Sat 12 Sep (OVERDUE)")
        self.assertIn("[Action] Read her paper — Wed 16 Sep", lines)
        self.assertNotIn("Bob's own", out)

    def test_it_says_when_nothing_is_due_and_refuses_an_unknown_user(self):
        self.assertEqual(run("today", "--user", "bob")[0], "Nothing is due today.\n")
        with self.assertRaises(CommandError):
            run("today", "--user", "nobody")


@time_machine.travel(NOW, tick=False)
class DigestTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        for user in (self.alice, self.bob):
            user.profile.digest_opt_in = True
            user.profile.save()
        self.priya = factories.contact(self.alice, "Priya Shah", keep_in_touch_days=30)
        log_touchpoint(self.priya, "reply", at=NOW - timedelta(days=40))
        factories.action(self.alice, "Send <the> article", due=date(2026, 9, 10))
        # Carol has things due but did not opt in; Dan opted in but has no address.
        carol = make_user("carol")
        factories.action(carol, "Carol's", due=date(2026, 9, 10))
        dan = make_user("dan")
        dan.email = ""
        dan.save()
        dan.profile.digest_opt_in = True
        dan.profile.save()
        factories.action(dan, "Dan's", due=date(2026, 9, 10))

    def start_server(self) -> tuple[Inbox, int]:
        return start_server(self)

    def test_it_mails_the_list_over_smtp_to_opted_in_users_with_something_due(self):
        inbox, port = self.start_server()
        with smtp_settings(port):
            out, _ = run("digest", "--base-url", "https://coffee.example.org/")
        self.assertEqual(out.strip(), "Digest: sent 1, nothing due for 1, failed 0.")
        self.assertEqual(len(inbox.envelopes), 1)
        envelope = inbox.envelopes[0]
        self.assertEqual(envelope.rcpt_tos, ["alice@example.org"])
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        count = len(today_items(self.alice, NOW))  # other apps add their own items too
        self.assertEqual(message["Subject"], f"Coffeechat — {count} things for Mon 14 Sep")
        # core.mail's one rule: the user's name at the instance's address, replies to the user.
        self.assertEqual(message["From"].addresses[0].addr_spec, "coffeechat@example.org")
        self.assertEqual(message["Reply-To"], "alice@example.org")
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        self.assertIn("- [Action] Send <the> article — Thu 10 Sep (OVERDUE)", text)
        self.assertIn("[Keep in touch] Keep in touch with Priya Shah", text)
        self.assertIn(f"https://coffee.example.org/contacts/{self.priya.pk}/", text)
        self.assertIn("Send &lt;the&gt; article", html)
        self.assertIn(f'href="https://coffee.example.org/contacts/{self.priya.pk}/"', html)
        self.assertIn("overdue · Thu 10 Sep", html)
        self.assertNotIn("Carol", text + html)

    def test_it_reports_a_server_that_cannot_be_reached(self):
        with smtp_settings(free_port()), self.assertRaises(CommandError):
            run("digest")

    def test_it_refuses_to_run_without_a_mail_server(self):
        with override_settings(EMAIL_CONFIGURED=False), self.assertRaises(CommandError) as caught:
            run("digest")
        self.assertIn("EMAIL_URL", str(caught.exception))
        self.assertEqual(mail.outbox, [])

    def test_it_lists_who_would_get_one_on_a_dry_run(self):
        with override_settings(EMAIL_CONFIGURED=False):
            out, _ = run("digest", "--dry-run")
        self.assertIn("would send to alice", out)
        self.assertIn("Digest: would send 1, nothing due for 1, failed 0.", out)
        self.assertEqual(mail.outbox, [])

    def test_it_hands_each_users_digest_to_the_task_workers_with_queue(self):
        # The test settings run tasks at once (the immediate backend), as a worker would.
        with override_settings(EMAIL_CONFIGURED=True):
            out, _ = run("digest", "--queue")
        self.assertEqual(out.strip(), "Digest: queued 2 for the workers.")
        self.assertEqual([m.to for m in mail.outbox], [["alice@example.org"]])

    def test_it_sends_nothing_when_nothing_is_due(self):
        self.alice.profile.digest_opt_in = False
        self.alice.profile.save()
        with override_settings(EMAIL_CONFIGURED=True):
            out, _ = run("digest")
        self.assertEqual(mail.outbox, [])
        self.assertIn("sent 0, nothing due for 1", out)
