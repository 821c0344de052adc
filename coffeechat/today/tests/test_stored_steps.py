"""Stored next steps (today.stored): `valid_until` holds for `next_step`, Today and the board
read from the store exactly what the full computation gives as time passes and across zones,
and a view after a change touching one conversation works out that one alone."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import time_machine
from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.core.freshness import facts_changed_in_bulk
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.outreach.models import RequestDraft
from coffeechat.outreach.services import mark_sent
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.today import stored, today_items
from coffeechat.today.models import StoredStep
from coffeechat.today.next_step import Facts, next_step, valid_until
from coffeechat.today.panels import next_step_badges
from coffeechat.today.tests.test_today_fast import MONDAY, TodayEqualsTheFullComputationTests

ZONES = [zoneinfo.ZoneInfo(name) for name in ("UTC", "Pacific/Auckland", "America/New_York")]
START = datetime(2026, 3, 2, tzinfo=UTC)
moments = st.builds(lambda hours: START + timedelta(minutes=hours), st.integers(0, 60 * 24 * 50))
maybe = st.none() | moments
lengths = st.builds(lambda minutes: timedelta(minutes=minutes), st.integers(0, 180))


def full_items(user, now) -> list:
    """Today's items with every step worked out afresh."""
    return list(today_items.items(user, now, today_items.full_computation(user, now)))


@st.composite
def facts(draw) -> Facts:
    starts = draw(maybe)
    return Facts(
        stage=draw(
            st.sampled_from(
                ["identified", "requested", "scheduled", "met", "thanked", "keeping_in_touch"]
                + ["declined", "no_response"]
            )
        ),
        contact="Ann",
        stage_changed_at=draw(moments),
        organisation=draw(st.sampled_from(["", "Acme"])),
        organisation_id=draw(st.sampled_from([None, 7])),
        draft_at=draw(maybe),
        requested_at=draw(maybe),
        follow_up_sent_at=draw(maybe),
        reply=draw(st.sampled_from(["", "yes", "no", "referred", "not_now", "out_of_office"])),
        replied_at=draw(moments),
        meeting_starts_at=starts,
        meeting_ends_at=None
        if starts is None
        else starts + timedelta(minutes=draw(st.integers(0, 180))),
        captured=draw(st.booleans()),
        ready=draw(st.booleans()),
        met_at=draw(maybe),
        thanked_at=draw(maybe),
        my_promise=draw(st.sampled_from(["", "Send the paper"])),
        my_promise_due=draw(st.none() | st.dates(date(2026, 3, 1), date(2026, 4, 30))),
        their_promise=draw(st.sampled_from(["", "Intro to Bo"])),
        advice_done=draw(st.sampled_from(["", "Read it"])),
        advice_done_at=draw(maybe),
        keep_in_touch_due_at=draw(maybe),
        conversation_id=1,
        contact_id=2,
    )


class ValidUntilTests(SimpleTestCase):
    @settings(max_examples=400, deadline=None)
    @given(facts(), moments, st.sampled_from(ZONES), st.floats(0, 1))
    def test_the_step_holds_at_every_instant_before_valid_until(self, facts, now, zone, where):
        with timezone.override(zone):
            until = valid_until(facts, now, zone)
            self.assertGreater(until, now)
            later = now + (until - now) * where
            if later >= until:
                later = until - timedelta(microseconds=1)
            self.assertEqual(next_step(facts, later, zone), next_step(facts, now, zone))
            # Just before the end, too: where a step changes, valid_until is no later.
            just_before = until - timedelta(microseconds=1)
            self.assertEqual(next_step(facts, just_before, zone), next_step(facts, now, zone))


class StoredEqualsTheFullComputationTests(TodayEqualsTheFullComputationTests):
    """The same varied data and sixteen days of clock as test_today_fast, in two zones: Today
    from the store (kept between the views: nothing written as time passes) == worked out
    afresh; and the board's badges too."""

    def items(self, now: datetime, full: bool) -> list:
        with time_machine.travel(now, tick=False):
            if full:
                return list(
                    today_items.items(
                        self.alice, now, today_items.full_computation(self.alice, now)
                    )
                )
            return list(today_items.next_steps(self.alice, now))

    def test_a_second_view_reads_the_store_and_writes_nothing(self):
        now = MONDAY + timedelta(hours=1)
        with time_machine.travel(now, tick=False):
            list(today_items.next_steps(self.alice, now))
            stored = StoredStep.objects.filter(user=self.alice).count()
            self.assertGreater(stored, 0)
            with CaptureQueriesContext(connection) as queries:
                list(today_items.next_steps(self.alice, now))
            # Nothing stale: which conversations to refresh, the stored rows, others_at.
            self.assertLessEqual(len(queries), 3)
            self.assertFalse([q for q in queries if q["sql"].startswith(("INSERT", "UPDATE"))])


class QueriesAfterAChangeTests(BaseTestCase):
    def test_a_view_after_a_change_works_out_only_what_it_touched_in_a_fixed_number(self):
        sent = datetime(2026, 3, 2, 9, tzinfo=UTC)
        conversations = []
        for i in range(12):
            conv = factories.conversation(self.alice, factories.contact(self.alice, f"P {i}"))
            with time_machine.travel(sent, tick=False):
                draft = RequestDraft.objects.create(user=self.alice, conversation=conv, body="Hi")
                mark_sent(draft)
            conversations.append(conv)
        now = sent + timedelta(days=4)

        def view_after_changing(changed: list) -> int:
            for conv in changed:
                conv.intention = "Learn about the role"
                conv.save()
            stale = StoredStep.objects.filter(valid_until__isnull=True)
            self.assertEqual(sorted(s.pk for s in stale), sorted(c.pk for c in changed))
            with CaptureQueriesContext(connection) as queries:
                after = list(today_items.next_steps(self.alice, now))
            self.assertEqual(after, full_items(self.alice, now))
            self.assertFalse(StoredStep.objects.filter(valid_until__isnull=True).exists())
            return len(queries)

        with time_machine.travel(now, tick=False):
            list(today_items.next_steps(self.alice, now))
            # The conversations with whether each has a trusted step, the stale ones'
            # versions, the facts of those (drafts, replies, meetings, read once for the facts
            # and the moments they hold until, readiness, actions, touches), the upsert, the
            # rows (no 3B7 names to find); with nothing stale, the first and the rows.
            self.assertEqual(view_after_changing(conversations[3:4]), 13)
            self.assertEqual(view_after_changing(conversations[:5]), 13)
            self.assertEqual(view_after_changing([]), 2)


class BoardBadgeQueriesTests(BaseTestCase):
    def test_the_boards_steps_are_read_in_two_queries_when_none_is_stale(self):
        cards = [
            factories.conversation(self.alice, factories.contact(self.alice, f"P {i}"))
            for i in range(6)
        ]
        next_step_badges(cards)  # works every step out and stores it
        with CaptureQueriesContext(connection) as queries:
            badges = next_step_badges(cards)
        # The cards with whether each has a trusted step, then the stored steps.
        self.assertEqual(len(queries), 2, [q["sql"] for q in queries])
        self.assertEqual(set(badges), {card.pk for card in cards})
        cards[2].intention = "Learn about the role"
        cards[2].save()  # clears that card's step
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(next_step_badges(cards), badges)
        self.assertGreater(len(queries), 2)  # that one worked out again


class AWriteDuringARefreshTests(BaseTestCase):
    """A write that lands while a view works steps out (another request, another server) is
    not overwritten by the step worked out from the facts before it."""

    def setUp(self):
        super().setUp()
        self.contact = factories.contact(self.alice, "Ann Old")
        self.conversation = factories.conversation(self.alice, self.contact)
        self.now = timezone.now()

    def refresh_with_a_write_after_reading(self, writes: int) -> None:
        """today.stored.refresh, with the contact renamed after each of its first `writes`
        readings of the facts (as a concurrent request would)."""
        real = stored.steps_for
        done = []

        def read_then_write(*args, **kwargs):
            found = real(*args, **kwargs)
            if len(done) < writes:
                done.append(1)
                self.contact.display_name = f"Ann New {len(done)}"
                self.contact.save()
            return found

        with mock.patch.object(stored, "steps_for", read_then_write):
            stored.refresh({self.conversation.pk: self.alice.pk}, self.now)

    def titles(self) -> list[str]:
        return list(StoredStep.objects.exclude(kind="").values_list("title", flat=True))

    def test_a_first_refresh_works_the_changed_step_out_again(self):
        self.refresh_with_a_write_after_reading(writes=1)
        self.assertEqual(self.titles(), ["Write your request to Ann New 1"])
        self.assertEqual(
            today_items.shown_from_store(self.alice, self.now)[0].step.title,
            "Write your request to Ann New 1",
        )

    def test_a_stored_step_is_not_put_back_over_a_clear(self):
        stored.refresh({self.conversation.pk: self.alice.pk}, self.now)
        self.assertEqual(self.titles(), ["Write your request to Ann Old"])
        self.contact.display_name = "Ann Middle"
        self.contact.save()
        self.refresh_with_a_write_after_reading(writes=1)
        self.assertEqual(self.titles(), ["Write your request to Ann New 1"])

    def test_a_step_that_keeps_changing_is_left_cleared_not_stored_stale(self):
        self.refresh_with_a_write_after_reading(writes=stored.ATTEMPTS)
        step = StoredStep.objects.get()
        self.assertIsNone(step.valid_until)  # the next view works it out again
        self.assertEqual(
            today_items.shown_from_store(self.alice, self.now)[0].step.title,
            f"Write your request to Ann New {stored.ATTEMPTS}",
        )


class MovingFromTheStoredRowsTests(BaseTestCase):
    """Today reads which conversations are moving from their stored steps (`closed` and the
    stage's date), not from the conversations: a step cleared by a change of stage is not
    trusted for it, even when the conversation left Today and so is not worked out again."""

    def test_a_conversation_closed_long_ago_by_a_bulk_write_leaves_today(self):
        now = timezone.now()
        conversation = factories.conversation(self.alice, factories.contact(self.alice, "Ann"))
        self.assertEqual(len(today_items.shown_from_store(self.alice, now)), 1)
        # As an import or a correction of dates might: closed, and long ago, without a save.
        Conversation.objects.filter(pk=conversation.pk).update(
            stage=Stage.DECLINED, stage_changed_at=now - today_items.RECENTLY_CLOSED * 2
        )
        facts_changed_in_bulk(None, self.alice.pk, conversations=[conversation.pk])
        self.assertEqual(today_items.shown_from_store(self.alice, now), [])
        self.assertEqual(full_items(self.alice, now), [])

    def test_a_closed_conversation_stays_on_today_for_a_week(self):
        now = timezone.now()
        conversation = factories.conversation(self.alice, factories.contact(self.alice, "Ann"))
        conversation.stage = Stage.DECLINED
        conversation.save()
        [row] = today_items.shown_from_store(self.alice, now)
        self.assertTrue(StoredStep.objects.get(pk=conversation.pk).closed)
        later = now + today_items.RECENTLY_CLOSED + timedelta(minutes=1)
        self.assertEqual(today_items.shown_from_store(self.alice, later), [])
