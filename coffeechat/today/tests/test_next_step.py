"""The table of states and next steps (today.next_step), row by row, with a fixed clock.

The clock: Wednesday 18 November 2026, 09:00 UTC. Business days skip the weekend.
"""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from coffeechat.today.next_step import Facts, next_step

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

BASE = Facts(stage="prospect", contact="Priya", stage_changed_at=NOW - 30 * DAY)


@pytest.fixture(autouse=True)
def utc():
    with timezone.override("UTC"):
        yield


def at(**changes) -> Facts:
    return replace(BASE, **changes)


def met(**changes) -> Facts:
    """A meeting of 20 minutes that ended two hours ago, captured."""
    defaults = {
        "stage": "met",
        "requested_at": NOW - 20 * DAY,
        "reply": "yes",
        "replied_at": NOW - 19 * DAY,
        "meeting_starts_at": NOW - 2 * HOUR - timedelta(minutes=20),
        "meeting_ends_at": NOW - 2 * HOUR,
        "captured": True,
    }
    return at(**(defaults | changes))


def thanked(**changes) -> Facts:
    return met(**({"stage": "thanked", "thanked_at": NOW - HOUR} | changes))


ROWS = [
    # (name, facts, expected kind, expected due)
    ("nothing written yet", at(), "write", None),
    (
        "moved to scheduled by hand, no meeting entered",
        at(stage="scheduled", stage_changed_at=NOW - HOUR),
        "schedule",
        NOW - HOUR,
    ),
    (
        "moved to requested by hand, no request logged",
        at(stage="requested", stage_changed_at=NOW - 2 * DAY),
        "wait",
        datetime(2026, 11, 19, tzinfo=UTC),
    ),
    (
        "moved to keeping in touch by hand, nothing logged",
        at(stage="keeping_in_touch", stage_changed_at=NOW - DAY, keep_in_touch_due_at=NOW),
        "keep_in_touch",
        NOW,
    ),
    (
        "moved to met by hand, no meeting entered",
        at(stage="met", met_at=NOW - 2 * HOUR, stage_changed_at=NOW - 2 * HOUR),
        "thank",
        NOW - 2 * HOUR + DAY,
    ),
    ("a draft not sent", at(stage="request_drafted", draft_at=NOW - DAY), "send", NOW - DAY),
    # 3B7 counts whole days, due from midnight. Sent on Monday 16 November: day 3 is Thursday
    # 19th, day 7 Wednesday 25th. Sent on Sunday 8th: day 7 is Tuesday 17th. Sent on Thursday
    # 29 October: day 14 is Wednesday 18th.
    (
        "sent, under 3 business days",
        at(stage="requested", requested_at=NOW - 2 * DAY, organisation="Arup"),
        "wait",
        datetime(2026, 11, 19, tzinfo=UTC),
    ),
    (
        "sent, 3 business days gone",
        at(stage="requested", requested_at=NOW - 2 * DAY, organisation="Arup"),
        "ask_second",
        datetime(2026, 11, 25, tzinfo=UTC),
    ),
    (
        "sent, 7 business days gone, no follow-up",
        at(stage="requested", requested_at=NOW - 10 * DAY),
        "follow_up",
        datetime(2026, 11, 17, tzinfo=UTC),
    ),
    (
        "sent, 14 business days gone, never followed up",
        at(stage="requested", requested_at=NOW - 20 * DAY),
        "no_response",
        datetime(2026, 11, 18, tzinfo=UTC),
    ),
    (
        "followed up, waiting",
        at(stage="requested", requested_at=NOW - 12 * DAY, follow_up_sent_at=NOW - 2 * DAY),
        "wait",
        datetime(2026, 11, 25, tzinfo=UTC),
    ),
    (
        "followed up, 7 more business days gone",
        at(stage="requested", requested_at=NOW - 20 * DAY, follow_up_sent_at=NOW - 10 * DAY),
        "no_response",
        datetime(2026, 11, 17, tzinfo=UTC),
    ),
    (
        "an out-of-office reply keeps the clock running",
        at(stage="requested", requested_at=NOW - 10 * DAY, reply="out_of_office"),
        "follow_up",
        datetime(2026, 11, 17, tzinfo=UTC),
    ),
    (
        "replied yes",
        at(stage="requested", requested_at=NOW - 3 * DAY, reply="yes", replied_at=NOW - HOUR),
        "schedule",
        NOW - HOUR,
    ),
    (
        "replied no",
        at(stage="requested", requested_at=NOW - 3 * DAY, reply="no", replied_at=NOW - HOUR),
        "ask_next",
        NOW - HOUR,
    ),
    ("declined", at(stage="declined", stage_changed_at=NOW - DAY), "ask_next", NOW - DAY),
    ("no response", at(stage="no_response", stage_changed_at=NOW - DAY), "ask_next", NOW - DAY),
    (
        "referred me elsewhere",
        at(stage="requested", requested_at=NOW - 3 * DAY, reply="referred", replied_at=NOW),
        "referral",
        NOW,
    ),
    (
        "not now",
        at(stage="requested", requested_at=NOW - 3 * DAY, reply="not_now", replied_at=NOW),
        "ask_again",
        NOW + 21 * DAY,
    ),
    (
        "a meeting tomorrow, not ready",
        at(stage="scheduled", meeting_starts_at=NOW + DAY, meeting_ends_at=NOW + DAY + HOUR),
        "prepare",
        NOW + DAY,
    ),
    (
        "a meeting tomorrow, ready",
        at(
            stage="scheduled",
            meeting_starts_at=NOW + DAY,
            meeting_ends_at=NOW + DAY + HOUR,
            ready=True,
        ),
        "join",
        NOW + DAY,
    ),
    (
        "a meeting under way",
        at(
            stage="scheduled",
            meeting_starts_at=NOW - timedelta(minutes=5),
            meeting_ends_at=NOW + timedelta(minutes=15),
        ),
        "in_meeting",
        NOW + timedelta(minutes=15),
    ),
    (
        "a meeting over without meeting mode, not captured",
        met(stage="scheduled", captured=False),
        "capture",
        NOW - 2 * HOUR,
    ),
    (
        "a meeting over more than a day, still not captured",
        met(
            stage="scheduled",
            captured=False,
            meeting_starts_at=NOW - 2 * DAY,
            meeting_ends_at=NOW - 2 * DAY + HOUR,
        ),
        "thank",
        NOW - DAY + HOUR,
    ),
    ("captured, not thanked", met(), "thank", NOW - 2 * HOUR + DAY),
    (
        "thanked, a promise of mine with a date",
        thanked(my_promise="Send my summary", my_promise_due=date(2026, 11, 20)),
        "my_promise",
        timezone.make_aware(datetime(2026, 11, 20, 23, 59)),
    ),
    (
        "thanked, a promise of mine without a date",
        thanked(my_promise="Send my summary"),
        "my_promise",
        NOW - HOUR + 7 * DAY,
    ),
    (
        "thanked, their promise, under a week",
        thanked(their_promise="Introduce me to Sam"),
        "keep_in_touch",
        None,
    ),
    (
        "thanked, their promise, a week on",
        thanked(
            their_promise="Introduce me to Sam",
            meeting_starts_at=NOW - 8 * DAY - HOUR,
            meeting_ends_at=NOW - 8 * DAY,
        ),
        "their_promise",
        NOW - DAY,
    ),
    (
        "thanked, advice acted on",
        thanked(advice_done="Read the report", advice_done_at=NOW - DAY),
        "close_loop",
        NOW - DAY,
    ),
    (
        "thanked, nothing open",
        thanked(keep_in_touch_due_at=NOW + 90 * DAY),
        "keep_in_touch",
        NOW + 90 * DAY,
    ),
    (
        "keeping in touch",
        thanked(stage="keeping_in_touch", keep_in_touch_due_at=NOW - DAY),
        "keep_in_touch",
        NOW - DAY,
    ),
]


@override_settings(TIME_ZONE="UTC", HOLIDAYS=())
@pytest.mark.parametrize(("name", "facts", "kind", "due"), ROWS, ids=[row[0] for row in ROWS])
def test_it_gives_the_next_step_of_each_state(name, facts, kind, due):
    now = NOW + DAY if name == "sent, 3 business days gone" else NOW
    step = next_step(facts, now)
    assert (step.kind, step.due) == (kind, due)
    assert step.title and step.action and step.target


@override_settings(TIME_ZONE="UTC", HOLIDAYS=())
def test_it_names_the_organisation_when_asking_a_second_person():
    facts = at(stage="requested", requested_at=NOW - 5 * DAY, organisation="Arup")
    assert next_step(facts, NOW).title == "Ask a second person at Arup while Priya replies"


@override_settings(TIME_ZONE="UTC", HOLIDAYS=())
def test_it_says_when_the_thank_you_falls_due_while_capture_comes_first():
    step = next_step(met(stage="scheduled", captured=False), NOW)
    assert step.detail == "The thank-you is due by Thu 19 Nov 07:00."


@override_settings(TIME_ZONE="UTC", HOLIDAYS=())
def test_it_calls_a_step_overdue_only_once_its_time_has_passed():
    step = next_step(met(), NOW)
    assert not step.overdue(NOW)
    assert step.overdue(NOW + 2 * DAY)


@override_settings(TIME_ZONE="UTC", HOLIDAYS=())
def test_it_has_a_page_for_every_steps_button():
    from coffeechat.today.facts import PAGES

    targets = {next_step(facts, NOW + DAY).target for _, facts, _, _ in ROWS}
    targets |= {next_step(facts, NOW).target for _, facts, _, _ in ROWS}
    assert targets <= set(PAGES)
