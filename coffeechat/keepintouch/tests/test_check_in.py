"""The keep-in-touch check-in composer: named slots, the coach as you type, sent or logged."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.test import override_settings

from coffeechat.contacts.models import Touchpoint
from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.extensions import today_items
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.keepintouch.checkin import compose
from coffeechat.keepintouch.models import SharedItem

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DUE = START + timedelta(days=31)
ANSWERS = {
    "slot-did_advice": "Joined the research ops meetup you mentioned.",
    "slot-read": "An article on district heating in Leeds",
    "slot-link": "https://example.org/heat",
    "slot-ask_after": "the heat network project you were starting",
    "slot-news": "I've started a part-time course in data analysis",
}


@time_machine.travel(DUE, tick=False)
class CheckInTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        with time_machine.travel(START, tick=False):
            self.priya = factories.contact(
                self.alice, "Priya Shah", emails=["priya@example.org"], keep_in_touch_days=30
            )
            log_touchpoint(self.priya, "meeting", text="Coffee")
        self.url = f"/keep-in-touch/contacts/{self.priya.pk}/check-in/"

    def test_the_contact_card_and_today_lead_to_it(self):
        page = self.client.get(f"/contacts/{self.priya.pk}/")
        self.assertContains(page, f'href="{self.url}"')
        [item] = [i for i in today_items(self.alice, DUE) if i.kind == "Keep in touch"]
        self.assertIn(
            ("Write a check-in", self.url), [(a.label, a.url) for a in item.extra_actions]
        )
        self.assertContains(self.client.get("/keep-in-touch/"), f'href="{self.url}"')

    def test_with_nothing_filled_it_is_a_short_hello_that_passes_the_coach(self):
        response = self.client.get(self.url)
        self.assertEqual(
            response.context["text"],
            "Hi Priya,\n\n"
            "It's been a while since we talked, and you came to mind. I hope all is well with "
            "you.\n\n"
            "If there's anything I can do for you in return, just say.\n\n"
            "Best wishes,\nAlice\n",
        )
        self.assertFalse([f for f in response.context["findings"] if f.severity == "problem"])
        self.assertContains(response, "What did you do with their advice?")
        self.assertContains(response, "not filled, so that sentence is left out")

    def test_it_starts_from_what_was_saved_for_them_without_its_private_note(self):
        SharedItem.objects.create(
            user=self.alice,
            contact=self.priya,
            title="Heat networks in 2026",
            url="https://example.org/heat",
            note="She is job hunting, so maybe she'd like this",
        )
        response = self.client.get(self.url)
        text = response.context["text"]
        self.assertIn(
            "I came across “Heat networks in 2026” and thought of you.\nhttps://example.org/heat",
            text,
        )
        self.assertNotIn("hunting", text)
        self.assertEqual(response.context["findings"], [])

    def test_it_writes_each_form_from_the_answers_and_passes_the_coach(self):
        email = self.client.get(self.url, ANSWERS)
        body = (
            "Hi Priya,\n\n"
            "It's been a while since we talked, and you came to mind. I hope the heat network "
            "project you were starting is going well.\n\n"
            "Since we talked, I took your advice and joined the research ops meetup you "
            "mentioned. On my side, I've started a part-time course in data analysis.\n\n"
            "I came across an article on district heating in Leeds and thought of you.\n"
            "https://example.org/heat\n\n"
            "If there's anything I can do for you in return, just say.\n\n"
        )
        self.assertEqual(email.context["text"], body + "Best wishes,\nAlice\n")
        self.assertEqual(email.context["findings"], [])
        message = self.client.get(self.url, {**ANSWERS, "channel": "linkedin-message"})
        self.assertEqual(message.context["text"], body + "Alice\n")
        self.assertEqual(message.context["findings"], [])

    def test_a_link_without_something_read_is_left_out(self):
        text = compose(
            first_name="Priya",
            profile={"my_name": "Alice"},
            answers={"link": "https://example.org/heat"},
            channel="email",
        )
        self.assertNotIn("example.org", text)

    def test_it_answers_a_live_check_with_the_findings_alone(self):
        response = self.client.post(
            self.url, {"do": "live", "text": "Hi Priya, are you hiring at the moment?"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, "hiring")
        self.assertFalse(Touchpoint.objects.filter(kind="update").exists())

    def test_marking_it_sent_logs_a_touch_shares_the_item_and_starts_the_cadence_again(self):
        item = SharedItem.objects.create(user=self.alice, contact=self.priya, title="Heat 2026")
        response = self.client.post(
            self.url,
            {"do": "mark", "channel": "email", "shared": item.pk, "text": "Hi Priya, “Heat 2026”"},
        )
        self.assertRedirects(response, f"/contacts/{self.priya.pk}/", fetch_redirect_response=False)
        touch = Touchpoint.objects.get(kind="update")
        self.assertEqual((touch.text, touch.channel), ("Hi Priya, “Heat 2026”", "email"))
        item.refresh_from_db()
        self.assertEqual(item.shared_on, DUE.date())
        self.assertEqual([i for i in today_items(self.alice, DUE) if i.kind == "Keep in touch"], [])

    def test_it_leaves_the_item_unshared_when_the_note_no_longer_names_it(self):
        item = SharedItem.objects.create(user=self.alice, contact=self.priya, title="Heat 2026")
        self.client.post(self.url, {"do": "mark", "shared": item.pk, "text": "Hi Priya"})
        item.refresh_from_db()
        self.assertIsNone(item.shared_on)

    def test_it_sends_through_the_one_mail_function(self):
        with override_settings(EMAIL_CONFIGURED=True, DEFAULT_FROM_EMAIL="app@example.org"):
            self.client.post(self.url, {"do": "send", "text": "Hi Priya, hello."})
        [sent] = mail.outbox
        self.assertEqual(sent.to, ["priya@example.org"])
        self.assertEqual(sent.subject, "Keeping in touch")
        self.assertEqual(sent.from_email, "Alice <app@example.org>")
        self.assertEqual(sent.reply_to, ["alice@example.org"])
        self.assertTrue(Touchpoint.objects.filter(kind="update").exists())

    def test_it_downloads_an_eml_without_logging(self):
        response = self.client.post(self.url, {"do": "eml", "text": "Hi Priya, hello."})
        self.assertEqual(response["Content-Type"], "message/rfc822")
        self.assertIn('filename="check-in-priya-shah.eml"', response["Content-Disposition"])
        self.assertFalse(Touchpoint.objects.filter(kind="update").exists())

    def test_without_a_name_it_says_so_and_links_to_the_profile(self):
        self.alice.profile.full_name = ""
        self.alice.profile.save()
        response = self.client.get(self.url)
        self.assertTrue(response.context["text"].endswith("just say.\n"))
        self.assertContains(response, "needs your name")
        self.assertContains(response, 'href="/accounts/profile/"')

    def test_it_keeps_outsiders_out(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, {"do": "mark"}).status_code, 404)
        self.assertFalse(Touchpoint.objects.filter(kind="update").exists())
