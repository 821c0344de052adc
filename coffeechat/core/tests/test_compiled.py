"""core.compiled: a query built once and run for any list of ids gives the rows the ORM gives,
converted alike (booleans, dates and times, JSON), on either database."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.core.compiled import IdsQuery
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.models import Meeting
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


class IdsQueryTests(BaseTestCase):
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
        upcoming = IdsQuery(meetings, since=Meeting._meta.get_field("starts_at"))
        planned = IdsQuery(questions)
        now = timezone.now()
        for ids in ([], self.mine[:1], self.mine, self.mine[1:3] + [10**9]):
            for since in (now - timedelta(days=3), now + timedelta(days=1)):
                self.assertEqual(
                    [tuple(row) for row in upcoming.rows(ids, since=since)],
                    list(meetings(ids, since)),
                )
            self.assertEqual([tuple(row) for row in planned.rows(ids)], list(questions(ids)))
        rows = planned.rows(self.mine)
        self.assertEqual({type(row[2]) for row in rows}, {bool})
        self.assertEqual({row[2] for row in rows}, {False, True})

    def test_it_is_built_once_and_runs_one_query(self):
        planned = IdsQuery(questions)
        with mock.patch.object(IdsQuery, "_compile", side_effect=planned._compile) as compile:
            for ids in (self.mine[:1], self.mine, []):
                with CaptureQueriesContext(connection) as captured:
                    planned.rows(ids)
                self.assertEqual(len(captured), 1)
        self.assertEqual(compile.call_count, 1)
