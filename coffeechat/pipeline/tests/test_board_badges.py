"""The board's badges, worked out for many cards at once from plain rows, are exactly those of
the one-conversation path (model instances, Django's format_html), on varied data; and they
follow a change at once."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.utils import timezone
from django.utils.html import format_html

from coffeechat.core.extensions import badges_for
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.checklists import keys_for
from coffeechat.outreach.models import Reply, RequestDraft
from coffeechat.pipeline.cards import board_cards
from coffeechat.pipeline.models import Conversation, Kind, Stage
from coffeechat.prep import services
from coffeechat.prep.panels import PREPARING_STAGES
from coffeechat.prep.readiness import readiness
from coffeechat.prep.templatetags.prep import readiness_badge
from coffeechat.today.facts import steps_for

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def one_at_a_time(conversation_id: int) -> str:
    """A card's badges the slow way: the conversation page's readiness (the loaded plan and
    model instances) and next step (one conversation), formatted with format_html."""
    now = timezone.now()
    conversation = Conversation.objects.select_related("contact__organisation").get(
        pk=conversation_id
    )
    parts = []
    if conversation.stage in PREPARING_STAGES:
        rows = list(conversation.planned_questions.all())
        parts.append(readiness_badge(readiness(conversation, rows)))
    if conversation.kind != Kind.HOSTING:
        step, _facts = steps_for(Conversation.objects.filter(pk=conversation_id), now)[
            conversation_id
        ]
        when = ""
        if step.due:
            due = timezone.localtime(step.due)
            when = " · " + (
                f"{due:%a} {due.day} {due:%b}" + ("" if step.whole_day else f", {due:%H:%M}")
            )
        overdue = " overdue" if step.overdue(now) else ""
        parts.append(
            format_html(
                '<span class="next-step{}" title="Next step">Next: {}{}</span>',
                overdue,
                step.title,
                when,
            )
        )
    return " ".join(parts)


@time_machine.travel(NOW, tick=False)
class BoardBadgeTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def varied(self) -> list[Conversation]:
        """Cards in every state the badges tell apart."""
        alice = self.alice
        org = factories.organisation(alice, "R&D <Labs>", industry="Energy")
        made = []
        # Nothing prepared; a name that needs escaping; an organisation.
        made.append(factories.conversation(alice, factories.contact(alice, "Ana <b>", org=org)))
        # Ready: research, intention, talking points, five questions; a meeting tomorrow with
        # the invitation sent and its checklist ticked.
        ready = factories.conversation(
            alice,
            factories.contact(alice, "Ben O'Hara", research_notes="Runs the pilot."),
            "scheduled",
        )
        ready.intention = "Learn how the team plans."
        ready.talking_points = "Physics\nTides"
        ready.save()
        for slug in ["career-first-pull", "day-typical-week", "skills-underrated",
                     "trends-five-years", "adv-stand-out"]:  # fmt: skip
            services.add_from_bank(ready, slug)
        factories.meeting(
            alice,
            ready,
            in_days=1,
            format="phone",
            invitation_sent_at=NOW,
            checklist_done=sorted(keys_for("phone")),
        )
        made.append(ready)
        # Whitespace only: no research, no intention, no talking points; a question with a
        # problem; a meeting in an hour with its invitation not sent; a career story instead.
        blank = factories.conversation(
            alice, factories.contact(alice, "Cleo Park", research_notes="  \n "), "requested"
        )
        blank.intention = "   "
        blank.talking_points = " - \n *\n"
        blank.meeting_minutes = 60
        blank.save()
        services.add_question(blank, "Could you refer me for the analyst opening?")
        factories.meeting(alice, blank, in_days=1 / 24, format="video")
        made.append(blank)
        story = factories.conversation(
            alice,
            factories.contact(alice, "Dev Shah", career_story="Grid, then tides."),
            "researching",
        )
        factories.meeting(alice, story, in_days=-3)  # over: not "the next meeting"
        factories.meeting(alice, story, in_days=2, status="cancelled")
        made.append(story)
        # After the meeting, requested with a draft and a reply, closed, and a hosted one.
        made.append(factories.conversation(alice, factories.contact(alice, "Eun-ji Kim"), "met"))
        requested = factories.conversation(alice, factories.contact(alice, "Farah Li"), "requested")
        RequestDraft.objects.create(user=alice, conversation=requested, channel="email")
        made.append(requested)
        replied = factories.conversation(alice, factories.contact(alice, "Gus Roy"), "requested")
        Reply.objects.create(user=alice, conversation=replied, outcome="yes", replied_on=NOW.date())
        made.append(replied)
        made.append(factories.conversation(alice, factories.contact(alice, "Hiro"), "declined"))
        overdue = factories.conversation(alice, factories.contact(alice, "Ines"), "requested")
        Conversation.objects.filter(pk=overdue.pk).update(requested_at=NOW - timedelta(days=30))
        made.append(overdue)
        hosted = factories.conversation(alice, factories.contact(alice, "Jon Host"))
        Conversation.objects.filter(pk=hosted.pk).update(
            kind=Kind.HOSTING, stage=Stage.HOST_REQUESTED
        )
        made.append(hosted)
        return made

    def test_the_boards_badges_are_those_of_one_conversation_at_a_time(self):
        made = self.varied()
        cards = board_cards(self.alice, 15)
        self.assertEqual(len(cards), len(made))
        badges = badges_for("board", cards)
        expected = {card.pk: one_at_a_time(card.pk) for card in cards}
        self.assertEqual({pk: html for pk, html in expected.items() if html}, badges)
        # The data covers what the badges tell apart.
        joined = " ".join(badges.values())
        for text in [">Ready<", ">Needs preparation<", "next-step overdue", "Ana &lt;b&gt;"]:
            self.assertIn(text, joined)

    def test_the_board_shows_a_changed_readiness_at_once(self):
        conversation = factories.conversation(self.alice, factories.contact(self.alice, "Kim"))
        self.assertContains(self.client.get("/conversations/board/"), ">Needs preparation<")
        contact = conversation.contact
        contact.research_notes = "Leads the storage team."
        contact.save()
        conversation.intention = "Learn about storage."
        conversation.talking_points = "Batteries"
        conversation.save()
        for slug in ["career-first-pull", "day-typical-week", "skills-underrated", "res-book"]:
            services.add_from_bank(conversation, slug)
        response = self.client.get("/conversations/board/")
        self.assertContains(response, ">Ready<")
        self.assertNotContains(response, ">Needs preparation<")
