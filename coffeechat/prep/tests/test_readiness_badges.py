"""The board's readiness badge, from the labels alone (missing_for_many) and SQL compiled once,
is exactly the badge of the full checklist worked out one conversation at a time, on varied
data; and the list and queryset paths of readiness_for_many agree."""

import random
from datetime import UTC, datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.checklists import keys_for
from coffeechat.pipeline.cards import board_cards
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.prep import services
from coffeechat.prep.panels import PREPARING_STAGES, readiness_badges
from coffeechat.prep.readiness import missing_for_many, readiness, readiness_for_many
from coffeechat.prep.templatetags.prep import readiness_badge
from coffeechat.prep.tests.test_readiness import prepared

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
SLUGS = ["career-first-pull", "day-typical-week", "skills-underrated", "trends-five-years",
         "adv-stand-out", "res-book", "ch-pressure", "ch-why-leave"]  # fmt: skip
PROBLEM = "Could you refer me for the analyst opening?"
TEXTS = ["", "  \n ", "Runs the tidal pilot.", "\u2003"]  # \u2003: whitespace to str.strip


def slow_badge(conversation_id: int) -> str:
    """The badge the conversation page would show: model instances and the loaded plan."""
    conversation = Conversation.objects.select_related("contact__organisation").get(
        pk=conversation_id
    )
    return readiness_badge(readiness(conversation, list(conversation.planned_questions.all())))


@time_machine.travel(NOW, tick=False)
class ReadinessBadgeTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.org = factories.organisation(self.alice, "R&D <Labs>", industry="Energy")

    def varied(self, count: int, seed: int = 20) -> list[Conversation]:
        """Conversations in random states of every item readiness checks."""
        rng = random.Random(seed)
        org = self.org
        stages = [Stage.PROSPECT, Stage.RESEARCHING, Stage.REQUESTED, Stage.SCHEDULED, Stage.MET]
        made = []
        for n in range(count):
            contact = factories.contact(
                self.alice,
                f"Person {n} <i>",
                org=org if n % 2 else None,
                research_notes=rng.choice(TEXTS),
                career_story=rng.choice(TEXTS),
            )
            conversation = factories.conversation(self.alice, contact, rng.choice(stages))
            conversation.intention = rng.choice(TEXTS)
            conversation.talking_points = rng.choice(["", " - \n *\n", "Physics\nTides"])
            conversation.meeting_minutes = rng.choice([10, 20, 30, 60])
            conversation.save()
            for slug in rng.sample(SLUGS, rng.randrange(len(SLUGS) + 1)):
                services.add_from_bank(conversation, slug)
            if rng.random() < 0.3:
                services.add_question(conversation, PROBLEM)
            for _ in range(rng.randrange(3)):
                format = rng.choice(["phone", "video", "in_person"])
                factories.meeting(
                    self.alice,
                    conversation,
                    in_days=rng.choice([-3, -1 / 24, 1 / 24, 1, 5]),
                    format=format,
                    status=rng.choice(["scheduled", "scheduled", "cancelled"]),
                    invitation_sent_at=NOW if rng.random() < 0.5 else None,
                    checklist_done=sorted(keys_for(format)) if rng.random() < 0.5 else [],
                )
            made.append(conversation)
        return made

    def test_the_board_badge_is_the_full_checklists_badge(self):
        self.varied(40)
        prepared(self.alice, "Ready One")
        factories.meeting(
            self.alice,
            prepared(self.alice, "Ready Two", stage=Stage.REQUESTED),
            in_days=1,
            format="video",
            invitation_sent_at=NOW,
            checklist_done=sorted(keys_for("video")),
        )
        cards = board_cards(self.alice, 15)
        badges = readiness_badges(cards)
        preparing = [card.pk for card in cards if card.stage in PREPARING_STAGES]
        self.assertEqual(sorted(badges), sorted(preparing))
        self.assertEqual(badges, {pk: slow_badge(pk) for pk in preparing})
        # The data covers what the badge tells apart.
        joined = " ".join(badges.values())
        for text in [">Ready<", "research written", "intention written", "talking points",
                     "question plan sized", "questions free of problems", "invitation sent",
                     "checklist done"]:  # fmt: skip
            self.assertIn(text, joined)

    def test_the_missing_labels_are_readinesss_and_both_paths_agree(self):
        made = self.varied(25)
        listed = readiness_for_many(made)
        queried = readiness_for_many(Conversation.objects.filter(user=self.alice))
        self.assertEqual(listed, queried)
        self.assertEqual(
            missing_for_many(made),
            {pk: tuple(item.label for item in state.missing) for pk, state in listed.items()},
        )

    def test_the_badges_take_a_fixed_number_of_queries(self):
        made = self.varied(2)
        few = board_cards(self.alice, 15)
        with CaptureQueriesContext(connection) as small:
            readiness_badges(few)
        made += self.varied(30, seed=21)
        many = board_cards(self.alice, 15)
        with CaptureQueriesContext(connection) as large:
            badges = readiness_badges(many)
        self.assertGreater(len(badges), 10)
        self.assertEqual(len(large), len(small))
        self.assertEqual(len(large), 3)  # conversations, questions, meetings
        with CaptureQueriesContext(connection) as none:
            self.assertEqual(readiness_badges([]), {})
        self.assertEqual(len(none), 0)
