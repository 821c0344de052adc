"""Today: each conversation's one next step (today.next_step), when it is worth a look today.

This replaces the per-stage lists that each app used to add (waiting for a reply, 3B7, meetings
to prepare, thank-yous due), which looked at the stage alone and went stale between stages.
"""

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from coffeechat.contacts.services import others_at
from coffeechat.core.extensions import Action, TodayItem, provider
from coffeechat.core.reversing import url_with_id
from coffeechat.pipeline.models import ACTIVE_STAGES, CLOSED_STAGES, Conversation
from coffeechat.today.facts import action_for, steps_for
from coffeechat.today.next_step import Facts, Step

# How far ahead a step with a date is shown, and how long a closed conversation still asks for
# the next person.
AHEAD = timedelta(days=7)
PREPARE_AHEAD = timedelta(days=3)  # "prepare" earlier than that is not today's business
RECENTLY_CLOSED = timedelta(days=7)
# The earliest steps of each kind that Today lists (the board shows every conversation).
PER_KIND = 25
# Shown elsewhere on Today: people to keep in touch with (per contact, by keepintouch), and my
# dated action items (by followup).
SHOWN_ELSEWHERE = {"keep_in_touch"}
KINDS = {
    "write": "Request",
    "send": "Request",
    "wait": "Waiting",
    "ask_second": "3B7",
    "follow_up": "3B7",
    "no_response": "3B7",
    "ask_next": "Next person",
    "schedule": "Schedule",
    "referral": "Referral",
    "ask_again": "Ask again",
    "prepare": "Prepare",
    "join": "Meeting",
    "in_meeting": "Meeting",
    "capture": "Capture",
    "thank": "Thank-you",
    "my_promise": "Promise",
    "their_promise": "Promise",
    "close_loop": "Update",
}


def _shown(step: Step, facts: Facts, now) -> bool:
    if step.kind in SHOWN_ELSEWHERE:
        return False
    if step.kind == "my_promise" and facts.my_promise_due is not None:
        return False  # the action items list shows it with its date
    ahead = PREPARE_AHEAD if step.kind == "prepare" else AHEAD
    return step.due is None or step.due <= now + ahead


def _due(pair: tuple[Step, Facts]) -> datetime:
    return pair[0].due or datetime.max.replace(tzinfo=UTC)


def _urgency(step: Step, now) -> int:
    if step.kind in {"wait", "write"}:
        return 3
    if step.due is None or step.due <= now + timedelta(days=1):
        return 1
    return 2


def moving(user, now):
    """The user's conversations that can have a step for Today: still moving, or closed lately."""
    return Conversation.objects.owned_by(user).filter(
        Q(stage__in=ACTIVE_STAGES)
        | Q(stage__in=CLOSED_STAGES, stage_changed_at__gte=now - RECENTLY_CLOSED)
    )


def chosen(steps, now) -> list[tuple[Step, Facts]]:
    """The steps Today lists, from every conversation's (step, facts): those due soon enough,
    the earliest few of each kind (a day's work: the board lists them all, and a heavy
    networker may have hundreds of stale requests)."""
    shown = [(step, facts) for step, facts in steps if _shown(step, facts, now)]
    by_kind: dict[str, list] = defaultdict(list)
    for pair in sorted(shown, key=_due):
        by_kind[pair[0].kind].append(pair)
    return [pair for pairs in by_kind.values() for pair in pairs[:PER_KIND]]


@provider
def next_steps(user, now):
    # Nothing due after AHEAD is shown, so readiness is read only for meetings before then.
    found = steps_for(moving(user, now), now, meetings_until=now + AHEAD)
    steps = chosen(found.values(), now)
    # 3B7's second person: name who the user already knows there (one query for all).
    second = [facts for step, facts in steps if step.kind == "ask_second" and facts.organisation_id]
    others = others_at(user, {f.organisation_id for f in second}, [f.contact_id for f in second])
    for step, facts in steps:
        action = action_for(step, facts)
        detail = step.detail
        people = others.get(facts.organisation_id, []) if step.kind == "ask_second" else []
        if people:
            detail = f"Others you know there: {', '.join(p.display_name for p in people)}. {detail}"
            action = Action(f"Open {people[0].display_name}", people[0].get_absolute_url())
        yield TodayItem(
            kind=KINDS[step.kind],
            title=step.title,
            url=url_with_id("pipeline:conversation_detail", facts.conversation_id),
            when=timezone.localdate(step.due) if step.due and step.whole_day else step.due,
            detail=detail,
            overdue=step.overdue(now),
            urgency=_urgency(step, now),
            action=action,
        )
