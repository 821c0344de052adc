"""A path's synthesis read with hand-written SQL (insights/synthesis_rows.py, since issue 20)
equals the one the ORM queries it replaced gave (kept below as the reference), on varied data:
conversations linked directly, through their contact and through its organisation, meetings held,
scheduled and cancelled, captures with and without topics, notes empty and closing, and another
user's rows on the same links."""

import random
from datetime import UTC, datetime, timedelta

from django.db.models import OuterRef, Subquery

from coffeechat.core.reversing import url_maker
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.insights import services, synthesis
from coffeechat.insights.models import CareerPath
from coffeechat.meetings.models import Capture, Meeting, MeetingStatus
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.prep.models import PlannedQuestion

# --- the ORM queries the synthesis was read with before (the reference) -------------------

MET_STAGES = {Stage.MET, Stage.THANKED, Stage.KEEPING_IN_TOUCH}


def reference(path: CareerPath) -> synthesis.Synthesis:
    meetings = Meeting.objects.filter(conversation=OuterRef("pk"))
    held = meetings.filter(status=MeetingStatus.HELD).order_by("starts_at").values("starts_at")
    upcoming = meetings.filter(status=MeetingStatus.SCHEDULED)
    upcoming = upcoming.order_by("starts_at").values("starts_at")
    rows = (
        Conversation.objects.owned_by(path.user)
        .filter(path.conversation_filter())
        .annotate(held_at=Subquery(held[:1]), next_at=Subquery(upcoming[:1]))
        .values(
            "pk",
            "stage",
            "met_at",
            "contact__display_name",
            "contact__role",
            "contact__organisation__name",
            "held_at",
            "next_at",
        )
    )
    url = url_maker("pipeline:conversation_detail")
    columns = []
    for row in rows:
        met_at, held_at = row["met_at"], row["held_at"]
        bits = [row["contact__role"], row["contact__organisation__name"] or ""]
        columns.append(
            synthesis.Column(
                id=row["pk"],
                title=row["contact__display_name"],
                subtitle=", ".join(b for b in bits if b),
                met=bool(met_at or held_at or row["stage"] in MET_STAGES),
                when=met_at or held_at or row["next_at"],
                url=url(row["pk"]),
            )
        )
    ids = [column.id for column in columns]
    entries = []
    captures = (
        Capture.objects.owned_by(path.user)
        .filter(meeting__conversation_id__in=ids)
        .values_list("meeting__conversation_id", "kind", "topic", "text", "url")
        .order_by("meeting__starts_at", "id")
    )
    for conversation_id, kind, topic, text, link in captures:
        topic = synthesis.capture_topic(kind, topic)
        entries.append(synthesis.Entry(conversation_id, topic, text, kind, link))
    notes = (
        PlannedQuestion.objects.owned_by(path.user)
        .filter(conversation_id__in=ids)
        .exclude(note="")
        .values_list("conversation_id", "topic", "text", "note")
        .order_by("closing", "position", "id")
    )
    for conversation_id, topic, question, note in notes:
        row = synthesis.note_topic(topic)
        if row is not None:
            entries.append(synthesis.Entry(conversation_id, row, f"{question} — {note}", "note"))
    return synthesis.build(columns, entries)


# --- varied data ------------------------------------------------------------------------


def varied(user, rng: random.Random, n: int = 30) -> list[CareerPath]:
    start = datetime(2026, 3, 1, 9, 15, 30, 123456, tzinfo=UTC)
    orgs = [factories.organisation(user, f"Org {i}") for i in range(4)]
    paths = [CareerPath.objects.create(user=user, name=f"Path {i}") for i in range(3)]
    topics = ["", "skills", "trends", "next_steps", "advice", "nonsense"]
    for i in range(n):
        org = rng.choice([*orgs, None])
        who = factories.contact(
            user, f"Person {i}", org=org, role=rng.choice(["", "Designer", "Analyst"])
        )
        conv = factories.conversation(user, who, stage=rng.choice([Stage.PROSPECT, Stage.MET]))
        if rng.random() < 0.3:
            Conversation.objects.filter(pk=conv.pk).update(
                met_at=start + timedelta(days=rng.randint(-40, 40))
            )
        meetings = [
            Meeting.objects.create(
                user=user,
                conversation=conv,
                starts_at=start + timedelta(days=rng.randint(-30, 30), hours=rng.randint(0, 9)),
                status=rng.choice(["held", "scheduled", "cancelled"]),
            )
            for _ in range(rng.randint(0, 3))
        ]
        for meeting in meetings:
            for _ in range(rng.randint(0, 3)):
                Capture.objects.create(
                    user=user,
                    meeting=meeting,
                    kind=rng.choice(["insight", "advice", "resource"]),
                    topic=rng.choice(topics),
                    text=f"Learnt {rng.randint(0, 999)} <b>&</b>\nmore",
                    url=rng.choice(["", "https://example.org/?a=1&b=2"]),
                )
        for position in range(rng.randint(0, 4)):
            PlannedQuestion.objects.create(
                user=user,
                conversation=conv,
                text=f"Question {position}?",
                topic=rng.choice(topics[:4]),
                position=rng.randint(0, 3),
                closing=rng.random() < 0.2,
                note=rng.choice(["", "A note", "Another"]),
            )
        for path in paths:
            how = rng.random()
            if how < 0.2:
                path.conversations.add(conv)
            elif how < 0.35:
                path.contacts.add(who)
        if org is not None and rng.random() < 0.3:
            rng.choice(paths).organisations.add(org)
    return paths


class SynthesisRowsTests(BaseTestCase):
    def test_it_reads_what_the_orm_queries_read(self):
        paths = varied(self.alice, random.Random(20))
        # Bob's conversations with people at an organisation named like Alice's, on his path
        # linked to the same kinds of rows: never in Alice's synthesis.
        for path in varied(self.bob, random.Random(21), n=10):
            path.user = self.bob
            self.assertEqual(services.build_synthesis(path), reference(path))
        checked = 0
        for path in paths:
            path.user = self.alice
            found = services.build_synthesis(path)
            self.assertEqual(found, reference(path), path.name)
            checked += len(found.columns)
            bob_ids = set(Conversation.objects.filter(user=self.bob).values_list("pk", flat=True))
            self.assertFalse(bob_ids & {column.id for column in found.columns})
        self.assertGreater(checked, 15)  # the paths have conversations of every kind

    def test_a_path_with_nothing_linked_is_empty(self):
        path = CareerPath.objects.create(user=self.alice, name="Empty")
        path.user = self.alice
        self.assertEqual(services.build_synthesis(path), reference(path))
