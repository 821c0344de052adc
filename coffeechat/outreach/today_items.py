"""Today: the week's progress toward the user's goal of new requests, and who to ask next while
the pipeline is thin or the week is behind.

(The 3B7 nudges for unanswered requests are next steps now: see today.next_step.)
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone

from coffeechat.core.extensions import Action, TodayItem, provider
from coffeechat.outreach.models import DraftKind, RequestDraft
from coffeechat.outreach.next_people import ranked_prospects, waiting_count

NEXT_PEOPLE = 3


def week_bounds(now: datetime, zone) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 in `zone`, around `now` (each built from its date,
    so a week across a clock change is still Monday to Monday)."""
    monday = now.astimezone(zone).date()
    monday -= timedelta(days=monday.weekday())
    start = datetime.combine(monday, time.min, tzinfo=zone)
    return start, datetime.combine(monday + timedelta(days=7), time.min, tzinfo=zone)


def _goal_and_zone(user):
    """The user's weekly goal of new requests (0: none) and their time zone."""
    try:
        profile = user.profile
    except ObjectDoesNotExist:
        return 0, timezone.get_current_timezone()
    try:
        zone = zoneinfo.ZoneInfo(profile.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_current_timezone()
    return profile.weekly_request_goal or 0, zone


def requests_sent_in(user, start: datetime, end: datetime) -> int:
    """New requests (not follow-ups) marked sent in [start, end)."""
    return (
        RequestDraft.objects.owned_by(user)
        .filter(kind=DraftKind.REQUEST, sent_at__gte=start, sent_at__lt=end)
        .count()
    )


def _ask_action(top) -> Action:
    if top.early_conversation_id:
        return Action(
            f"Write to {top.first_name}",
            reverse("outreach:compose", args=[top.early_conversation_id]),
        )
    return Action(
        f"Start a request to {top.first_name}",
        reverse("outreach:next_start", args=[top.pk]),
        "post",
    )


def _ranked(people) -> str:
    return "; ".join(
        f"{i}. {p.display_name}"
        + (f" at {p.organisation.name}" if p.organisation_id else "")
        + f" ({p.get_warmth_display().lower()})"
        for i, p in enumerate(people, 1)
    )


def _week_item(goal: int, sent: int, people) -> TodayItem:
    title = f"{sent} of {goal} request{'s' if goal != 1 else ''} this week"
    next_list = reverse("outreach:next_list")
    if sent >= goal:
        return TodayItem(
            kind="This week",
            title=f"{title}: goal met",
            url=next_list,
            detail="Steady volume is what works; the count starts again on Monday.",
            urgency=3,
        )
    more = goal - sent
    detail = f"{more} more by Sunday to keep to your goal. "
    if not people:
        return TodayItem(
            kind="This week",
            title=title,
            url=next_list,
            detail=detail + "Add people you could ask: nobody is waiting for a first request.",
            urgency=2,
            action=Action("Add a contact", reverse("contacts:create")),
        )
    return TodayItem(
        kind="This week",
        title=title,
        url=next_list,
        detail=detail + f"Who to ask next: {_ranked(people)}.",
        urgency=2,
        action=_ask_action(people[0]),
        extra_actions=(Action("See the list", next_list),),
    )


def ask_next_change_at(user, now):
    """The week's count starts again on Monday, in the user's zone; the rest is data alone."""
    goal, zone = _goal_and_zone(user)
    return week_bounds(now, zone)[1] if goal else None


@provider(changes_at=ask_next_change_at)
def ask_next(user, now):
    """The week's progress toward the goal, if the user set one; who to ask next while the week
    is behind (in that item) or few requests wait for a reply (an item of its own). A fixed
    number of queries: the count for the week, the waiting count, and the ranked prospects."""
    goal, zone = _goal_and_zone(user)
    if goal:
        sent = requests_sent_in(user, *week_bounds(now, zone))
        if sent < goal:
            # One item with the people in it, rather than a second list of the same names.
            yield _week_item(goal, sent, ranked_prospects(user, NEXT_PEOPLE))
            return
        yield _week_item(goal, sent, [])
    target = settings.PIPELINE_TARGET
    waiting = waiting_count(user)
    if waiting >= target:
        return
    people = ranked_prospects(user, NEXT_PEOPLE)
    if not people:
        return
    # One item, so Today's own sorting cannot reorder the ranking.
    top = people[0]
    yield TodayItem(
        kind="Ask next",
        title=f"Who to ask next: {top.display_name}",
        url=reverse("outreach:next_list"),
        detail=f"{waiting} of {target} requests are waiting for a reply. {_ranked(people)}.",
        urgency=3,
        action=_ask_action(top),
        extra_actions=(Action("See the list", reverse("outreach:next_list")),),
    )
