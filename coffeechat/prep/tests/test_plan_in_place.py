"""The plan page's changes as its script makes them (Accept: application/json): the answer holds
the parts of the page that changed, what to announce and where focus goes."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.prep import services
from coffeechat.prep.models import PlannedQuestion, UserQuestion

JSON = {"HTTP_ACCEPT": "application/json"}


class InPlaceTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        org = factories.organisation(self.alice, "Harbour Power", industry="renewable energy")
        contact = factories.contact(self.alice, "Priya Shah", org=org, role="Grid Analyst")
        self.conversation = factories.conversation(self.alice, contact)
        self.url = f"/conversations/{self.conversation.pk}/plan/"

    def post(self, url: str, data: dict | None = None, client: Client | None = None):
        return (client or self.client).post(url, data or {}, **JSON)

    def test_adding_from_the_bank_answers_with_the_plan_and_the_bank_entry(self):
        response = self.post(self.url + "add/", {"slug": "career-move-into-role"})
        self.assertEqual(response.status_code, 200)
        answer = response.json()
        regions = answer["regions"]
        # Readiness is as it was (one question is still too few): it is not sent again.
        self.assertEqual(
            set(regions),
            {"plan-questions-region", "plan-closing", "bank-career-move-into-role"},
        )
        row = self.conversation.planned_questions.get(closing=False)
        self.assertIn(f'id="q-{row.pk}"', regions["plan-questions-region"])
        self.assertIn("1 of about 8", regions["plan-questions-region"])
        self.assertIn("May I follow up with you", regions["plan-closing"])
        entry = regions["bank-career-move-into-role"]
        self.assertTrue(entry.startswith('<li id="bank-career-move-into-role"'))
        self.assertIn("In the plan", entry)
        self.assertNotIn('data-plan-action="add"', entry)
        self.assertEqual(answer["focus"], "#bank-career-move-into-role")
        self.assertEqual(
            answer["announce"],
            "Added to the plan: How did you make the move into the Grid Analyst role? "
            "1 of about 8 questions. Plan at least 4.",
        )

    def test_removing_brings_the_bank_entry_back_and_focuses_the_next_question(self):
        first = services.add_from_bank(self.conversation, "career-first-pull")
        second = services.add_from_bank(self.conversation, "day-typical-week")
        answer = self.post(f"/prep/questions/{first.pk}/remove/").json()
        self.assertFalse(PlannedQuestion.objects.filter(pk=first.pk).exists())
        self.assertIn('data-plan-action="add"', answer["regions"]["bank-career-first-pull"])
        self.assertNotIn(f'id="q-{first.pk}"', answer["regions"]["plan-questions-region"])
        self.assertEqual(answer["focus"], f"#q-{second.pk} [data-plan-action=remove]")
        self.assertTrue(answer["announce"].startswith("Removed from the plan: "))
        # The last one gone, focus goes to the heading of the list.
        answer = self.post(f"/prep/questions/{second.pk}/remove/").json()
        self.assertEqual(answer["focus"], "#questions-h")
        self.assertIn("No questions yet", answer["regions"]["plan-questions-region"])

    def test_moving_answers_with_the_new_order_and_the_new_place(self):
        a = services.add_question(self.conversation, "First about tides?")
        b = services.add_question(self.conversation, "Second about the grid?")
        answer = self.post(f"/prep/questions/{b.pk}/move/", {"direction": "up"}).json()
        plan = answer["regions"]["plan-questions-region"]
        self.assertLess(plan.index(f'id="q-{b.pk}"'), plan.index(f'id="q-{a.pk}"'))
        self.assertEqual(answer["focus"], f"#q-{b.pk} [data-plan-action=up]")
        self.assertIn("Moved up: Second about the grid? Now 1 of 2.", answer["announce"])
        # Up is disabled on the first question, Down on the last.
        first_item = plan[plan.index(f'id="q-{b.pk}"') : plan.index(f'id="q-{a.pk}"')]
        self.assertRegex(first_item, r'value="up" data-plan-action="up" disabled')
        self.assertNotRegex(first_item, r'data-plan-action="down" disabled')

    def test_priority_changes_in_place(self):
        row = services.add_question(self.conversation, "What surprised you about tides?")
        answer = self.post(f"/prep/questions/{row.pk}/priority/", {"priority": "if_time"}).json()
        row.refresh_from_db()
        self.assertEqual(row.priority, "if_time")
        self.assertIn('class="plan-item if_time"', answer["regions"]["plan-questions-region"])
        self.assertIn("Mark must-ask", answer["regions"]["plan-questions-region"])
        self.assertEqual(answer["focus"], f"#q-{row.pk} [data-plan-action=priority]")
        bad = self.post(f"/prep/questions/{row.pk}/priority/", {"priority": "someday"})
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(bad.json(), {"error": "Choose must-ask or if-time-allows."})

    def test_a_written_question_kept_in_the_bank_redraws_its_topic_and_my_questions(self):
        answer = self.post(
            self.url + "add/",
            {
                "text": "What did {organisation} learn from its tidal pilot?",
                "topic": "trends",
                "save_to_bank": "on",
                "priority": "must",
            },
        ).json()
        own = UserQuestion.objects.get(user=self.alice)
        regions = answer["regions"]
        self.assertIn(f'id="bank-{own.slug}"', regions["topic-trends"])
        self.assertIn("What did Harbour Power learn from its tidal pilot?", regions["topic-trends"])
        self.assertIn("What did {organisation} learn", regions["mine"])
        self.assertEqual(answer["focus"], "#id_text")

    def test_refusals_come_as_400_with_the_reason(self):
        unknown = self.post(self.url + "add/", {"slug": "no-such-question"})
        self.assertEqual(unknown.status_code, 400)
        self.assertEqual(unknown.json(), {"error": "That question is not in your bank."})
        placeholder = self.post(self.url + "add/", {"text": "What about {salary}?"})
        self.assertEqual(placeholder.status_code, 400)
        self.assertIn("Unknown placeholder {salary}", placeholder.json()["error"])
        services.ensure_closing(self.conversation)
        required = self.conversation.planned_questions.get(bank_slug="next-follow-up")
        kept = self.post(f"/prep/questions/{required.pk}/remove/")
        self.assertEqual(kept.status_code, 400)
        self.assertTrue(PlannedQuestion.objects.filter(pk=required.pk).exists())
        self.assertFalse(self.conversation.planned_questions.filter(closing=False).exists())

    def test_every_change_needs_the_csrf_token(self):
        row = services.add_question(self.conversation, "What surprised you about tides?")
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        changes = [
            (self.url + "add/", {"slug": "career-first-pull"}),
            (self.url + "reorder/", {"order": str(row.pk)}),
            (f"/prep/questions/{row.pk}/move/", {"direction": "up"}),
            (f"/prep/questions/{row.pk}/priority/", {"priority": "if_time"}),
            (f"/prep/questions/{row.pk}/remove/", {}),
        ]
        for url, data in changes:
            with self.subTest(url=url):
                self.assertEqual(self.post(url, data, client).status_code, 403)
        self.assertEqual(self.conversation.planned_questions.filter(closing=False).count(), 1)
        # With the token from the cookie in the header, as site.js sends it.
        page = client.get(self.url)
        token = page.cookies["csrftoken"].value
        for url, data in changes:
            with self.subTest(url=url):
                response = client.post(url, data, HTTP_X_CSRFTOKEN=token, **JSON)
                self.assertEqual(response.status_code, 200)
        self.assertFalse(PlannedQuestion.objects.filter(pk=row.pk).exists())

    def test_another_users_plan_and_questions_are_404(self):
        row = services.add_question(self.conversation, "What surprised you about tides?")
        self.login(self.bob)
        for url, data in [
            (self.url + "add/", {"slug": "career-first-pull"}),
            (self.url + "add/", {"text": "Anything?"}),
            (self.url + "reorder/", {"order": str(row.pk)}),
            (f"/prep/questions/{row.pk}/move/", {"direction": "up"}),
            (f"/prep/questions/{row.pk}/priority/", {"priority": "if_time"}),
            (f"/prep/questions/{row.pk}/remove/", {}),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.post(url, data).status_code, 404)
        row.refresh_from_db()
        self.assertEqual(row.priority, "must")
        self.assertEqual(self.conversation.planned_questions.filter(closing=False).count(), 1)

    def test_a_change_costs_the_same_queries_for_a_longer_plan(self):
        def count(slug: str) -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.post(self.url + "add/", {"slug": slug})
            self.assertEqual(response.status_code, 200)
            return len(queries)

        services.add_from_bank(self.conversation, "career-first-pull")
        small = count("career-by-chance")
        for slug in ["day-typical-week", "skills-underrated", "adv-stand-out", "ch-pressure"]:
            services.add_from_bank(self.conversation, slug)
        UserQuestion.objects.create(user=self.alice, text="Why tides?", topic="trends")
        self.assertEqual(count("trends-five-years"), small)

        first, *_, last = self.conversation.planned_questions.filter(closing=False)
        with CaptureQueriesContext(connection) as removing:
            self.assertEqual(self.post(f"/prep/questions/{last.pk}/remove/").status_code, 200)
        with CaptureQueriesContext(connection) as moving:
            moved = self.post(f"/prep/questions/{first.pk}/move/", {"direction": "down"})
            self.assertEqual(moved.status_code, 200)
        self.assertLessEqual(len(removing), small)
        self.assertLessEqual(len(moving), small)


class PlainFormTests(BaseTestCase):
    """The same page without its script: one form for the bank, one for the plan."""

    def test_the_bank_and_the_plan_are_each_one_form(self):
        self.login(self.alice)
        conversation = factories.conversation(self.alice, factories.contact(self.alice))
        for slug in ["career-first-pull", "day-typical-week", "skills-underrated"]:
            services.add_from_bank(conversation, slug)
        html = self.client.get(f"/conversations/{conversation.pk}/plan/").content.decode()
        # The intention, plan, closing, write and bank forms, and one per own/hidden question:
        # not one per bank question (135) or per button.
        self.assertEqual(html.count('name="csrfmiddlewaretoken"'), 5 + 1)  # + the nav's sign-out
        bank = html[html.index('id="bank-form"') :]
        self.assertRegex(
            bank,
            r'<button type="submit" name="slug" value="career-by-chance" data-plan-action="add"',
        )
        self.assertIn(
            f'formaction="/conversations/{conversation.pk}/bank/hide/" name="slug"'
            ' value="career-by-chance"',
            bank,
        )
        self.assertIn('id="plan-status" class="visually-hidden" role="status"', html)
        self.assertIn("prep/plan.js", html)

    def test_a_plain_add_goes_back_to_the_topic_it_came_from(self):
        self.login(self.alice)
        conversation = factories.conversation(self.alice, factories.contact(self.alice))
        own = UserQuestion.objects.create(user=self.alice, text="Why tides?", topic="trends")
        url = f"/conversations/{conversation.pk}/plan/"
        for slug, topic in [("day-typical-week", "day_to_day"), (own.slug, "trends")]:
            with self.subTest(slug=slug):
                response = self.client.post(url + "add/", {"slug": slug})
                self.assertRedirects(
                    response, f"{url}?topic={topic}#topic-{topic}", fetch_redirect_response=False
                )
        self.assertTrue(re.search("Why tides", self.client.get(url).content.decode()))
