"""The funnel's step counts, grouped by month keys since issue 20 (insights/months.py), equal
those of the SQL definitions they replaced (kept below as the reference) on varied data and
time zones."""

import random
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, DateField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from coffeechat.contacts.models import Relationship, Touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.insights import funnel
from coffeechat.meetings.models import Meeting
from coffeechat.outreach.models import Reply, RequestDraft
from coffeechat.pipeline.models import Conversation

# --- the SQL definitions the funnel used before (the reference) ---------------------------


def _first(queryset, field):
    return Subquery(queryset.order_by(field).values(field)[:1])


def _sent():
    return RequestDraft.objects.filter(kind="request", sent_at__isnull=False)


def _answers():
    return Reply.objects.exclude(outcome="out_of_office")


def reference_dates():
    drafts = _sent().filter(conversation=OuterRef("pk"))
    replies = _answers().filter(conversation=OuterRef("pk"))
    held = Meeting.objects.filter(conversation=OuterRef("pk"), status="held")
    notes = Touchpoint.objects.filter(conversation=OuterRef("pk"), kind="thank_you")
    return {
        "requests": Coalesce(
            TruncDate("requested_at"),
            TruncDate(_first(drafts, "sent_at")),
            output_field=DateField(),
        ),
        "replies": Coalesce(
            TruncDate("replied_at"), _first(replies, "replied_on"), output_field=DateField()
        ),
        "meetings": Coalesce(
            TruncDate("met_at"), TruncDate(_first(held, "starts_at")), output_field=DateField()
        ),
        "thanks": Coalesce(
            TruncDate("thanked_at"),
            TruncDate(_first(notes, "happened_at")),
            output_field=DateField(),
        ),
    }


def reference_monthly(user) -> dict[str, dict[date, int]]:
    found = {}
    for key, when in reference_dates().items():
        rows = (
            Conversation.objects.owned_by(user)
            .annotate(when=when)
            .filter(when__isnull=False)
            .annotate(month=TruncMonth("when", output_field=DateField()))
            .order_by()
            .values("month")
            .annotate(n=Count("pk"))
            .values_list("month", "n")
        )
        found[key] = dict(rows)
    return found


def reference_relationship(user) -> list[tuple[str, int, int]]:
    rows = (
        Conversation.objects.owned_by(user)
        .annotate(sent=reference_dates()["requests"])
        .filter(sent__isnull=False)
        .annotate(answered=Exists(_answers().filter(conversation=OuterRef("pk"))))
        .order_by()
        .values("contact__relationship")
        .annotate(
            requests=Count("pk"),
            replies=Count("pk", filter=Q(answered=True) | Q(replied_at__isnull=False)),
        )
    )
    totals = {key: [0, 0] for key, _ in funnel.GROUPS}
    for r in rows:
        group = totals[funnel.relationship_group(r["contact__relationship"])]
        group[0] += r["requests"]
        group[1] += r["replies"]
    return [(key, *totals[key]) for key, _ in funnel.GROUPS]


# --- varied data ------------------------------------------------------------------------


def varied(user, rng: random.Random, n: int = 40) -> None:
    """Conversations with every mix of own dates and records, at times near midnight so that
    the user's time zone moves them across days and months."""
    start = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)

    def moment():
        return start + timedelta(
            days=rng.choice([0, 1, 26, 27, 28, 29, 59, 60, 90]),
            hours=rng.choice([-14, -12, -2, -1, 0, 1, 2, 12, 14]),
            minutes=rng.choice([0, 20, 40]),
        )

    relationships = [value for value, _ in Relationship.choices]
    for i in range(n):
        who = factories.contact(user, f"Person {i}", relationship=rng.choice(relationships))
        conv = factories.conversation(user, who)
        own = {
            field: moment() if rng.random() < 0.3 else None
            for field in ("requested_at", "replied_at", "met_at", "thanked_at")
        }
        Conversation.objects.filter(pk=conv.pk).update(**own)
        for _ in range(rng.randint(0, 2)):
            RequestDraft.objects.create(
                user=user,
                conversation=conv,
                channel="email",
                kind=rng.choice(["request", "request", "follow_up"]),
                sent_at=rng.choice([moment(), None]),
            )
        for _ in range(rng.randint(0, 2)):
            Reply.objects.create(
                user=user,
                conversation=conv,
                outcome=rng.choice(["yes", "no", "out_of_office"]),
                replied_on=moment().date(),
            )
        for _ in range(rng.randint(0, 2)):
            Meeting.objects.create(
                user=user,
                conversation=conv,
                starts_at=moment(),
                status=rng.choice(["held", "scheduled"]),
            )
        for _ in range(rng.randint(0, 2)):
            Touchpoint.objects.create(
                user=user,
                contact=who,
                conversation=conv,
                happened_at=moment(),
                kind=rng.choice(["thank_you", "note"]),
            )


class PinnedFunnelTests(BaseTestCase):
    def test_step_counts_equal_the_sql_definitions(self):
        varied(self.alice, random.Random(20))
        varied(self.bob, random.Random(21), n=10)  # never counted for Alice
        # The month keys (insights/months.py) hold for offsets from -12 to +14 hours, with
        # quarter-hours: the extremes, and times near midnight at the ends of months.
        zones = ("UTC", "America/Los_Angeles", "Asia/Tokyo", "Asia/Kathmandu")
        for zone in (*zones, "Etc/GMT+12", "Pacific/Kiritimati"):
            with self.subTest(zone=zone), timezone.override(zone):
                figures = funnel.compute(self.alice, months=6, today=date(2026, 5, 15))
                expected = reference_monthly(self.alice)
                for key, by_month in expected.items():
                    self.assertEqual(figures.totals[key], sum(by_month.values()), key)
                    self.assertEqual(
                        figures.by_month[key], [by_month.get(m, 0) for m in figures.months], key
                    )
                self.assertEqual(
                    [(r.key, r.requests, r.replies) for r in figures.by_relationship],
                    reference_relationship(self.alice),
                )
                self.assertGreater(figures.totals["requests"], 5)  # the data has some of each
                self.assertGreater(figures.totals["thanks"], 3)
