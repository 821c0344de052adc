"""The plan's rules: sizing, closing questions last, ordering, research terms."""

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.prep import services
from coffeechat.prep.models import PlannedQuestion, UserQuestion


class SizingTests(BaseTestCase):
    def test_it_fits_about_one_question_per_two_and_a_half_minutes(self):
        self.assertEqual(services.questions_that_fit(20), 8)
        self.assertEqual(services.questions_that_fit(30), 12)
        self.assertEqual(services.questions_that_fit(45), 18)
        self.assertEqual(services.questions_that_fit(15), 6)
        self.assertEqual(services.questions_that_fit(10), 4)
        self.assertEqual(services.questions_that_fit(1), 1)

    def test_it_warns_above_the_fit_and_below_four(self):
        self.assertTrue(services.sizing(20, 9).too_many)
        self.assertFalse(services.sizing(20, 8).too_many)
        self.assertTrue(services.sizing(20, 3).too_few)
        self.assertTrue(services.sizing(20, 4).ok)
        self.assertTrue(services.sizing(20, 8).ok)


class PlanTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        org = factories.organisation(self.alice, "Harbour Power", industry="renewable energy")
        self.contact = factories.contact(self.alice, "Priya Shah", org=org, role="Grid Analyst")
        self.conversation = factories.conversation(self.alice, self.contact)

    def slugs(self) -> list[str]:
        return [row.bank_slug for row in services.plan_rows(self.conversation)]

    def test_it_ends_an_untouched_plan_with_the_closing_questions_without_storing_them(self):
        rows = services.plan_rows(self.conversation)
        self.assertEqual([r.bank_slug for r in rows], services.REQUIRED_CLOSING)
        self.assertTrue(all(r.pk is None for r in rows))
        self.assertFalse(PlannedQuestion.objects.exists())
        self.assertIn("renewable energy", rows[0].text)

    def test_it_keeps_the_closing_questions_last_whatever_is_added(self):
        services.add_from_bank(self.conversation, "career-first-pull")
        services.add_from_bank(self.conversation, "next-missed-question")  # an extra closing one
        services.add_question(self.conversation, "How did the tidal pilot change your team?")
        self.assertEqual(
            self.slugs(),
            ["career-first-pull", "", "next-missed-question", *services.REQUIRED_CLOSING],
        )
        stored = list(self.conversation.planned_questions.all())
        self.assertEqual(
            [r.bank_slug for r in stored][-2:], services.REQUIRED_CLOSING, "stored order too"
        )
        self.assertEqual(
            self.conversation.planned_questions.filter(bank_slug="res-talk-to").count(), 1
        )

    def test_it_fills_placeholders_from_the_contact(self):
        row = services.add_from_bank(self.conversation, "career-move-into-role")
        self.assertEqual(row.text, "How did you make the move into the Grid Analyst role?")
        self.assertEqual((row.topic, row.tiara), ("career_path", "insights"))

    def test_it_adds_own_bank_questions_and_refuses_other_peoples(self):
        mine = UserQuestion.objects.create(
            user=self.alice, text="What is {organisation} learning from its pilots?"
        )
        theirs = UserQuestion.objects.create(user=self.bob, text="Secret question?")
        row = services.add_from_bank(self.conversation, mine.slug)
        self.assertEqual(row.text, "What is Harbour Power learning from its pilots?")
        with self.assertRaises(LookupError):
            services.add_from_bank(self.conversation, theirs.slug)
        with self.assertRaises(LookupError):
            services.add_from_bank(self.conversation, "no-such-slug")

    def test_it_moves_within_a_phase_and_stops_at_the_ends(self):
        a = services.add_question(self.conversation, "First question about grids?")
        b = services.add_question(self.conversation, "Second question about tides?")
        self.assertFalse(services.move(a, "up"))
        self.assertTrue(services.move(b, "up"))
        texts = [r.text for r in services.plan_rows(self.conversation)]
        self.assertEqual(texts[:2], [b.text, a.text])
        last = self.conversation.planned_questions.get(bank_slug="next-follow-up")
        self.assertFalse(services.move(last, "up"))

    def test_it_reorders_by_ids_and_ignores_strangers(self):
        rows = [
            services.add_question(self.conversation, f"Question {n} on storage?") for n in "abc"
        ]
        closing = self.conversation.planned_questions.get(bank_slug="res-talk-to")
        services.reorder(self.conversation, [rows[2].pk, closing.pk, 999999, rows[0].pk])
        texts = [r.text for r in services.plan_rows(self.conversation)]
        self.assertEqual(texts[:3], [rows[2].text, rows[0].text, rows[1].text])
        self.assertEqual(
            [r.bank_slug for r in services.plan_rows(self.conversation)][-2:],
            [
                "res-talk-to",
                "next-follow-up",
            ],
        )

    def test_it_never_removes_the_required_closing_questions(self):
        services.add_question(self.conversation, "What changed after the tidal pilot?")
        required = self.conversation.planned_questions.get(bank_slug="res-talk-to")
        self.assertFalse(services.remove(required))
        self.assertTrue(PlannedQuestion.objects.filter(pk=required.pk).exists())

    def test_it_takes_specific_research_terms_and_leaves_generic_words(self):
        self.contact.research_notes = "Leads the **tidal energy** pilot in the Bay of Fundy."
        self.contact.career_story = (
            "Studied physics at Dalhousie, then worked at Nova Scotia Power."
        )
        terms = {t.lower() for t in services.research_terms(self.contact)}
        self.assertLessEqual({"tidal", "pilot", "fundy", "dalhousie", "physics"}, terms)
        self.assertFalse(terms & {"leads", "the", "then", "worked", "studied"})
        self.assertNotIn("career", terms)


class GeneratedPlanCoachTests(BaseTestCase):
    """Every bank question, filled for a contact and added to a plan, passes the coach.

    The contact's organisation, industry and role hold words the question rules look for (a
    party, politics, retirement, pregnancy care, lay-offs), so a rule that reads a filled-in name
    as the user's own question fails here, not on a user's screen.
    """

    def test_a_plan_of_every_bank_question_has_no_problem_for_any_contact(self):
        from coffeechat.coach.engine import Severity
        from coffeechat.prep import question_bank

        cases = [
            ("Harbour Power", "renewable energy", "Grid Analyst"),
            ("Green Party", "political campaigns", "Pensions and Retirement Adviser"),
            ("Lay-off Support Network", "pregnancy and maternity care", "Citizenship Officer"),
        ]
        for name, industry, role in cases:
            with self.subTest(organisation=name):
                org = factories.organisation(self.alice, name, industry=industry)
                contact = factories.contact(self.alice, "Priya Shah", org=org, role=role)
                conversation = factories.conversation(self.alice, contact)
                for question in question_bank.bank():
                    services.add_from_bank(conversation, question.slug)
                rows = services.plan_rows(conversation)
                self.assertEqual(len(rows), len(question_bank.bank()))
                self.assertEqual(services.count_problems(rows, contact), 0)
                serious = [
                    (row.text, f.rule)
                    for row, found in zip(rows, services.check_plan(rows, contact), strict=True)
                    for f in found
                    if f.severity is Severity.PROBLEM
                    or f.rule in {"question.too-personal", "question.controversy"}
                ]
                self.assertEqual(serious, [])
