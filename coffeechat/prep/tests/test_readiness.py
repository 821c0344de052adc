"""Readiness: the checklist, the badge on the board and the conversation, and Today."""

import re
from datetime import UTC, datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.checklists import keys_for
from coffeechat.pipeline.models import Stage
from coffeechat.prep import services
from coffeechat.prep.readiness import readiness, readiness_for_many

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
GOOD = [
    "career-first-pull",
    "day-typical-week",
    "skills-underrated",
    "trends-five-years",
    "adv-stand-out",
]


def prepared(user, name: str = "Priya Shah", *, stage: str = Stage.SCHEDULED):
    """A conversation with research, intention, talking points and a five-question plan."""
    contact = factories.contact(user, name, research_notes="Runs the tidal pilot.")
    conversation = factories.conversation(user, contact, stage)
    conversation.intention = "Learn how grid analysts spend their week."
    conversation.talking_points = "Physics degree\nTide model"
    conversation.save()
    for slug in GOOD:
        services.add_from_bank(conversation, slug)
    return conversation


@time_machine.travel(NOW, tick=False)
class ReadinessTests(BaseTestCase):
    def labels(self, state) -> dict[str, bool]:
        return {label: done for label, done, _hint in state.items}

    def test_it_starts_with_everything_to_do(self):
        conversation = factories.conversation(self.alice)
        state = readiness(conversation)
        self.assertFalse(state.ready)
        self.assertEqual(
            self.labels(state),
            {
                "Research written": False,
                "Intention written": False,
                "Talking points": False,
                "Question plan sized to the meeting": False,
                "Questions free of problems": True,
            },
        )

    def test_it_is_ready_when_prepared_and_no_meeting_is_booked(self):
        state = readiness(prepared(self.alice))
        self.assertTrue(state.ready, state.missing)

    def test_it_counts_career_story_as_research(self):
        contact = factories.contact(self.alice, career_story="Physics, then utilities.")
        self.assertTrue(
            self.labels(readiness(factories.conversation(self.alice, contact)))["Research written"]
        )

    def test_it_flags_an_oversized_plan_and_problems(self):
        conversation = prepared(self.alice)
        for slug in ["ch-pressure", "ch-why-leave", "res-book", "res-events"]:
            services.add_from_bank(conversation, slug)
        services.add_question(conversation, "Could you refer me for the analyst opening?")
        state = readiness(conversation)
        labels = self.labels(state)
        self.assertFalse(labels["Question plan sized to the meeting"])
        self.assertFalse(labels["Questions free of problems"])
        hints = {item.label: item.hint for item in state.items}
        self.assertIn("about 8", hints["Question plan sized to the meeting"])
        self.assertEqual(hints["Questions free of problems"], "Reword 1 question.")

    def test_it_adds_the_invitation_and_the_format_checklist_for_the_next_meeting(self):
        conversation = prepared(self.alice)
        meeting = factories.meeting(self.alice, conversation, in_days=1, format="phone")
        labels = self.labels(readiness(conversation))
        self.assertEqual(
            (labels["Invitation sent"], labels["Phone checklist done"]), (False, False)
        )
        meeting.invitation_sent_at = NOW
        meeting.checklist_done = sorted(keys_for("phone"))
        meeting.save()
        state = readiness(conversation)
        self.assertTrue(state.ready, state.missing)

    def test_it_ignores_past_and_cancelled_meetings(self):
        conversation = prepared(self.alice)
        factories.meeting(self.alice, conversation, in_days=-3)
        factories.meeting(self.alice, conversation, in_days=1, status="cancelled")
        self.assertNotIn("Invitation sent", self.labels(readiness(conversation)))

    def test_it_computes_many_in_a_fixed_number_of_queries(self):
        first = [prepared(self.alice, "Ann Lee")]
        with CaptureQueriesContext(connection) as small:
            readiness_for_many(first)
        many = first + [prepared(self.alice, f"Person {n}") for n in range(4)]
        for conversation in many[1:3]:
            factories.meeting(self.alice, conversation, in_days=1)
        with CaptureQueriesContext(connection) as large:
            result = readiness_for_many(many)
        self.assertEqual(len(large), len(small))
        self.assertEqual(len(result), 5)


@time_machine.travel(NOW, tick=False)
class BadgeTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def test_it_shows_the_badge_on_board_cards(self):
        prepared(self.alice, "Ready Person")
        factories.conversation(self.alice, factories.contact(self.alice, "Unready Person"))
        response = self.client.get("/conversations/board/")
        # Each card's HTML, by the name it shows.
        cards = {
            re.search(r"<strong>(.*?)</strong>", html).group(1): html
            for html in response.content.decode().split("<article")[1:]
        }
        self.assertIn(">Ready</span>", cards["Ready Person"])
        self.assertIn(">Needs preparation</span>", cards["Unready Person"])
        self.assertContains(response, ">Ready</span>")
        self.assertContains(response, ">Needs preparation</span>")

    def test_it_keeps_the_board_query_count_flat_with_plans(self):
        def count_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/conversations/board/")
            return len(queries)

        prepared(self.alice, "First Person")
        small = count_queries()
        for number, stage in enumerate(Stage.values):
            conversation = prepared(self.alice, f"Person {number}", stage=stage)
            factories.meeting(self.alice, conversation, in_days=1)
        self.assertEqual(count_queries(), small)

    def test_it_shows_the_panel_on_the_conversation_page(self):
        conversation = prepared(self.alice)
        response = self.client.get(f"/conversations/{conversation.pk}/")
        self.assertContains(response, "5 of about 8 questions planned")
        self.assertContains(response, f'href="/conversations/{conversation.pk}/plan/"')
        self.assertContains(response, ">Ready</span>")


@time_machine.travel(NOW, tick=False)
class TodayTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def prepare_items(self):
        return [i for i in self.client.get("/").context["items"] if i.kind == "Prepare"]

    def test_it_lists_meetings_in_the_next_three_days_that_need_preparation(self):
        unready = factories.conversation(self.alice, factories.contact(self.alice, "Sam Roe"))
        factories.meeting(self.alice, unready, in_days=2)
        ready = prepared(self.alice, "Ready Person")
        factories.meeting(
            self.alice,
            ready,
            in_days=1,
            invitation_sent_at=NOW,
            checklist_done=sorted(keys_for("video")),
        )
        later = factories.conversation(self.alice, factories.contact(self.alice, "Later Person"))
        factories.meeting(self.alice, later, in_days=5)
        theirs = factories.conversation(self.bob, factories.contact(self.bob, "Bob Contact"))
        factories.meeting(self.bob, theirs, in_days=1)
        items = self.prepare_items()
        self.assertEqual([i.title for i in items], ["Prepare for Sam Roe"])
        item = items[0]
        self.assertIn("research written", item.detail)
        self.assertIn("invitation sent", item.detail)
        self.assertEqual(item.action.label, "Open the plan")
        self.assertEqual(item.action.url, f"/conversations/{unready.pk}/plan/")

    def test_it_keeps_a_fixed_query_count(self):
        from coffeechat.today.today_items import next_steps

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                list(next_steps(self.alice, NOW))
            return len(queries)

        factories.meeting(self.alice, factories.conversation(self.alice), in_days=1)
        small = count()
        for n in range(4):
            conversation = prepared(self.alice, f"Person {n}")
            factories.meeting(self.alice, conversation, in_days=2)
        self.assertEqual(count(), small)
