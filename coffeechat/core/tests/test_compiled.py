"""core.compiled: a query built once and run for any list of ids or values gives the rows the ORM
gives, in the same order and converted alike (booleans, dates and times, JSON), on either
database."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.core.compiled import IDS, CompiledQuery
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.models import Meeting
from coffeechat.pipeline.models import Conversation
from coffeechat.prep import services
from coffeechat.prep.models import PlannedQuestion


def meetings(ids, since):
    return (
        Meeting.objects.filter(conversation_id__in=ids, starts_at__gte=since)
        .order_by("starts_at", "id")
        .values_list("id", "conversation_id", "format", "starts_at", "checklist_done")
    )


def questions(ids):
    return (
        PlannedQuestion.objects.filter(conversation_id__in=ids)
        .order_by("id")
        .values_list("conversation_id", "text", "closing", "created")
    )


class CompiledQueryTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.mine = []
        for n in range(4):
            conversation = factories.conversation(
                self.alice, factories.contact(self.alice, f"Person {n}")
            )
            for days in (-2, 0.5, 3 + n):
                factories.meeting(
                    self.alice,
                    conversation,
                    in_days=days,
                    format=["phone", "video"][n % 2],
                    checklist_done=["agenda", "quiet-room"][: n % 3],
                )
            services.add_from_bank(conversation, "career-first-pull")
            services.add_question(conversation, f"What surprised you in year {n}?")
            if n % 2:
                conversation.planned_questions.filter(bank_slug="").update(closing=True)
            self.mine.append(conversation.pk)

    def test_it_gives_the_orms_rows_for_any_ids_and_values(self):
        upcoming = CompiledQuery(meetings, ids=IDS, since=Meeting._meta.get_field("starts_at"))
        planned = CompiledQuery(questions, ids=IDS)
        now = timezone.now()
        for ids in ([], self.mine[:1], self.mine, self.mine[1:3] + [10**9]):
            for since in (now - timedelta(days=3), now + timedelta(days=1)):
                self.assertEqual(
                    [tuple(row) for row in upcoming.rows(ids=ids, since=since)],
                    list(meetings(ids, since)),
                )
            self.assertEqual([tuple(row) for row in planned.rows(ids=ids)], list(questions(ids)))
        rows = planned.rows(ids=self.mine)
        self.assertEqual({type(row[2]) for row in rows}, {bool})
        self.assertEqual({row[2] for row in rows}, {False, True})

    def test_it_is_built_once_and_runs_one_query(self):
        planned = CompiledQuery(questions, ids=IDS)
        with mock.patch.object(CompiledQuery, "_compile", side_effect=planned._compile) as compile:
            for ids in (self.mine[:1], self.mine, []):
                with CaptureQueriesContext(connection) as captured:
                    planned.rows(ids=ids)
                self.assertEqual(len(captured), 1)
        self.assertEqual(compile.call_count, 1)

    def test_a_shape_and_values_give_the_orms_rows_in_values_lists_order(self):
        # An annotation listed between fields (the database answers fields first), a value
        # compared with a column, and a LIMIT that changes the SQL: one compiled query per shape.
        def closing_first(limit, user):
            return (
                PlannedQuestion.objects.filter(conversation__user_id=user)
                .annotate(words=Length("text"))
                .order_by("-closing", "id")
                .values_list("id", "words", "text", "closing")[:limit]
            )

        compiled = CompiledQuery(closing_first, user=Conversation._meta.get_field("user"))
        for limit in (1, 3, 100, 3, 0):
            for user in (self.alice, self.bob):
                self.assertEqual(
                    [tuple(row) for row in compiled.rows(limit, user=user.pk)],
                    list(closing_first(limit, user.pk)),
                )
        alices = PlannedQuestion.objects.filter(conversation__user=self.alice).count()
        self.assertGreater(alices, 3)  # so that a LIMIT of 3 leaves some out
        self.assertEqual(len(compiled.rows(100, user=self.alice.pk)), alices)
        self.assertEqual(compiled.rows(100, user=self.bob.pk), [])


class IdsOnPostgreSQLTests(BaseTestCase):
    """A list of ids is one array on PostgreSQL, tested with `= ANY`: a condition on the table's
    own rows (looked up in the index when that is cheaper). As `IN (SELECT unnest(…))` it was a
    join: PostgreSQL hashed the ids and read the whole table to probe them (the board's 225
    cards among the bench's 4,000 conversations: 2.4 ms, against 1.2 by the index)."""

    def setUp(self) -> None:
        super().setUp()
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL's plan")

    def test_the_ids_are_a_condition_not_a_join(self):
        contact = factories.contact(self.alice, "Ann")
        Conversation.objects.bulk_create(
            Conversation(user=self.alice, contact=contact) for _ in range(2000)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE pipeline_conversation")
        ids = list(Conversation.objects.values_list("pk", flat=True)[:225])
        read = CompiledQuery(
            lambda ids: Conversation.objects.filter(pk__in=ids).values_list("pk").order_by(),
            ids=IDS,
        )
        sql, params = read.statement(ids=ids)
        self.assertIn("= ANY(", sql)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertNotIn("Join", plan)
        self.assertNotIn("unnest", plan)
        self.assertEqual(sorted(pk for (pk,) in read.rows(ids=ids)), sorted(ids))
        # Excluding ids reads the same way (`NOT (… = ANY(…))`).
        others = CompiledQuery(
            lambda ids: Conversation.objects.exclude(pk__in=ids).values_list("pk").order_by(),
            ids=IDS,
        )
        self.assertEqual(len(others.rows(ids=ids)), 2000 - 225)
