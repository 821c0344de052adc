from datetime import date

import time_machine

from coffeechat.core.testing import BaseTestCase, built_by_the_orm
from coffeechat.core.tests import factories
from coffeechat.insights import funnel
from coffeechat.insights.tests.data import at, funnel_data
from coffeechat.pipeline.models import Conversation

TODAY = date(2026, 6, 15)


@time_machine.travel("2026-06-10 09:00Z", tick=False)
class FunnelTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        funnel_data(self.alice)
        # Bob's request must never count for Alice.
        conv = factories.conversation(self.bob, factories.contact(self.bob, "Bo Bob"))
        Conversation.objects.filter(pk=conv.pk).update(requested_at=at(2026, 6, 2))

    def compute(self):
        return funnel.compute(self.alice, months=4, today=TODAY)

    def test_it_counts_each_step(self):
        figures = self.compute()
        self.assertEqual(
            figures.totals,
            {"requests": 4, "replies": 2, "meetings": 2, "thanks": 2, "referrals": 1},
        )

    def test_it_counts_by_month(self):
        figures = self.compute()
        self.assertEqual(
            figures.months,
            [date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)],
        )
        self.assertEqual(figures.by_month["requests"], [0, 1, 2, 1])
        self.assertEqual(figures.by_month["replies"], [0, 1, 1, 0])
        self.assertEqual(figures.by_month["meetings"], [0, 1, 1, 0])
        self.assertEqual(figures.by_month["thanks"], [0, 1, 1, 0])
        self.assertEqual(figures.by_month["referrals"], [0, 0, 0, 1])

    def test_it_gives_reply_rates_by_channel(self):
        rates = {r.key: (r.requests, r.replies, r.percent) for r in self.compute().by_channel}
        self.assertEqual(rates, {"email": (2, 1, "50%"), "linkedin-note": (1, 1, "100%")})

    def test_it_gives_reply_rates_by_relationship_group(self):
        rates = [(r.key, r.requests, r.replies) for r in self.compute().by_relationship]
        self.assertEqual(rates, [("warm", 1, 1), ("alumni", 1, 1), ("cold", 2, 0)])

    def test_it_gives_reply_rates_by_template(self):
        rates = {r.label: (r.requests, r.replies) for r in self.compute().by_template}
        self.assertEqual(
            rates,
            {
                "Built-in: Someone you know": (1, 1),
                "Built-in: Alumni": (1, 1),
                "My cold note": (1, 0),
            },
        )

    def test_it_gives_the_median_business_days_without_out_of_office(self):
        figures = self.compute()
        self.assertEqual(figures.median_business_days, 4)
        self.assertEqual(figures.replies_timed, 2)

    def test_it_groups_relationships(self):
        self.assertEqual(funnel.relationship_group("referral"), "warm")
        self.assertEqual(funnel.relationship_group("alumni"), "alumni")
        self.assertEqual(funnel.relationship_group("speaker"), "cold")

    def test_it_runs_a_fixed_number_of_queries(self):
        with self.assertNumQueries(5):
            self.compute()

    def test_nothing_is_built_by_the_orm_per_view(self):
        # The rates, the business days and the referrals by month are compiled once
        # (core.compiled; the referrals once per time zone), and the steps are written in SQL.
        self.compute()
        with built_by_the_orm() as built:
            figures = self.compute()
        self.assertEqual(built, [])
        self.assertEqual(figures.median_business_days, 4)
        self.assertEqual(figures.totals["referrals"], 1)

    def test_it_counts_months_back_across_a_year(self):
        self.assertEqual(
            funnel.months_back(date(2026, 2, 10), 3),
            [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)],
        )
