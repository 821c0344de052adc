"""The public request form: coached, honeypot, size limits, throttles, e-mail confirmation."""

import re

from django.core import mail
from django.test import override_settings

from coffeechat.core.testing import BaseTestCase
from coffeechat.hosting import availability
from coffeechat.hosting.models import HostRequest, Status
from coffeechat.hosting.tests.helpers import GOOD_REQUEST, host_page
from coffeechat.pipeline.models import Conversation, Kind, Stage


def link_in(message) -> str:
    return re.search(r"http://testserver(/h/requests/[^/\s]+/)", message.body).group(1)


@override_settings(EMAIL_CONFIGURED=True)
class RequestFormTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.page = host_page(self.alice)
        self.slot = availability.slot_value(availability.open_slots(self.page)[0])

    def send(self, **changes):
        return self.client.post("/h/alice-hosts/ask/", {**GOOD_REQUEST, **changes})

    def test_a_good_request_waits_for_the_address_to_be_confirmed(self):
        response = self.send(slots=[self.slot])
        self.assertRedirects(response, "/h/alice-hosts/sent/")
        host_request = HostRequest.objects.get()
        self.assertEqual(host_request.status, Status.UNCONFIRMED)
        self.assertEqual(host_request.preferred_slots, [self.slot])
        self.assertEqual(host_request.requester_zone, "Europe/Paris")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["sam@example.org"])
        # From the page's name, with no way to reach the host's own address yet.
        self.assertIn("Alice (via Coffeechat)", message.from_email)
        self.assertNotIn("alice@example.org", str(message.message()))
        # The host sees nothing yet: not in the inbox, not on the board.
        self.login(self.alice)
        self.assertNotContains(self.client.get("/hosting/inbox/"), "Sam Asker")
        self.assertFalse(Conversation.objects.filter(user=self.alice).exists())
        self.assertEqual(self.client.get(f"/hosting/inbox/{host_request.pk}/").status_code, 404)

    def test_the_link_confirms_by_a_button_not_by_opening_it(self):
        self.send()
        link = link_in(mail.outbox[0])
        response = self.client.get(link)
        self.assertContains(response, "Confirm and send my request")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(HostRequest.objects.get().status, Status.UNCONFIRMED)
        response = self.client.post(link, {"do": "confirm"})
        self.assertRedirects(response, link)
        host_request = HostRequest.objects.get()
        self.assertEqual(host_request.status, Status.NEW)
        conversation = host_request.conversation
        self.assertEqual(
            (conversation.user, conversation.kind, conversation.stage),
            (self.alice, Kind.HOSTING, Stage.HOST_REQUESTED),
        )
        self.assertEqual(conversation.contact.emails, ["sam@example.org"])
        self.assertEqual(mail.outbox[-1].to, ["alice@example.org"])  # the host is told
        self.login(self.alice)
        self.assertContains(self.client.get("/hosting/inbox/"), "Sam Asker")

    def test_the_coach_stops_a_job_ask_until_fixed_or_overridden(self):
        response = self.send(question_2="Are you hiring?")
        self.assertContains(response, "The coach found a problem", status_code=400)
        self.assertContains(response, "question.job-ask", status_code=400)
        self.assertContains(response, "Send it as it is", status_code=400)
        self.assertNotContains(response, "Specific questions and a clear aim", status_code=400)
        self.assertFalse(HostRequest.objects.exists())
        self.assertEqual(mail.outbox, [])

        response = self.send(question_2="Are you hiring?", override="on")
        self.assertRedirects(response, "/h/alice-hosts/sent/")
        host_request = HostRequest.objects.get()
        self.assertTrue(host_request.overridden)
        self.assertIn("question.job-ask", [f["rule"] for f in host_request.problems])

    def test_the_coach_reads_the_hosts_page_as_context(self):
        # The page says where Alice works: asking it is a question a search would answer.
        response = self.client.post(
            "/h/alice-hosts/ask/",
            {**GOOD_REQUEST, "do": "live", "question_1": "What do you do at Shopify?"},
        )
        self.assertContains(response, 'data-field="question_1"')
        self.assertContains(response, "question.searchable")
        self.assertNotContains(response, "Specific questions and a clear aim")
        self.assertFalse(HostRequest.objects.exists())

    def test_the_live_check_of_a_clean_request_is_all_clear(self):
        response = self.client.post("/h/alice-hosts/ask/", {**GOOD_REQUEST, "do": "live"})
        self.assertContains(response, "Specific questions and a clear aim")
        self.assertNotContains(response, "problem")

    def test_the_honeypot_keeps_nothing_and_tells_the_robot_nothing(self):
        response = self.send(website="http://spam.example")
        self.assertRedirects(response, "/h/alice-hosts/sent/")
        self.assertFalse(HostRequest.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_it_limits_sizes_and_names_the_field(self):
        response = self.send(about="x" * 1001, question_1="")
        self.assertContains(response, "at most 1000 characters", status_code=400)
        self.assertContains(response, "This field is required", status_code=400)
        self.assertFalse(HostRequest.objects.exists())

    def test_it_takes_only_open_slots(self):
        response = self.send(slots=["2020-01-01T10:00Z"])
        self.assertContains(response, "Select a valid choice", status_code=400)

    @override_settings(HOSTING_REQUESTS_PER_ADDRESS=2)
    def test_it_throttles_per_client_address_and_per_e_mail_address(self):
        self.send(email="one@example.org")
        self.send(email="two@example.org")
        response = self.send(email="three@example.org")
        self.assertContains(response, "several requests in the last hour", status_code=429)
        self.assertEqual(HostRequest.objects.count(), 2)
        # The same e-mail address from another client address is held too.
        HostRequest.objects.update(ip_address="10.0.0.9")
        HostRequest.objects.filter(email="two@example.org").delete()
        response = self.send(email="one@example.org")
        self.assertEqual(response.status_code, 302)
        response = self.send(email="one@example.org", REMOTE_ADDR="10.0.0.5")
        self.assertEqual(response.status_code, 429)

    @override_settings(HOSTING_REQUESTS_PER_HOST=1, HOSTING_REQUESTS_PER_ADDRESS=10)
    def test_it_throttles_per_host(self):
        HostRequest.objects.create(
            user=self.alice,
            page=self.page,
            name="Earlier",
            email="e@example.org",
            about="a",
            learn="b",
            ip_address="10.1.1.1",
        )
        response = self.send()
        self.assertContains(response, "many requests today", status_code=429)

    @override_settings(EMAIL_CONFIGURED=False)
    def test_without_mail_nothing_is_kept_and_the_visitor_is_told(self):
        response = self.send()
        self.assertContains(response, "could not send the confirmation", status_code=503)
        self.assertFalse(HostRequest.objects.exists())

    def test_an_unconfirmed_link_dies_after_two_days(self):
        from datetime import timedelta

        from django.utils import timezone

        self.send()
        link = link_in(mail.outbox[0])
        HostRequest.objects.update(created=timezone.now() - timedelta(days=3))
        self.assertEqual(self.client.get(link).status_code, 404)
        self.assertEqual(self.client.post(link, {"do": "confirm"}).status_code, 404)
