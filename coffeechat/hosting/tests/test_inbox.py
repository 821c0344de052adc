"""The host's inbox: accept with times, decline kindly, ask back; booking, invitations, notes."""

import re
from datetime import timedelta

from django.core import mail
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar

from coffeechat.core.testing import BaseTestCase
from coffeechat.hosting import availability, services
from coffeechat.hosting.models import HostRequest, Status
from coffeechat.hosting.tests.helpers import GOOD_REQUEST, host_page
from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.pipeline.models import Stage


def ics_of(message) -> Calendar:
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no invitation attached")


@override_settings(EMAIL_CONFIGURED=True)
class InboxTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.page = host_page(self.alice, decline_text="Hello {first_name}, not this month.")
        self.slots = [availability.slot_value(s) for s in availability.open_slots(self.page)[:3]]
        self.client.post("/h/alice-hosts/ask/", {**GOOD_REQUEST, "slots": self.slots[:2]})
        self.link = re.search(r"testserver(/h/requests/\S+/)", mail.outbox[0].body).group(1)
        self.client.post(self.link, {"do": "confirm"})
        self.request = HostRequest.objects.get()
        mail.outbox.clear()
        self.login(self.alice)
        self.url = f"/hosting/inbox/{self.request.pk}/"

    def test_it_lists_the_request_with_the_coachs_verdict(self):
        response = self.client.get("/hosting/inbox/")
        self.assertContains(response, "Sam Asker")
        self.assertContains(response, "coach: clear")  # a tip alone is no mark against it
        response = self.client.get(self.url)
        self.assertContains(response, "How did your team decide")
        self.assertContains(response, "<strong>Question 1</strong>")  # the tip, by field
        # The times they preferred are ticked in the accept form.
        self.assertContains(response, f'value="{self.slots[0]}" checked')
        self.assertContains(response, f'value="{self.slots[1]}" checked')
        self.assertNotContains(response, f'value="{self.slots[2]}" checked')

    def test_an_outsider_cannot_see_or_answer_it(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        response = self.client.post(self.url + "decline/", {"text": "no"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(HostRequest.objects.get().status, Status.NEW)

    def test_accept_then_the_requester_books_and_both_get_one_invitation(self):
        response = self.client.post(
            self.url + "accept/",
            {"slots": self.slots[:2], "format": "video", "place": "https://meet.example/abc"},
        )
        self.assertRedirects(response, self.url)
        self.request.refresh_from_db()
        self.assertEqual(self.request.status, Status.ACCEPTED)
        self.assertEqual(self.request.conversation.stage, Stage.HOST_ACCEPTED)
        self.assertEqual(mail.outbox[-1].to, ["sam@example.org"])
        self.assertIn(self.link, mail.outbox[-1].body)
        mail.outbox.clear()

        self.client.logout()
        response = self.client.post(self.link, {"do": "choose", "slot": self.slots[1]})
        self.assertRedirects(response, self.link)
        self.request.refresh_from_db()
        self.assertEqual(self.request.status, Status.SCHEDULED)
        meeting = self.request.meeting
        self.assertEqual(availability.slot_value(meeting.starts_at), self.slots[1])
        self.assertEqual(meeting.place, "https://meet.example/abc")
        self.assertEqual(self.request.conversation.stage, Stage.HOST_SCHEDULED)

        self.assertEqual([m.to for m in mail.outbox], [["sam@example.org"], ["alice@example.org"]])
        uids = {str(ics_of(m).walk("VEVENT")[0]["UID"]) for m in mail.outbox}
        self.assertEqual(uids, {f"{meeting.uid}@coffeechat"})
        self.assertIn(self.link, mail.outbox[0].body)  # where to cancel
        self.assertIn(self.url, mail.outbox[1].body)
        download = self.client.get(self.link + "invitation.ics")
        self.assertEqual(
            str(Calendar.from_ical(download.content).walk("VEVENT")[0]["UID"]),
            f"{meeting.uid}@coffeechat",
        )

        # Booked once: another choice is refused.
        self.client.post(self.link, {"do": "choose", "slot": self.slots[0]})
        self.assertEqual(HostRequest.objects.get().meeting, meeting)

    def test_a_time_not_offered_cannot_be_booked(self):
        self.client.post(self.url + "accept/", {"slots": self.slots[:1], "format": "video"})
        response = self.client.post(self.link, {"do": "choose", "slot": self.slots[2]})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(HostRequest.objects.get().status, Status.ACCEPTED)

    def test_a_time_offered_to_two_people_goes_to_whoever_books_first(self):
        self.client.post(self.url + "accept/", {"slots": self.slots[:1], "format": "video"})
        self.client.logout()
        mail.outbox.clear()
        other = {**GOOD_REQUEST, "name": "Ola Other", "email": "ola@example.org"}
        self.client.post("/h/alice-hosts/ask/", {**other, "slots": self.slots[:1]})
        other_link = re.search(r"testserver(/h/requests/\S+/)", mail.outbox[0].body).group(1)
        self.client.post(other_link, {"do": "confirm"})
        second = HostRequest.objects.exclude(pk=self.request.pk).get()
        self.login(self.alice)
        accept = {"slots": self.slots[:1], "format": "video"}
        self.client.post(f"/hosting/inbox/{second.pk}/accept/", accept)
        self.client.logout()

        self.client.post(self.link, {"do": "choose", "slot": self.slots[0]})
        response = self.client.post(
            other_link, {"do": "choose", "slot": self.slots[0]}, follow=True
        )
        self.assertContains(response, "no longer free")
        second.refresh_from_db()
        self.assertEqual(second.status, Status.ACCEPTED)
        self.assertEqual(Meeting.objects.filter(user=self.alice).count(), 1)

    def book(self):
        self.client.post(self.url + "accept/", {"slots": self.slots[:1], "format": "video"})
        self.client.post(self.link, {"do": "choose", "slot": self.slots[0]})
        self.request.refresh_from_db()
        mail.outbox.clear()

    def test_the_requester_cancels_and_both_get_the_cancellation(self):
        self.book()
        self.client.post(self.link, {"do": "cancel"})
        self.request.refresh_from_db()
        self.assertEqual(self.request.status, Status.CANCELLED)
        self.assertEqual(self.request.meeting.status, MeetingStatus.CANCELLED)
        self.assertEqual(len(mail.outbox), 2)
        for message in mail.outbox:
            self.assertEqual(str(ics_of(message)["METHOD"]), "CANCEL")

    def test_the_host_cancels(self):
        self.book()
        self.client.post(self.url + "cancel/")
        self.assertEqual(HostRequest.objects.get().status, Status.CANCELLED)
        self.assertEqual(mail.outbox[0].to, ["sam@example.org"])

    def test_decline_sends_the_hosts_own_words_and_leaves_the_board(self):
        conversation = self.request.conversation
        response = self.client.get(self.url)
        self.assertContains(response, "Hello Sam, not this month.")
        response = self.client.post(self.url + "decline/", {"text": "Hello Sam, not this month."})
        self.assertRedirects(response, "/hosting/inbox/")
        self.assertEqual(HostRequest.objects.get().status, Status.DECLINED)
        self.assertEqual(mail.outbox[0].body, "Hello Sam, not this month.")
        self.assertFalse(type(conversation).objects.filter(pk=conversation.pk).exists())

    def test_ask_a_question_back_and_get_the_answer(self):
        self.client.post(self.url + "ask/", {"question": "Which team are you thinking of?"})
        self.assertEqual(HostRequest.objects.get().status, Status.ASKED)
        self.assertIn("Which team are you thinking of?", mail.outbox[0].body)
        self.client.logout()
        self.assertContains(self.client.get(self.link), "Which team are you thinking of?")
        self.client.post(self.link, {"do": "answer", "answer": "The growth team."})
        host_request = HostRequest.objects.get()
        self.assertEqual(
            (host_request.status, host_request.answer), (Status.NEW, "The growth team.")
        )

    def test_notes_after_the_meeting_move_it_to_held_then_thanked(self):
        self.book()
        meeting = self.request.meeting
        meeting.starts_at = timezone.now() - timedelta(days=1)
        meeting.save()
        self.client.post(
            self.url + "notes/",
            {"was_prepared": "true", "thanked": "unknown", "host_notes": "Good questions."},
        )
        self.request.refresh_from_db()
        self.assertEqual(self.request.conversation.stage, Stage.HOST_HELD)
        self.assertTrue(self.request.was_prepared)
        self.client.post(
            self.url + "notes/",
            {"was_prepared": "true", "thanked": "true", "host_notes": "Good questions."},
        )
        self.request.refresh_from_db()
        self.assertEqual(self.request.conversation.stage, Stage.HOST_THANKED)
        # Private: the requester's page shows none of it.
        self.client.logout()
        self.assertNotContains(self.client.get(self.link), "Good questions.")

    def test_it_counts_conversations_given_this_year(self):
        self.book()
        self.assertEqual(services.given_this_year(self.alice), 0)  # still ahead
        HostRequest.objects.update(starts_at=timezone.now() - timedelta(minutes=1))
        self.assertEqual(services.given_this_year(self.alice), 1)
        self.assertContains(self.client.get("/hosting/inbox/"), "<strong>1</strong> conversation ")

    def test_the_board_shows_the_hosting_conversation_in_its_own_lane(self):
        response = self.client.get("/conversations/board/")
        self.assertContains(response, "Conversations I give")
        self.assertContains(response, 'data-stage="host_requested"')
        self.assertContains(response, "Sam Asker")
        page = self.client.get(f"/conversations/{self.request.conversation.pk}/")
        self.assertContains(page, "They asked you")
        self.assertNotContains(page, "Write your request")  # not the asking side's next step


@override_settings(EMAIL_CONFIGURED=True)
class VerdictTests(BaseTestCase):
    def test_the_inbox_marks_problems_sent_anyway(self):
        page = host_page(self.alice)
        HostRequest.objects.create(
            user=self.alice,
            page=page,
            status=Status.NEW,
            name="Pat",
            email="p@example.org",
            about="a",
            learn="b",
            overridden=True,
            findings=[
                {
                    "rule": "question.job-ask",
                    "severity": "problem",
                    "message": "m",
                    "field": "Question 2",
                    "text": "Are you hiring?",
                }
            ],
        )
        self.login(self.alice)
        self.assertContains(self.client.get("/hosting/inbox/"), "1 problem, sent anyway")


class TodayAndBoardTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.page = host_page(self.alice)

    def make(self, **fields) -> HostRequest:
        values = {
            "user": self.alice,
            "page": self.page,
            "name": "Pat Lee",
            "email": "p@example.org",
            "about": "a",
            "learn": "How teams plan research.",
        }
        return HostRequest.objects.create(**{**values, **fields})

    def test_today_lists_requests_to_answer_and_conversations_to_give(self):
        self.make(status=Status.NEW)
        self.make(status=Status.UNCONFIRMED, name="Not Yet")
        self.make(
            status=Status.SCHEDULED, name="Kim Soon", starts_at=timezone.now() + timedelta(days=2)
        )
        self.make(
            status=Status.SCHEDULED, name="Far Away", starts_at=timezone.now() + timedelta(days=20)
        )
        self.login(self.alice)
        response = self.client.get("/")
        self.assertContains(response, "Answer Pat Lee&#x27;s request")
        self.assertContains(response, "Conversation you give: Kim Soon")
        self.assertNotContains(response, "Not Yet")
        self.assertNotContains(response, "Far Away")
        self.login(self.bob)
        self.assertNotContains(self.client.get("/"), "Pat Lee")

    def test_a_hosted_conversation_moves_only_among_its_own_stages(self):
        from coffeechat.core.tests import factories
        from coffeechat.pipeline.models import Kind
        from coffeechat.pipeline.services import start_conversation

        conversation = start_conversation(factories.contact(self.alice), kind=Kind.HOSTING)
        self.login(self.alice)
        url = f"/conversations/{conversation.pk}/stage/"
        self.client.post(url, {"stage": "met"})
        conversation.refresh_from_db()
        self.assertEqual(conversation.stage, Stage.HOST_REQUESTED)
        self.client.post(url, {"stage": "host_held"})
        conversation.refresh_from_db()
        self.assertEqual(conversation.stage, Stage.HOST_HELD)
        self.assertIsNotNone(conversation.met_at)
        page = self.client.get(f"/conversations/{conversation.pk}/")
        self.assertContains(page, '<option value="host_thanked">Thanked</option>')
        self.assertNotContains(page, 'value="prospect"')

    def test_a_hosted_conversation_shows_none_of_the_askers_cards(self):
        from django.urls import reverse

        from coffeechat.core.tests import factories
        from coffeechat.pipeline.models import Kind
        from coffeechat.pipeline.services import start_conversation

        self.login(self.alice)
        asked = start_conversation(factories.contact(self.alice, "Asked Person"))
        given = start_conversation(factories.contact(self.alice), kind=Kind.HOSTING)
        cards = ("outreach:compose", "prep:plan", "thanks:compose")
        asking_page = self.client.get(reverse("pipeline:conversation_detail", args=[asked.pk]))
        for name in cards[:2]:
            self.assertContains(asking_page, reverse(name, args=[asked.pk]))
        hosting_page = self.client.get(reverse("pipeline:conversation_detail", args=[given.pk]))
        for name in cards:
            self.assertNotContains(hosting_page, reverse(name, args=[given.pk]))
