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

A page costs the same five queries for 10 or 10,000 conversations. The steps come from one
(`steps`): each conversation's own date for each step, else the first sent request, answer,
held meeting or thank-you note (a `MIN` per conversation, grouped once per table and joined),
turned into a month key
(`months.py`), and the conversations counted by the database per month key of every step and
relationship of the contact. Python decodes a few dozen keys instead of converting thousands of
stored times to the user's zone one by one (on SQLite Django also parsed each from text, and
its date functions run in Python, row by row). A conversation reached a reply when its reply
step has a month: its own `replied_at`, or an answer. `tests/test_funnel_pinned.py` checks the
counts and the relationship groups' rates against the plain SQL definitions (a date function
per conversation and step) in time zones from -12 to +14 hours. The view keeps the result per
change of the user's data (core.freshness).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, tzinfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from coffeechat.contacts.models import Contact, Relationship, Touchpoint, TouchpointKind
from coffeechat.core.compiled import CompiledQuery
from coffeechat.insights.months import LocalMonth, date_month_sql, local_month_sql, month_of
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
STEP_KEYS = ["requests", "replies", "meetings", "thanks"]  # the steps a conversation takes


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


def _current_zone() -> tzinfo | None:
    return timezone.get_current_timezone() if settings.USE_TZ else None


@dataclass
class Steps:
    """How many of the user's conversations reached each step in each month, and how many were
    asked, and answered, per relationship group of their contact."""

    monthly: dict[str, dict[date, int]]  # step key -> first day of a month -> conversations
    asked: dict[str, list[int]]  # relationship group -> [asked, answered]


def _firsts_sql(model, field: str, condition: str) -> str:
    """A derived table: each conversation's earliest `field` among the user's rows of `model`
    that meet `condition` (one pass over them, grouped). Two parameters: the condition's value,
    then the user."""
    table = model._meta.db_table
    column = model._meta.get_field(field).column
    return (
        f"(SELECT conversation_id, MIN({column}) AS first FROM {table} "
        f"WHERE {condition} AND user_id = %s AND conversation_id IS NOT NULL "
        "GROUP BY conversation_id)"
    )


def _steps_sql(vendor: str, user_id: int) -> tuple[str, list]:
    """The query of `steps`, written by hand: through the ORM the first records were correlated
    sub-selects (an index lookup per conversation and step, 15 ms on SQLite for 2,000
    conversations) whose compiling alone cost 5 ms of Python a view; here each is one grouped
    pass over the user's records. Every part is scoped to the user."""
    params: list = []

    def month(sql: str) -> str:
        key, zone = local_month_sql(vendor, sql)
        params.extend(zone)
        return key

    select = [
        month("COALESCE(c.requested_at, sent.first)"),
        # A reply's own day is a date the user typed: no time zone to convert.
        f"COALESCE({month('c.replied_at')}, {date_month_sql(vendor, 'answered.first')})",
        month("COALESCE(c.met_at, held.first)"),
        month("COALESCE(c.thanked_at, noted.first)"),
    ]  # in the order of STEP_KEYS
    joins = [
        (
            "sent",
            _firsts_sql(RequestDraft, "sent_at", "kind = %s AND sent_at IS NOT NULL"),
            DraftKind.REQUEST,
        ),
        ("answered", _firsts_sql(Reply, "replied_on", "outcome <> %s"), Outcome.OUT_OF_OFFICE),
        ("held", _firsts_sql(Meeting, "starts_at", "status = %s"), MeetingStatus.HELD),
        ("noted", _firsts_sql(Touchpoint, "happened_at", "kind = %s"), TouchpointKind.THANK_YOU),
    ]
    conversations = Conversation._meta.db_table
    contacts = Contact._meta.db_table
    # The relationship looked up by the contact's key, conversation by conversation: joined,
    # PostgreSQL read the whole contacts table (60,000 rows, 43 ms) to hash it.
    relationship = f"(SELECT relationship FROM {contacts} ct WHERE ct.id = c.contact_id)"
    sql = [f"SELECT {', '.join(select)}, {relationship}, COUNT(*) FROM {conversations} c"]
    for alias, derived, value in joins:
        sql.append(f"LEFT JOIN {derived} {alias} ON {alias}.conversation_id = c.id")
        params += [value, user_id]
    sql.append("WHERE c.user_id = %s GROUP BY 1, 2, 3, 4, 5")
    params.append(user_id)
    return " ".join(sql), params


def steps(user) -> Steps:
    """One query: the user's conversations grouped by the month key of each step and by their
    contact's relationship; a group of conversations that reached no step counts for nothing.
    (The number of groups is at most the number of conversations, and a few dozen when most
    dates fall away from the ends of months.)"""
    sql, params = _steps_sql(connection.vendor, user.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    zone = _current_zone()
    monthly: dict[str, dict[date, int]] = {key: {} for key in STEP_KEYS}
    asked = {key: [0, 0] for key, _ in GROUPS}
    months: dict[str, date] = {}  # each key decoded once
    for *step_keys, relationship, n in rows:
        for step, key in zip(STEP_KEYS, step_keys, strict=True):
            if key is not None:
                month = months.get(key)
                if month is None:
                    month = months[key] = month_of(key, zone)
                counts = monthly[step]
                counts[month] = counts.get(month, 0) + n
        requested, replied = step_keys[0], step_keys[1]
        if requested is not None:
            group = asked[relationship_group(relationship)]
            group[0] += n
            group[1] += n if replied is not None else 0
    return Steps(monthly, asked)


def _referrals_by_month(zone: str, user) -> QuerySet:
    """The user's referred contacts counted per month key of when each was added, in `zone`
    (the shape: the key is worked out in the zone current when the query is compiled)."""
    return (
        Contact.objects.filter(user_id=user, referred_by__isnull=False)
        .annotate(month=LocalMonth("created"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )


_REFERRALS = CompiledQuery(_referrals_by_month, user=Contact._meta.get_field("user"))


def _referral_months(user) -> dict[date, int]:
    # Rows without a month are grouped too, and left out here: a filter on the key would
    # make the database work it out twice.
    zone = _current_zone()
    counts: dict[date, int] = {}
    rows = _REFERRALS.rows(timezone.get_current_timezone_name(), user=user.pk)
    for key, n in rows:
        if key is not None:
            first_day = month_of(key, zone)
            counts[first_day] = counts.get(first_day, 0) + n
    return counts


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
    """Five queries, whatever the amount of data."""
    today = today or timezone.localdate()
    found = steps(user)
    monthly = {**found.monthly, "referrals": _referral_months(user)}
    window = months_back(today, months)
    median, timed = median_business_days(user)
    return Funnel(
        totals={key: sum(monthly[key].values()) for key, _ in STEPS},
        months=window,
        by_month={key: [monthly[key].get(m, 0) for m in window] for key, _ in STEPS},
        by_channel=by_channel(user),
        by_relationship=[Rate(key, label, *found.asked[key]) for key, label in GROUPS],
        by_template=by_template(user),
        median_business_days=median,
        replies_timed=timed,
    )


def _rates(group: tuple[str, ...], user) -> QuerySet:
    """The user's sent requests grouped by `group` (the shape): the group's values, then its
    requests and replies, each a count of conversations. `user` is a placeholder (compiled)."""
    drafts = _sent_requests().filter(user_id=user)
    answered = Exists(_answers().filter(conversation=OuterRef("conversation_id")))
    return (
        drafts.annotate(answered=answered)
        .order_by()
        .values(*group)
        .annotate(
            requests=Count("conversation", distinct=True),
            replies=Count(
                "conversation",
                distinct=True,
                filter=Q(answered=True) | Q(conversation__replied_at__isnull=False),
            ),
        )
        .values_list(*group, "requests", "replies")
    )


# Read on every first view after a change of the user's data: built once (core.compiled), as
# building these with the ORM took about as long as running them (a fifth of the funnel's
# first view, profiled at 2,000 conversations).
_RATES = CompiledQuery(_rates, user=RequestDraft._meta.get_field("user"))
_BUSINESS_DAYS = CompiledQuery(
    lambda user: (
        _answers()
        .filter(user_id=user, business_days__isnull=False)
        .order_by()
        .values_list("business_days")
    ),
    user=Reply._meta.get_field("user"),
)
_CHANNEL = ("channel",)
_TEMPLATE = ("template_id", "template__name", "builtin")


def median_business_days(user) -> tuple[float | None, int]:
    """The median of the replies' business days, and how many replies had a figure."""
    days = [days for (days,) in _BUSINESS_DAYS.rows(user=user.pk)]
    return (statistics.median(days) if days else None), len(days)


def by_channel(user) -> list[Rate]:
    labels = dict(Channel.choices)
    rates = [
        Rate(channel, labels.get(channel, channel), requests, replies)
        for channel, requests, replies in _RATES.rows(_CHANNEL, user=user.pk)
    ]
    return sorted(rates, key=lambda r: (-r.requests, r.label))


def by_template(user) -> list[Rate]:
    builtin_labels = dict(TemplateKind.choices)
    rates = []
    for template_id, name, builtin, requests, replies in _RATES.rows(_TEMPLATE, user=user.pk):
        if template_id:
            key, label = f"mine-{template_id}", name
        elif builtin:
            key = f"builtin-{builtin}"
            label = f"Built-in: {builtin_labels.get(builtin, builtin)}"
        else:
            key, label = "none", "Written from scratch"
        rates.append(Rate(key, label, requests, replies))
    return sorted(rates, key=lambda r: (-r.requests, r.label))
