import json
import re
from datetime import UTC, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.outreach.models import RequestDraft
from coffeechat.pipeline.cards import board_cards
from coffeechat.pipeline.models import Conversation, Stage, StageChange
from coffeechat.pipeline.views import CARDS_PER_COLUMN
from coffeechat.prep import services


class ConversationTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.contact = factories.contact(self.alice, "Priya Shah")

    def test_it_starts_a_conversation_from_a_contact(self):
        self.alice.profile.default_meeting_minutes = 25
        self.alice.profile.save()
        response = self.client.post(f"/conversations/start/{self.contact.pk}/")
        conversation = Conversation.objects.get(contact=self.contact)
        self.assertRedirects(response, f"/conversations/{conversation.pk}/")
        self.assertEqual(conversation.stage, Stage.PROSPECT)
        self.assertEqual(conversation.meeting_minutes, 25)
        self.assertEqual(conversation.stage_changes.get().to_stage, Stage.PROSPECT)

    def test_it_sends_a_start_posted_to_the_old_address_on_with_its_method(self):
        response = self.client.post(f"/contacts/{self.contact.pk}/conversations/")
        self.assertEqual(response.status_code, 308)
        self.assertEqual(response["Location"], f"/conversations/start/{self.contact.pk}/")
        self.assertFalse(Conversation.objects.exists())

    def test_it_moves_stage_with_a_form_and_records_the_time(self):
        conversation = factories.conversation(self.alice, self.contact)
        response = self.client.post(
            f"/conversations/{conversation.pk}/stage/", {"stage": "requested", "next": "board"}
        )
        self.assertRedirects(response, "/conversations/board/")
        conversation.refresh_from_db()
        self.assertEqual(conversation.stage, Stage.REQUESTED)
        self.assertIsNotNone(conversation.requested_at)
        change = StageChange.objects.filter(conversation=conversation).last()
        self.assertEqual((change.from_stage, change.to_stage), ("prospect", "requested"))

    def test_it_moves_stage_for_the_drag_and_drop_script(self):
        conversation = factories.conversation(self.alice, self.contact)
        response = self.client.post(
            f"/conversations/{conversation.pk}/stage/",
            {"stage": "scheduled"},
            HTTP_ACCEPT="application/json",
        )
        answer = json.loads(response.content)
        self.assertEqual((answer["id"], answer["stage"]), (conversation.pk, "scheduled"))
        # The card as the board now prints it, for the script to put in place of the old one.
        board = self.client.get("/conversations/board/").content.decode()
        token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')  # masked anew each time
        self.assertIn(token.sub("", answer["card"]), token.sub("", board))
        self.assertIn("Next: Schedule the meeting", answer["card"])
        self.assertIn('<option value="scheduled" selected>', answer["card"])
        bad = self.client.post(
            f"/conversations/{conversation.pk}/stage/",
            {"stage": "hired"},
            HTTP_ACCEPT="application/json",
        )
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(json.loads(bad.content), {"error": "Unknown stage."})

    def test_it_keeps_the_first_date_of_each_stage(self):
        conversation = factories.conversation(self.alice, self.contact, stage="requested")
        first = conversation.requested_at
        self.client.post(f"/conversations/{conversation.pk}/stage/", {"stage": "no_response"})
        self.client.post(f"/conversations/{conversation.pk}/stage/", {"stage": "requested"})
        conversation.refresh_from_db()
        self.assertEqual(conversation.requested_at, first)
        self.assertEqual(conversation.stage_changes.count(), 4)

    def test_it_edits_intention_and_length(self):
        conversation = factories.conversation(self.alice, self.contact)
        self.client.post(
            f"/conversations/{conversation.pk}/edit/",
            {
                "intention": "Learn how UX research works in fintech",
                "talking_points": "",
                "meeting_minutes": 30,
            },
        )
        conversation.refresh_from_db()
        self.assertEqual(conversation.meeting_minutes, 30)
        self.assertIn("fintech", conversation.intention)

    def test_it_refuses_an_absurd_length(self):
        conversation = factories.conversation(self.alice, self.contact)
        self.client.post(
            f"/conversations/{conversation.pk}/edit/",
            {"intention": "x", "talking_points": "", "meeting_minutes": 600},
        )
        conversation.refresh_from_db()
        self.assertEqual(conversation.meeting_minutes, 20)


class BoardTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def test_it_shows_each_conversation_in_its_column(self):
        factories.conversation(self.alice, factories.contact(self.alice, "Priya Shah"), "requested")
        factories.conversation(self.bob, factories.contact(self.bob, "Hidden Person"), "requested")
        response = self.client.get("/conversations/board/")
        columns = {c["stage"]: c for c in response.context["columns"]}
        self.assertEqual(columns["requested"]["count"], 1)
        self.assertEqual([c.name for c in columns["requested"]["cards"]], ["Priya Shah"])
        self.assertNotContains(response, "Hidden Person")
        self.assertEqual(len(columns), 15)  # ten stages, and the five of host mode

    def test_it_shows_the_newest_cards_of_each_column_and_counts_them_all(self):
        now = timezone.now()
        for number in range(CARDS_PER_COLUMN + 2):
            person = factories.contact(self.alice, f"Person {number}")
            conversation = factories.conversation(self.alice, person, "requested")
            Conversation.objects.filter(pk=conversation.pk).update(
                stage_changed_at=now - timedelta(hours=number)
            )
        factories.conversation(self.bob, factories.contact(self.bob, "Bob's Person"), "requested")
        response = self.client.get("/conversations/board/")
        columns = {c["stage"]: c for c in response.context["columns"]}
        shown = [card.name for card in columns["requested"]["cards"]]
        self.assertEqual(shown, [f"Person {number}" for number in range(CARDS_PER_COLUMN)])
        self.assertEqual(columns["requested"]["count"], CARDS_PER_COLUMN + 2)
        self.assertContains(response, f"All {CARDS_PER_COLUMN + 2} →")
        self.assertNotContains(response, "Bob&#x27;s Person")
        self.assertEqual(columns["met"]["cards"], [])

    def test_it_reads_the_newest_cards_of_every_stage_in_one_statement(self):
        now = timezone.now()
        expected = {}
        for stage_number, stage in enumerate(Stage.values):
            for number in range(3):
                person = factories.contact(self.alice, f"P{stage_number}-{number}")
                made = factories.conversation(self.alice, person, stage)
                Conversation.objects.filter(pk=made.pk).update(
                    stage_changed_at=now - timedelta(minutes=10 * number + stage_number)
                )
            expected[stage] = [f"P{stage_number}-{number}" for number in range(2)]
        factories.conversation(self.bob, factories.contact(self.bob, "Bob's Person"), "met")
        with CaptureQueriesContext(connection) as queries:
            cards = board_cards(self.alice, 2)
        self.assertEqual(len(queries), 1)
        by_stage: dict[str, list[str]] = {}
        for card in cards:
            by_stage.setdefault(card.stage, []).append(card.name)
        self.assertEqual(by_stage, expected)
        # Newest first across the board.
        self.assertEqual([c.name for c in cards[:3]], ["P0-0", "P1-0", "P2-0"])
        if connection.vendor == "postgresql":
            # One part run per stage through LATERAL: fifteen UNIONed parts took longer to plan
            # than to run.
            self.assertIn("LATERAL", queries[0]["sql"])
            self.assertEqual(queries[0]["sql"].count("LIMIT"), 1)

    def test_it_escapes_names_on_cards_and_keeps_each_cards_move_form(self):
        org = factories.organisation(self.alice, "R&D <Labs>")
        person = factories.contact(self.alice, "Ana <b>Bold</b>", org=org)
        conversation = factories.conversation(self.alice, person, "met")
        html = self.client.get("/conversations/board/").content.decode()
        self.assertIn("<strong>Ana &lt;b&gt;Bold&lt;/b&gt;</strong>", html)
        self.assertIn('<div class="muted small">R&amp;D &lt;Labs&gt;</div>', html)
        self.assertNotIn("<b>Bold</b>", html)
        self.assertIn(
            f'<form method="post" action="/conversations/{conversation.pk}/stage/" class="move">'
            '<input type="hidden" name="csrfmiddlewaretoken"',
            html,
        )
        self.assertIn('<option value="met" selected>Met</option>', html)

    def test_it_keeps_the_query_count_flat(self):
        def count_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/conversations/board/")
            return len(queries)

        factories.conversation(self.alice)
        small = count_queries()
        for number, stage in enumerate(Stage.values * 3):
            org = factories.organisation(self.alice, f"Org {number}")
            made = factories.conversation(self.alice, factories.contact(self.alice, org=org), stage)
            if number % 3 == 0:  # what the badges read: meetings, plans, drafts
                factories.meeting(self.alice, made, in_days=number % 5 - 1)
                services.add_question(made, f"What surprised you in year {number}?")
                RequestDraft.objects.create(user=self.alice, conversation=made, channel="email")
        self.assertEqual(count_queries(), small)


class MeetingTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.alice.profile.time_zone = "America/Toronto"
        self.alice.profile.save()
        self.conversation = factories.conversation(self.alice, stage="requested")

    def test_it_schedules_in_the_users_time_zone(self):
        self.client.post(
            "/meetings/new/",
            {
                "conversation": self.conversation.pk,
                "starts_at": "2026-07-01T09:30",
                "length": "20",
                "format": "video",
                "place": "https://meet.example.org/abc",
            },
        )
        meeting = self.conversation.meetings.get()
        # 09:30 in Toronto in July (EDT, UTC-4) is 13:30 UTC.
        self.assertEqual(meeting.starts_at.astimezone(UTC).hour, 13)
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.SCHEDULED)

    def test_it_cancels_and_keeps_history(self):
        meeting = factories.meeting(self.alice, self.conversation)
        self.client.post(f"/meetings/{meeting.pk}/cancel/")
        meeting.refresh_from_db()
        self.assertEqual((meeting.status, meeting.sequence), ("cancelled", 1))
        self.assertContains(self.client.get(f"/conversations/{self.conversation.pk}/"), "cancelled")

    def test_it_refuses_another_users_conversation(self):
        other = factories.conversation(self.bob)
        response = self.client.post(
            "/meetings/new/",
            {
                "conversation": other.pk,
                "starts_at": "2026-07-01T09:30",
                "length": "20",
                "format": "phone",
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(other.meetings.exists())

    def test_it_reports_a_bad_date(self):
        self.client.post(
            "/meetings/new/",
            {
                "conversation": self.conversation.pk,
                "starts_at": "soon",
                "length": "20",
                "format": "phone",
            },
        )
        self.assertFalse(self.conversation.meetings.exists())
        response = self.client.get(f"/conversations/{self.conversation.pk}/")
        self.assertContains(response, "Date and time: Enter a valid date/time.")


class ConversationLinksTests(BaseTestCase):
    def test_it_offers_the_thank_you_only_after_the_meeting(self):
        self.login(self.alice)
        conversation = factories.conversation(self.alice, stage="scheduled")
        url = f"/conversations/{conversation.pk}/"
        self.assertNotContains(self.client.get(url), f"/conversations/{conversation.pk}/thanks/")
        self.client.post(f"/conversations/{conversation.pk}/stage/", {"stage": "met"})
        self.assertContains(self.client.get(url), f"/conversations/{conversation.pk}/thanks/")

    def test_it_links_today_to_the_other_lists(self):
        self.login(self.alice)
        response = self.client.get("/")
        for url in ["/outreach/next/", "/keep-in-touch/", "/meetings/calendar/"]:
            self.assertContains(response, f'href="{url}"')
            self.assertEqual(self.client.get(url).status_code, 200, url)
