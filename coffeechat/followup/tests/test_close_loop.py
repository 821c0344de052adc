"""The close-the-loop composer: what came of it as a slot, the coach as you type, and sending
through the one mail function."""

from datetime import UTC, datetime

import time_machine
from django.core import mail
from django.test import override_settings

from coffeechat.contacts.models import Touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.followup.models import Origin

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class CloseTheLoopTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.priya = factories.contact(self.alice, "Priya Shah", emails=["priya@example.org"])
        self.item = factories.action(
            self.alice, "Talk to Priya's colleague in the data team", contact=self.priya
        )
        self.item.origin, self.item.done, self.item.done_at = Origin.ADVICE, True, NOW
        self.item.save()
        self.page = f"/actions/{self.item.pk}/close-loop/"
        self.sent = f"/actions/{self.item.pk}/update-sent/"

    def test_the_page_checks_the_draft_and_asks_what_came_of_it(self):
        response = self.client.get(self.page)
        self.assertEqual(response.context["findings"], [])
        self.assertContains(response, 'data-live-check="update-findings"')
        self.assertContains(response, "coach/live.js")
        self.assertContains(response, "What came of it?")
        self.assertContains(response, "not filled, so that sentence is left out")

    def test_what_came_of_it_completes_its_sentence(self):
        response = self.client.get(self.page, {"slot-outcome": "A trial week with their team."})
        self.assertEqual(
            response.context["text"],
            "Hi Priya,\n\n"
            "When we talked, you suggested I talk to your colleague in the data team. I have now "
            "done it, and it led to a trial week with their team.\n\n"
            "Thank you again for the advice.\n\n"
            "Alice",
        )

    def test_a_kept_promise_asks_nothing_more(self):
        self.item.origin = Origin.PROMISE
        self.item.save()
        self.assertNotContains(self.client.get(self.page), "What came of it?")

    def test_it_answers_a_live_check_with_the_findings_alone_and_logs_nothing(self):
        response = self.client.post(
            self.sent, {"do": "live", "text": "Hi Priya, is there an opening in your team?"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, "opening")
        self.assertContains(response, 'class="finding problem"')
        self.assertFalse(Touchpoint.objects.exists())

    def test_check_again_shows_the_page_with_the_findings_for_the_text(self):
        response = self.client.post(
            self.sent, {"do": "check", "text": "Hi Priya, could you forward my résumé?"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("thankyou.mentions-job", [f.rule for f in response.context["findings"]])
        self.assertContains(response, "could you forward my résumé?")
        self.assertFalse(Touchpoint.objects.exists())

    def test_it_sends_through_the_one_mail_function_and_logs_it(self):
        with override_settings(EMAIL_CONFIGURED=True, DEFAULT_FROM_EMAIL="app@example.org"):
            page = self.client.get(self.page)
            self.assertContains(page, "Send by e-mail")
            self.client.post(self.sent, {"do": "send", "text": "Hi Priya, it went well."})
        [sent] = mail.outbox
        self.assertEqual((sent.to, sent.subject), (["priya@example.org"], "A quick update"))
        self.assertEqual(sent.from_email, "Alice <app@example.org>")
        self.assertEqual(sent.reply_to, ["alice@example.org"])
        touch = Touchpoint.objects.get(kind="update")
        self.assertEqual((touch.text, touch.channel), ("Hi Priya, it went well.", "email"))

    def test_a_failed_send_keeps_the_draft_and_logs_nothing(self):
        response = self.client.post(self.sent, {"do": "send", "text": "Hi Priya, it went well."})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "No mail server is set up")
        self.assertContains(response, "Hi Priya, it went well.")
        self.assertFalse(Touchpoint.objects.exists())

    def test_it_signs_with_the_name_you_go_by_or_asks_for_one(self):
        self.alice.profile.preferred_name = "Ali"
        self.alice.profile.save()
        self.assertTrue(self.client.get(self.page).context["text"].endswith("\n\nAli"))
        self.alice.profile.preferred_name = self.alice.profile.full_name = ""
        self.alice.profile.save()
        response = self.client.get(self.page)
        self.assertTrue(response.context["text"].endswith("Thank you again for the advice."))
        self.assertContains(response, "needs your name")
        self.assertContains(response, 'href="/accounts/profile/"')

    def test_outsiders_get_nothing_checked(self):
        self.login(self.bob)
        self.assertEqual(self.client.post(self.sent, {"do": "live", "text": "x"}).status_code, 404)
