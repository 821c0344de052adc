"""The outreach funnel in numbers: what happened, month by month, and which requests get answers.

Every count is of conversations (one per person asked), never of messages, so a follow-up or a
second reply does not count twice. Definitions:

- **request**: a conversation whose `requested_at` is set, or that has a sent request draft
  (`RequestDraft.kind == "request"` with `sent_at`). Its month is `requested_at`, else the first
  sent request draft.
- **reply**: a conversation whose `replied_at` is set, or that has a `Reply` other than an
  out-of-office notice (an automatic notice is not an answer). Month: `replied_at`, else the
  earliest such reply's `replied_on`.
- **meeting**: a conversation whose `met_at` is set, or that has a meeting with status "held".
  Month: `met_at`, else the first held meeting.
- **thank-you**: a conversation whose `thanked_at` is set, or that has a thank-you touchpoint.
  Month: `thanked_at`, else the first such touchpoint.
- **referral**: a contact whose `referred_by` is set (someone led the user to them). Month: when
  the contact was added.

Reply rates divide replies by requests within a group:

- by **channel**: conversations with a sent request draft on that channel (a conversation asked on
  two channels counts under both); follow-ups are not requests;
- by **template**: the same, grouped by the user's template or the built-in one the draft started
  from ("Written from scratch" when neither);
- by **relationship**, from `Contact.relationship`: *warm* = friend, relative, professor,
  classmate, co-worker, supervisor, neighbour, or someone referred by a contact (people who know
  the user or were introduced); *alumni* = alumni; *cold* = everything else (LinkedIn connection,
  professional association, speaker, cold).

The median time to reply is the median of `Reply.business_days` over replies that have it,
out-of-office notices left out.

A page costs the same nine queries for 10 or 10,000 conversations. The steps' days come from
five of them (`step_days`): the conversations' own dates, and the first sent request, answer,
held meeting and thank-you note of each conversation, grouped in SQL and combined in Python.
Worked out in SQL, with a correlated subquery and a date function per conversation and step,
they cost ten times as much on SQLite, whose date functions run in Python one row at a time
(`tests/test_funnel_pinned.py` checks the two give the same counts). The view keeps the result
per change of the user's data (core.freshness).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.conf import settings
from django.db.models import Count, DateField, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from coffeechat.contacts.models import Contact, Relationship, Touchpoint, TouchpointKind
from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.outreach.models import (
    Channel,
    DraftKind,
    Outcome,
    Reply,
    RequestDraft,
    TemplateKind,
)
from coffeechat.pipeline.models import Conversation

STEPS: list[tuple[str, str]] = [
    ("requests", "Requests sent"),
    ("replies", "Replies"),
    ("meetings", "Meetings"),
    ("thanks", "Thank-yous"),
    ("referrals", "Referrals"),
]
WARM = {
    Relationship.FRIEND,
    Relationship.RELATIVE,
    Relationship.PROFESSOR,
    Relationship.CLASSMATE,
    Relationship.COWORKER,
    Relationship.SUPERVISOR,
    Relationship.NEIGHBOUR,
    Relationship.REFERRAL,
}
ALUMNI = {Relationship.ALUMNI}
GROUPS: list[tuple[str, str]] = [("warm", "Warm"), ("alumni", "Alumni"), ("cold", "Cold")]


def relationship_group(relationship: str) -> str:
    if relationship in WARM:
        return "warm"
    if relationship in ALUMNI:
        return "alumni"
    return "cold"


def _sent_requests():
    return RequestDraft.objects.filter(kind=DraftKind.REQUEST, sent_at__isnull=False)


def _answers():
    return Reply.objects.exclude(outcome=Outcome.OUT_OF_OFFICE)


def _day_in(zone: tzinfo | None) -> Callable[[datetime], date]:
    """The day of a stored time in the current (the user's) time zone, as TruncDate gives; the
    zone looked up once for the thousands of times a funnel reads."""
    if zone is None:
        return lambda moment: moment.date()
    return lambda moment: moment.astimezone(zone).date()


def _current_zone() -> tzinfo | None:
    return timezone.get_current_timezone() if settings.USE_TZ else None


def _firsts(queryset, field: str, user) -> dict[int, date]:
    """conversation id -> the day of its earliest `field` among the rows (one grouped query)."""
    rows = (
        queryset.filter(conversation__user=user)
        .order_by()
        .values("conversation_id")
        .annotate(first=Min(field))
        .values_list("conversation_id", "first")
    )
    day = _day_in(_current_zone())
    return {pk: first if type(first) is date else day(first) for pk, first in rows}


@dataclass
class StepDays:
    """The day of each step of each of the user's conversations that reached it, and the
    relationship of each contact asked."""

    days: dict[str, dict[int, date]]  # step key -> conversation id -> day
    relationship: dict[int, str]  # conversation id -> its contact's relationship


def step_days(user) -> StepDays:
    """Five queries: the conversations' own dates, then the first sent request, answer, held
    meeting and thank-you note of each conversation; combined in Python (see the docstring at
    the top: a step's own date wins, else the first such record's)."""
    sent = _firsts(_sent_requests(), "sent_at", user)
    fallbacks = {
        "requests": sent,
        "replies": _firsts(_answers(), "replied_on", user),
        "meetings": _firsts(Meeting.objects.filter(status=MeetingStatus.HELD), "starts_at", user),
        "thanks": _firsts(
            Touchpoint.objects.filter(kind=TouchpointKind.THANK_YOU), "happened_at", user
        ),
    }
    own = {"requests": "requested_at", "replies": "replied_at", "meetings": "met_at"}
    own["thanks"] = "thanked_at"
    dated = Q()
    for column in own.values():
        dated |= Q(**{f"{column}__isnull": False})
    rows = (
        Conversation.objects.owned_by(user)
        .filter(dated | Q(pk__in=_sent_requests().values("conversation_id")))
        .order_by()
        .values_list("pk", *own.values(), "contact__relationship")
    )
    days: dict[str, dict[int, date]] = {key: dict(found) for key, found in fallbacks.items()}
    relationship = {}
    day = _day_in(_current_zone())
    for pk, *moments, contact_relationship in rows:
        relationship[pk] = contact_relationship
        for key, moment in zip(own, moments, strict=True):
            if moment is not None:
                days[key][pk] = day(moment)
    return StepDays(days, relationship)


def _by_month(days) -> dict[date, int]:
    counts: dict[date, int] = {}
    for day in days:
        month = day.replace(day=1)
        counts[month] = counts.get(month, 0) + 1
    return counts


def _referral_months(user) -> dict[date, int]:
    rows = (
        Contact.objects.owned_by(user)
        .filter(referred_by__isnull=False)
        .annotate(when=TruncDate("created"))
        .filter(when__isnull=False)
        .annotate(month=TruncMonth("when", output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return {month: n for month, n in rows}


def months_back(today: date, count: int) -> list[date]:
    """The first day of the last `count` months, oldest first, ending with today's month."""
    year, month = today.year, today.month
    found = []
    for _ in range(count):
        found.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return found[::-1]


@dataclass
class Rate:
    key: str
    label: str
    requests: int
    replies: int

    @property
    def rate(self) -> float | None:
        return self.replies / self.requests if self.requests else None

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{round(self.rate * 100)}%"


@dataclass
class Funnel:
    totals: dict[str, int]
    months: list[date]
    by_month: dict[str, list[int]]  # step key -> one count per month in `months`
    by_channel: list[Rate]
    by_relationship: list[Rate]
    by_template: list[Rate]
    median_business_days: float | None
    replies_timed: int  # how many replies the median is over


def compute(user, *, months: int = 12, today: date | None = None) -> Funnel:
    """Nine queries, whatever the amount of data."""
    today = today or timezone.localdate()
    steps = step_days(user)
    monthly = {key: _by_month(found.values()) for key, found in steps.days.items()}
    monthly["referrals"] = _referral_months(user)
    window = months_back(today, months)
    median, timed = median_business_days(user)
    return Funnel(
        totals={key: sum(monthly[key].values()) for key, _ in STEPS},
        months=window,
        by_month={key: [monthly[key].get(m, 0) for m in window] for key, _ in STEPS},
        by_channel=by_channel(user),
        by_relationship=by_relationship(steps),
        by_template=by_template(user),
        median_business_days=median,
        replies_timed=timed,
    )


def median_business_days(user) -> tuple[float | None, int]:
    """The median of the replies' business days, and how many replies had a figure."""
    days = list(
        _answers()
        .filter(user=user, business_days__isnull=False)
        .values_list("business_days", flat=True)
    )
    return (statistics.median(days) if days else None), len(days)


def by_channel(user) -> list[Rate]:
    drafts = _sent_requests().filter(user=user)
    answered = Exists(_answers().filter(conversation=OuterRef("conversation_id")))
    rows = (
        drafts.annotate(answered=answered)
        .order_by()
        .values("channel")
        .annotate(
            requests=Count("conversation", distinct=True),
            replies=Count(
                "conversation",
                distinct=True,
                filter=Q(answered=True) | Q(conversation__replied_at__isnull=False),
            ),
        )
    )
    labels = dict(Channel.choices)
    rates = [
        Rate(r["channel"], labels.get(r["channel"], r["channel"]), r["requests"], r["replies"])
        for r in rows
    ]
    return sorted(rates, key=lambda r: (-r.requests, r.label))


def by_template(user) -> list[Rate]:
    drafts = _sent_requests().filter(user=user)
    answered = Exists(_answers().filter(conversation=OuterRef("conversation_id")))
    rows = (
        drafts.annotate(answered=answered)
        .order_by()
        .values("template_id", "template__name", "builtin")
        .annotate(
            requests=Count("conversation", distinct=True),
            replies=Count(
                "conversation",
                distinct=True,
                filter=Q(answered=True) | Q(conversation__replied_at__isnull=False),
            ),
        )
    )
    builtin_labels = dict(TemplateKind.choices)
    rates = []
    for r in rows:
        if r["template_id"]:
            key, label = f"mine-{r['template_id']}", r["template__name"]
        elif r["builtin"]:
            key = f"builtin-{r['builtin']}"
            label = f"Built-in: {builtin_labels.get(r['builtin'], r['builtin'])}"
        else:
            key, label = "none", "Written from scratch"
        rates.append(Rate(key, label, r["requests"], r["replies"]))
    return sorted(rates, key=lambda r: (-r.requests, r.label))


def by_relationship(steps: StepDays) -> list[Rate]:
    """Conversations asked, and those answered, by their contact's relationship group."""
    replied = steps.days["replies"]
    totals = {key: [0, 0] for key, _ in GROUPS}
    for pk in steps.days["requests"]:
        group = totals[relationship_group(steps.relationship[pk])]
        group[0] += 1
        group[1] += pk in replied
    return [Rate(key, label, *totals[key]) for key, label in GROUPS]
