"""The next step of a conversation: one, computed here, from its stage, its events and the clock.

The method fails in the gaps between stages (a reply nobody acts on, a meeting never written up,
a thank-you that never goes), so every active conversation has exactly one next step, with the
time it falls due and one primary action. Today, the board's cards, the conversation page, the
terminal and the digest all show this same step.

`next_step(facts, now)` is a pure function of `Facts` (what is stored about the conversation,
gathered for many conversations at once by `today.facts`); the table below, top to bottom, is
the whole rule set (a stage moved by hand on the board stands for the events it implies: a
request sent, a meeting held), checked top to bottom (the first row that applies wins), and
`docs/next-step.md` shows it too. Each row is tested.

| state | next step | due |
|---|---|---|
| scheduled on the board, no meeting entered | schedule the meeting | when it moved |
| declined, replied "no", or no response after the follow-up | ask someone else | when it closed |
| meeting ahead, not ready | prepare | the meeting |
| meeting ahead, ready | join the meeting | the meeting |
| meeting under way | meeting mode | the meeting's end |
| meeting over, not captured, under a day | capture your notes | the meeting's end |
| meeting over, not thanked (captured or a day gone) | write the thank-you | a day after it ended |
| thanked, a promise of mine open | do what I promised | its due date, else a week after |
| thanked, a promise of theirs open a week | remind them gently | a week after the meeting |
| thanked, something I did on their advice | tell them how it went | when it was done |
| thanked, nothing open | keep in touch | the contact's keep-in-touch date |
| replied "yes" | schedule the meeting | the reply |
| replied "referred me to someone else" | write to the person they named | the reply |
| replied "not now" | ask again in a few weeks | three weeks after the reply |
| sent, under 3 business days | wait for the reply | day 3 |
| sent, 3 to 7 business days | ask a second person there (3B7) | day 7 |
| sent, 7 business days, no follow-up | follow up once | day 7 |
| sent, 14 business days, still no follow-up | mark no response, ask someone else | day 14 |
| followed up, 7 more business days | mark no response, ask someone else | 7 days after it |
| a request drafted, not sent | send it | when drafted |
| nothing written yet | write the request | — |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.utils import timezone

from coffeechat.outreach.business_days import add_business_days

# 3B7 (Steve Dalton, The 2-Hour Job Search), counted in business days.
SECOND_PERSON_AFTER = 3
FOLLOW_UP_AFTER = 7
GIVE_UP_AFTER = 7
THANKS_WITHIN = timedelta(hours=24)
ASK_AGAIN_AFTER = timedelta(weeks=3)  # "not now": seed 002, try again in a few weeks
CHASE_AFTER = timedelta(weeks=1)  # their promise: a gentle reminder after a week
MY_PROMISE_WITHIN = timedelta(weeks=1)

ENDED_STAGES = {"declined", "no_response"}
AFTER_MEETING = {"met", "thanked", "keeping_in_touch"}
THANKED_STAGES = {"thanked", "keeping_in_touch"}


@dataclass(frozen=True)
class Facts:
    """What is stored about one conversation, as far as its next step is concerned."""

    stage: str
    contact: str
    stage_changed_at: datetime
    organisation: str = ""
    draft_at: datetime | None = None  # an unsent request draft, by when it was written
    requested_at: datetime | None = None
    follow_up_sent_at: datetime | None = None
    reply: str = ""  # the latest reply's outcome ("yes", "no", …), "" when none
    replied_at: datetime | None = None
    meeting_starts_at: datetime | None = None  # the next or last meeting that is not cancelled
    meeting_ends_at: datetime | None = None
    captured: bool = False
    ready: bool = False  # prep's readiness for the next meeting
    still_to_do: str = ""  # what readiness misses, as a person would list it
    met_at: datetime | None = None
    thanked_at: datetime | None = None
    my_promise: str = ""  # the first open action item of mine, by due date
    my_promise_due: date | None = None
    their_promise: str = ""  # the first open action item of theirs
    advice_done: str = ""  # something of mine done since the last update to them
    advice_done_at: datetime | None = None
    keep_in_touch_due_at: datetime | None = None
    # Where the step's button goes needs these ids (see today.facts.action_for).
    conversation_id: int = 0
    contact_id: int = 0
    organisation_id: int | None = None
    meeting_id: int | None = None
    advice_action_id: int | None = None
    follow_up_draft_id: int | None = None  # a follow-up written and not sent yet


@dataclass(frozen=True)
class Step:
    kind: str  # a stable id: "schedule", "thank", … (the table above)
    title: str
    due: datetime | None
    action: str  # the button's label
    target: str  # where the button goes: see today.facts.PAGES
    detail: str = ""
    whole_day: bool = False  # due on a day (3B7 counts days), not at a time

    def overdue(self, now: datetime) -> bool:
        return self.due is not None and self.due < now


def _business_days_after(moment: datetime, days: int, zone) -> datetime:
    """The start of the day that is `days` business days after `moment` (in `zone`): 3B7
    counts days, not hours, so the nudge is there from the morning."""
    return _day_start(add_business_days(moment.astimezone(zone).date(), days), zone)


@lru_cache(maxsize=1024)
def _day_start(day: date, zone) -> datetime:
    # Cached: Today asks for the same few days for every waiting request.
    return timezone.make_aware(datetime.combine(day, time()), zone)


def _day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def _no_response(who: str, due: datetime, why: str) -> Step:
    return Step(
        "no_response",
        f"No answer from {who}: ask someone else",
        due,
        "Mark no response",
        "no_response",
        f"{why} It is not personal: move on to the next person.",
    )


def _waiting(facts: Facts, now: datetime, zone) -> Step:
    who = facts.contact
    if facts.follow_up_sent_at is not None:
        give_up = _business_days_after(facts.follow_up_sent_at, GIVE_UP_AFTER, zone)
        if now < give_up:
            return Step(
                "wait",
                f"Wait for {who}'s reply",
                give_up,
                "Log their reply",
                "reply",
                "You followed up once; that is enough.",
            )
        return _no_response(who, give_up, "You followed up once; they may simply be busy.")
    second = _business_days_after(facts.requested_at, SECOND_PERSON_AFTER, zone)
    follow_up = _business_days_after(facts.requested_at, FOLLOW_UP_AFTER, zone)
    give_up = _business_days_after(facts.requested_at, FOLLOW_UP_AFTER + GIVE_UP_AFTER, zone)
    if now >= give_up:
        return _no_response(who, give_up, "Fourteen business days without an answer.")
    if now < second:
        return Step("wait", f"Wait for {who}'s reply", second, "Log their reply", "reply")
    if now < follow_up:
        there = f" at {facts.organisation}" if facts.organisation else ""
        return Step(
            "ask_second",
            f"Ask a second person{there} while {who} replies",
            follow_up,
            "See who you know there" if facts.organisation_id else "Who to ask next",
            "organisation" if facts.organisation_id else "next_people",
            f"3B7: after three business days, approach someone else; follow up with "
            f"{who} on the seventh.",
        )
    written = facts.follow_up_draft_id is not None
    return Step(
        "follow_up",
        f"Follow up with {who}",
        follow_up,
        "Open the follow-up" if written else "Write the follow-up",
        "follow_up_draft" if written else "follow_up",
        "Seven business days without an answer: one short, friendly follow-up.",
    )


def _after_meeting(facts: Facts, now: datetime) -> Step | None:
    who = facts.contact
    ended = facts.meeting_ends_at
    if facts.thanked_at is None:
        thanks_due = ended + THANKS_WITHIN
        if not facts.captured and now < thanks_due:
            return Step(
                "capture",
                f"Capture what you learned from {who}",
                ended,
                "Capture notes",
                "capture",
                f"The thank-you is due by {timezone.localtime(thanks_due):%a %-d %b %H:%M}.",
            )
        return Step(
            "thank",
            f"Write the thank-you to {who}",
            thanks_due,
            "Write it",
            "thanks",
            "Best sent within a day, while the conversation is fresh.",
        )
    if facts.my_promise:
        due = (
            _day_end(facts.my_promise_due)
            if facts.my_promise_due
            else facts.thanked_at + MY_PROMISE_WITHIN
        )
        return Step(
            "my_promise",
            f"Do what you promised {who}: {facts.my_promise}",
            due,
            "See actions",
            "actions",
        )
    if facts.their_promise and now >= ended + CHASE_AFTER:
        return Step(
            "their_promise",
            f"Remind {who} gently: {facts.their_promise}",
            ended + CHASE_AFTER,
            "See actions",
            "actions",
            "A short, friendly note; they offered, so a reminder is welcome.",
        )
    if facts.advice_done:
        return Step(
            "close_loop",
            f"Tell {who} how it went: {facts.advice_done}",
            facts.advice_done_at,
            "Write the update",
            "close_loop",
        )
    return None


def _moved_by_hand(facts: Facts) -> Facts:
    """Fill in what a stage moved on the board implies when its events were not logged: a
    request sent (requested, with no date), a meeting held (met or later, with no meeting), a
    thank-you sent (thanked or later, with no date)."""
    changes: dict = {}
    if facts.reply == "out_of_office":  # an automatic answer: the clock keeps running
        changes.update(reply="", replied_at=None)
    if facts.stage == "requested" and facts.requested_at is None:
        changes["requested_at"] = facts.stage_changed_at
    if facts.stage in AFTER_MEETING and facts.meeting_ends_at is None:
        met = facts.met_at or facts.stage_changed_at
        changes.update(meeting_starts_at=met, meeting_ends_at=met, captured=True)
    if facts.stage in THANKED_STAGES and facts.thanked_at is None:
        changes["thanked_at"] = facts.stage_changed_at
    if not changes:
        return facts
    # One new Facts from the fields (dataclasses.replace costs several times more: Today asks
    # this of every conversation).
    return Facts(**{**facts.__dict__, **changes})


def next_step(facts: Facts, now: datetime, zone=None) -> Step:
    """The one next step for a conversation in the state `facts` describes, at `now`; days are
    counted in `zone` (the current time zone unless given: lists pass it once for all)."""
    who = facts.contact
    facts = _moved_by_hand(facts)
    if facts.stage == "scheduled" and facts.meeting_starts_at is None:
        return Step(
            "schedule",
            f"Schedule the meeting with {who}",
            facts.stage_changed_at,
            "Add the meeting",
            "schedule",
            "Put its time here for the invitation and Today.",
        )
    if facts.stage in ENDED_STAGES or facts.reply == "no":
        when = facts.replied_at if facts.reply == "no" else facts.stage_changed_at
        return Step(
            "ask_next", f"Ask someone else instead of {who}", when, "Who to ask next", "next_people"
        )
    meeting_ahead = facts.meeting_starts_at is not None and facts.meeting_ends_at > now
    meeting_past = facts.meeting_ends_at is not None and facts.meeting_ends_at <= now
    if meeting_ahead:
        if facts.meeting_starts_at <= now:
            return Step(
                "in_meeting",
                f"Talking with {who} now",
                facts.meeting_ends_at,
                "Meeting mode",
                "meeting_mode",
            )
        if not facts.ready:
            return Step(
                "prepare",
                f"Prepare for {who}",
                facts.meeting_starts_at,
                "Open the plan",
                "plan",
                f"Still to do: {facts.still_to_do}." if facts.still_to_do else "",
            )
        return Step(
            "join",
            f"Meet {who}",
            facts.meeting_starts_at,
            "Meeting mode",
            "meeting_mode",
            "Ready. Log in or arrive a few minutes early.",
        )
    if meeting_past:
        step = _after_meeting(facts, now)
        if step is not None:
            return step
        return Step(
            "keep_in_touch",
            f"Keep in touch with {who}",
            facts.keep_in_touch_due_at,
            "Log a touch",
            "contact",
        )
    if facts.reply == "yes":
        return Step(
            "schedule",
            f"Schedule the meeting with {who}",
            facts.replied_at,
            "Schedule",
            "schedule",
            "They said yes: send times and an invitation now.",
        )
    if facts.reply == "referred":
        return Step(
            "referral",
            f"Write to the person {who} suggested",
            facts.replied_at,
            "Who to ask next",
            "next_people",
        )
    if facts.reply == "not_now":
        return Step(
            "ask_again",
            f"Ask {who} again",
            facts.replied_at + ASK_AGAIN_AFTER,
            "Write to them",
            "compose",
        )
    if facts.requested_at is not None:
        zone = zone or timezone.get_current_timezone()
        step = _waiting(facts, now, zone)
        return Step(**{**step.__dict__, "whole_day": True})  # cheaper than dataclasses.replace
    if facts.draft_at is not None:
        return Step(
            "send", f"Send your request to {who}", facts.draft_at, "Open the draft", "compose"
        )
    return Step("write", f"Write your request to {who}", None, "Write the request", "compose")


# A kept step is worked out again at least this often, whatever its facts say.
KEPT_AT_MOST = timedelta(days=1)


def later(moment: datetime, by: timedelta) -> datetime | None:
    """`moment + by`, or None past the calendar's end (a meeting stored in the year 9999): a
    moment that never comes bounds nothing."""
    try:
        return moment + by
    except OverflowError:
        return None


def valid_until(
    facts: Facts, now: datetime, zone, more: tuple[datetime | None, ...] = ()
) -> datetime:
    """The earliest moment after `now` at which `next_step(facts, …)` could differ from
    `next_step(facts, now)` through time alone: every instant the rules above compare the clock
    with (a meeting's start and end, a day after it, a week after it, 3B7's days, …), for
    every stored moment. Earlier than needed is only slower, never wrong. `more`: moments
    outside `facts` that the facts themselves turn on as time passes (today.stored passes
    every meeting of the conversation)."""
    facts = _moved_by_hand(facts)
    moments = [
        facts.stage_changed_at,
        facts.draft_at,
        facts.replied_at,
        facts.met_at,
        facts.thanked_at,
        facts.advice_done_at,
        facts.keep_in_touch_due_at,
        *more,
    ]
    for moment in (facts.meeting_starts_at, facts.meeting_ends_at, facts.replied_at):
        if moment is not None:
            moments.append(moment)
            moments += [later(moment, by) for by in (THANKS_WITHIN, CHASE_AFTER, ASK_AGAIN_AFTER)]
    for moment, days in (
        (
            facts.requested_at,
            (SECOND_PERSON_AFTER, FOLLOW_UP_AFTER, FOLLOW_UP_AFTER + GIVE_UP_AFTER),
        ),
        (facts.follow_up_sent_at, (GIVE_UP_AFTER,)),
    ):
        if moment is not None:
            moments += [_business_days_after(moment, d, zone) for d in days]
    ahead = [moment for moment in moments if moment is not None and moment > now]
    return min([*ahead, now + KEPT_AT_MOST])
