"""Today: the 3B7 nudges for unanswered requests, the week's progress toward the user's goal of
new requests, and who to ask next while the pipeline is thin or the week is behind.

3B7 (The 2-Hour Job Search): after 3 business days without a reply, approach a second person at
the same organisation; after 7, follow up once; after a further 7, mark it "no response".
"""

import zoneinfo
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, F, Max, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from coffeechat.contacts.models import Contact
from coffeechat.core.extensions import Action, TodayItem, provider
from coffeechat.outreach.business_days import add_business_days, business_days_between
from coffeechat.outreach.models import DraftKind, Outcome, Reply, RequestDraft
from coffeechat.outreach.next_people import ranked_prospects, waiting_count
from coffeechat.pipeline.models import Conversation, Stage

SECOND_PERSON_AFTER = 3
FOLLOW_UP_AFTER = 7
GIVE_UP_AFTER = 7  # business days after the follow-up (or after day 14 without one)
LIMIT = 25
OTHERS_PER_ORGANISATION = 3
NEXT_PEOPLE = 3


def _unanswered(user):
    replies = Reply.objects.filter(conversation=OuterRef("pk")).exclude(
        outcome=Outcome.OUT_OF_OFFICE
    )
    drafts = RequestDraft.objects.filter(conversation=OuterRef("pk"))
    follow_ups = drafts.filter(kind=DraftKind.FOLLOW_UP)
    return (
        Conversation.objects.owned_by(user)
        .filter(stage=Stage.REQUESTED, requested_at__isnull=False)
        .filter(~Exists(replies))
        .annotate(
            follow_up_sent=Subquery(
                follow_ups.filter(sent_at__isnull=False)
                .values("conversation")
                .annotate(m=Max("sent_at"))
                .values("m")[:1]
            ),
            follow_up_draft=Subquery(
                follow_ups.filter(sent_at__isnull=True).order_by("-id").values("pk")[:1]
            ),
        )
        .select_related("contact", "contact__organisation")
        .only(
            "id",
            "requested_at",
            "contact__display_name",
            "contact__organisation__name",
        )
        .order_by("requested_at", "id")[:LIMIT]
    )


def _others_at(user, organisation_ids, exclude_contact_ids) -> dict[int, list[Contact]]:
    """Up to three other contacts per organisation, in one query (a window per organisation)."""
    if not organisation_ids:
        return {}
    rows = (
        Contact.objects.owned_by(user)
        .filter(organisation_id__in=organisation_ids)
        .exclude(pk__in=exclude_contact_ids)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("organisation_id")], order_by=[F("name_key"), F("id")]
            )
        )
        .filter(rank__lte=OTHERS_PER_ORGANISATION)
        .only("id", "display_name", "organisation_id")
        .order_by("organisation_id", "rank")
    )
    found: dict[int, list[Contact]] = defaultdict(list)
    for row in rows:
        found[row.organisation_id].append(row)
    return found


@provider
def three_b_seven(user, now):
    today = timezone.localdate(now)
    conversations = list(_unanswered(user))
    due_second = []
    for conversation in conversations:
        sent_on = timezone.localdate(conversation.requested_at)
        days = business_days_between(sent_on, today)
        conversation.waited = days
        conversation.sent_on = sent_on
        if SECOND_PERSON_AFTER <= days < FOLLOW_UP_AFTER and conversation.contact.organisation_id:
            due_second.append(conversation)
    others = _others_at(
        user,
        {c.contact.organisation_id for c in due_second},
        [c.contact_id for c in due_second],
    )
    due_second_ids = {c.pk for c in due_second}
    for conversation in conversations:
        contact = conversation.contact
        days = conversation.waited
        url = reverse("pipeline:conversation_detail", args=[conversation.pk])
        if conversation.pk in due_second_ids:
            people = others.get(contact.organisation_id, [])
            names = ", ".join(p.display_name for p in people)
            yield TodayItem(
                kind="3B7",
                title=f"Approach someone else at {contact.organisation.name}",
                url=url,
                when=add_business_days(conversation.sent_on, SECOND_PERSON_AFTER),
                detail=(
                    f"{contact} has not replied in {days} business days. "
                    + (
                        f"Others you know there: {names}."
                        if names
                        else "Add a second person there."
                    )
                ),
                urgency=1,
                action=(
                    Action("Open " + people[0].display_name, people[0].get_absolute_url())
                    if people
                    else Action("Add a contact", reverse("contacts:create"))
                ),
            )
            continue
        if days < FOLLOW_UP_AFTER:
            continue
        if conversation.follow_up_sent:
            since = business_days_between(timezone.localdate(conversation.follow_up_sent), today)
            give_up = since >= GIVE_UP_AFTER
        else:
            give_up = days >= FOLLOW_UP_AFTER + GIVE_UP_AFTER
        no_response = Action(
            "Mark no response", reverse("outreach:no_response", args=[conversation.pk]), "post"
        )
        if give_up:
            yield TodayItem(
                kind="3B7",
                title=f"Move on from {contact}: mark it no response",
                url=url,
                when=add_business_days(conversation.sent_on, FOLLOW_UP_AFTER + GIVE_UP_AFTER),
                detail=f"No reply in {days} business days. It's not personal; ask the next person.",
                urgency=1,
                action=no_response,
            )
        elif not conversation.follow_up_sent:
            if conversation.follow_up_draft:
                action = Action(
                    "Open the follow-up",
                    reverse("outreach:draft_detail", args=[conversation.follow_up_draft]),
                )
            else:
                action = Action(
                    "Draft a follow-up",
                    reverse("outreach:follow_up", args=[conversation.pk]),
                    "post",
                )
            yield TodayItem(
                kind="3B7",
                title=f"Follow up once with {contact}",
                url=url,
                when=add_business_days(conversation.sent_on, FOLLOW_UP_AFTER),
                detail=f"No reply in {days} business days; one short, friendly nudge is fine.",
                urgency=1,
                action=action,
            )


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


@provider
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
