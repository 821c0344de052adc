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

Each figure is one aggregate query, so a page costs the same number of queries for 10 or 10,000
conversations.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    DateField,
    Exists,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from coffeechat.contacts.models import Contact, Relationship, Touchpoint, TouchpointKind
from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.outreach.models import (
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


def _first(queryset, field: str):
    return Subquery(queryset.order_by(field).values(field)[:1])


def _sent_requests():
    return RequestDraft.objects.filter(kind=DraftKind.REQUEST, sent_at__isnull=False)


def _answers():
    return Reply.objects.exclude(outcome=Outcome.OUT_OF_OFFICE)


def request_date():
    """When a conversation's request went out (a date), or NULL."""
    drafts = _sent_requests().filter(conversation=OuterRef("pk"))
    return Coalesce(
        TruncDate("requested_at"), TruncDate(_first(drafts, "sent_at")), output_field=DateField()
    )


def reply_date():
    replies = _answers().filter(conversation=OuterRef("pk"))
    return Coalesce(
        TruncDate("replied_at"), _first(replies, "replied_on"), output_field=DateField()
    )


def meeting_date():
    held = Meeting.objects.filter(conversation=OuterRef("pk"), status=MeetingStatus.HELD)
    return Coalesce(
        TruncDate("met_at"), TruncDate(_first(held, "starts_at")), output_field=DateField()
    )


def thanks_date():
    notes = Touchpoint.objects.filter(conversation=OuterRef("pk"), kind=TouchpointKind.THANK_YOU)
    return Coalesce(
        TruncDate("thanked_at"),
        TruncDate(_first(notes, "happened_at")),
        output_field=DateField(),
    )


def _monthly(queryset, when) -> dict[date, int]:
    rows = (
        queryset.annotate(when=when)
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
    conversations = Conversation.objects.owned_by(user)
    monthly = {
        "requests": _monthly(conversations, request_date()),
        "replies": _monthly(conversations, reply_date()),
        "meetings": _monthly(conversations, meeting_date()),
        "thanks": _monthly(conversations, thanks_date()),
        "referrals": _monthly(
            Contact.objects.owned_by(user).filter(referred_by__isnull=False),
            TruncDate("created"),
        ),
    }
    window = months_back(today, months)
    median, timed = median_business_days(user)
    return Funnel(
        totals={key: sum(monthly[key].values()) for key, _ in STEPS},
        months=window,
        by_month={key: [monthly[key].get(m, 0) for m in window] for key, _ in STEPS},
        by_channel=by_channel(user),
        by_relationship=by_relationship(user),
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
    from coffeechat.core.channels import Channel

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


def by_relationship(user) -> list[Rate]:
    rows = (
        Conversation.objects.owned_by(user)
        .annotate(sent=request_date())
        .filter(sent__isnull=False)
        .annotate(answered=Exists(_answers().filter(conversation=OuterRef("pk"))))
        .order_by()
        .values("contact__relationship")
        .annotate(
            requests=Count("pk"),
            replies=Count("pk", filter=Q(answered=True) | Q(replied_at__isnull=False)),
        )
    )
    totals = {key: [0, 0] for key, _ in GROUPS}
    for r in rows:
        group = totals[relationship_group(r["contact__relationship"])]
        group[0] += r["requests"]
        group[1] += r["replies"]
    return [Rate(key, label, *totals[key]) for key, label in GROUPS]
