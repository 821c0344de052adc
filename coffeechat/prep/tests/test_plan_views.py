"""The plan page, its POST-only changes, and the brief."""

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.prep import services
from coffeechat.prep.models import HiddenQuestion, PlannedQuestion, UserQuestion


class PlanPageTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        org = factories.organisation(self.alice, "Harbour Power", industry="renewable energy")
        self.contact = factories.contact(
            self.alice,
            "Priya Shah",
            org=org,
            role="Grid Analyst",
            research_notes="Runs the *tidal* pilot.",
            career_story="Physics at Dalhousie.",
            common_ground="Both rowed at university.",
            links=[{"url": "https://example.org/talk", "title": "Her conference talk"}],
        )
        self.conversation = factories.conversation(self.alice, self.contact)
        self.url = f"/conversations/{self.conversation.pk}/plan/"

    def add(self, **data):
        return self.client.post(self.url + "add/", data)

    def test_it_shows_the_bank_filled_for_the_contact_with_the_research_beside_it(self):
        response = self.client.get(self.url)
        self.assertContains(response, "How did you make the move into the Grid Analyst role?")
        self.assertContains(response, "<em>tidal</em>", html=True)
        self.assertContains(response, "Her conference talk")
        self.assertContains(response, "Both rowed at university.")
        self.assertContains(response, "0 of about 8")
        self.assertContains(response, "Plan at least 4 questions")
        # The closing questions are shown, not stored, on a GET.
        self.assertContains(response, "May I follow up with you")
        self.assertFalse(PlannedQuestion.objects.exists())

    def test_it_adds_a_bank_question_with_its_priority(self):
        response = self.add(slug="career-move-into-role", priority="if_time", topic="career_path")
        self.assertRedirects(
            response,
            self.url + "?topic=career_path#topic-career_path",
            fetch_redirect_response=False,
        )
        row = self.conversation.planned_questions.get(closing=False)
        self.assertEqual(row.text, "How did you make the move into the Grid Analyst role?")
        self.assertEqual(
            (row.priority, row.bank_slug, row.status),
            ("if_time", "career-move-into-role", "unasked"),
        )
        self.assertEqual(
            list(
                self.conversation.planned_questions.filter(closing=True).values_list(
                    "bank_slug", flat=True
                )
            ),
            services.REQUIRED_CLOSING,
        )
        self.assertContains(self.client.get(self.url), "In the plan")

    def test_it_adds_a_written_question_and_keeps_it_in_the_bank_when_asked(self):
        self.add(
            text="What did the {organisation} tidal pilot teach you?",
            priority="must",
            save_to_bank="on",
            topic="trends",
            tiara="trends",
        )
        row = self.conversation.planned_questions.get(closing=False)
        self.assertEqual(row.text, "What did the Harbour Power tidal pilot teach you?")
        own = UserQuestion.objects.get(user=self.alice)
        self.assertEqual(own.text, "What did the {organisation} tidal pilot teach you?")
        self.assertEqual(row.bank_slug, own.slug)

    def test_it_rejects_unknown_placeholders(self):
        response = self.add(
            text="What about {salary}?", priority="must", topic="trends", tiara="trends"
        )
        self.assertFalse(PlannedQuestion.objects.exists())
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertEqual(
            shown,
            [
                "Unknown placeholder {salary}. "
                "Available: {role}, {organisation}, {industry}, {field}, {first_name}."
            ],
        )

    def test_it_warns_when_the_plan_holds_more_than_fits(self):
        for slug in [q.slug for q in services.question_bank.bank() if not q.closing][:9]:
            self.add(slug=slug)
        response = self.client.get(self.url)
        self.assertContains(response, "9 of about 8")
        self.assertContains(response, "more than 20 minutes allow")
        self.assertTrue(response.context["size"].too_many)

    def test_it_shows_the_checker_findings_with_source(self):
        self.add(
            text="Are you hiring interns this summer?",
            priority="must",
            topic="advice",
            tiara="advice",
        )
        response = self.client.get(self.url)
        found = response.context["questions"][0][1]
        self.assertIn("question.job-ask", [f.rule for f in found])
        self.assertContains(
            response, "Source: Informational interviews: why and how? (Magdalena Mot)"
        )
        self.assertNotContains(response, "534f4aae")

    def test_it_passes_the_rest_of_the_plan_to_the_checker(self):
        self.add(text="What does a typical week look like for you in the tidal team?")
        self.add(text="What does a typical week look like for you in the tidal team?")
        response = self.client.get(self.url)
        rules = [f.rule for f in response.context["questions"][0][1]]
        self.assertIn("question.duplicate", rules)

    def test_it_moves_with_buttons(self):
        a = services.add_question(self.conversation, "First about tides?")
        b = services.add_question(self.conversation, "Second about the grid?")
        response = self.client.post(f"/prep/questions/{b.pk}/move/", {"direction": "up"})
        self.assertRedirects(response, self.url + f"#q-{b.pk}", fetch_redirect_response=False)
        a.refresh_from_db()
        b.refresh_from_db()
        self.assertLess(b.position, a.position)

    def test_it_reorders_from_drag_and_drop_as_json(self):
        rows = [services.add_question(self.conversation, f"Question {n} on tides?") for n in "abc"]
        response = self.client.post(
            self.url + "reorder/",
            {"order": f"{rows[2].pk},{rows[0].pk},{rows[1].pk}"},
            HTTP_ACCEPT="application/json",
        )
        order = list(
            self.conversation.planned_questions.filter(closing=False).values_list("pk", flat=True)
        )
        self.assertEqual(order, [rows[2].pk, rows[0].pk, rows[1].pk])
        answer = response.json()
        self.assertIn("New order saved.", answer["announce"])
        plan = answer["regions"]["plan-questions-region"]
        self.assertLess(plan.index("Question c on tides?"), plan.index("Question a on tides?"))
        bad = self.client.post(
            self.url + "reorder/", {"order": "x"}, HTTP_ACCEPT="application/json"
        )
        self.assertEqual(bad.status_code, 400)

    def test_it_changes_priority_and_removes(self):
        row = services.add_question(self.conversation, "What surprised you about tides?")
        self.client.post(f"/prep/questions/{row.pk}/priority/", {"priority": "if_time"})
        row.refresh_from_db()
        self.assertEqual(row.priority, "if_time")
        self.client.post(f"/prep/questions/{row.pk}/priority/", {"priority": "someday"})
        row.refresh_from_db()
        self.assertEqual(row.priority, "if_time")
        self.client.post(f"/prep/questions/{row.pk}/remove/")
        self.assertFalse(PlannedQuestion.objects.filter(pk=row.pk).exists())

    def test_it_keeps_the_required_closing_questions_on_remove(self):
        services.ensure_closing(self.conversation)
        closing = self.conversation.planned_questions.get(bank_slug="next-follow-up")
        self.client.post(f"/prep/questions/{closing.pk}/remove/")
        self.assertTrue(PlannedQuestion.objects.filter(pk=closing.pk).exists())

    def test_it_hides_and_unhides_bank_questions(self):
        self.client.post(
            f"/conversations/{self.conversation.pk}/bank/hide/", {"slug": "career-by-chance"}
        )
        self.assertTrue(
            HiddenQuestion.objects.filter(user=self.alice, slug="career-by-chance").exists()
        )
        response = self.client.get(self.url)
        bank_slugs = [e.slug for _, _, entries in response.context["bank"] for e in entries]
        self.assertNotIn("career-by-chance", bank_slugs)
        self.assertIn("career-turning-point", bank_slugs)
        self.client.post(
            f"/conversations/{self.conversation.pk}/bank/unhide/", {"slug": "career-by-chance"}
        )
        self.assertFalse(HiddenQuestion.objects.exists())

    def test_it_ignores_hiding_an_unknown_slug(self):
        self.client.post(f"/conversations/{self.conversation.pk}/bank/hide/", {"slug": "nope"})
        self.assertFalse(HiddenQuestion.objects.exists())

    def test_it_deletes_own_bank_questions(self):
        own = UserQuestion.objects.create(user=self.alice, text="Why tides?")
        self.client.post(
            f"/prep/my-questions/{own.pk}/delete/", {"conversation": self.conversation.pk}
        )
        self.assertFalse(UserQuestion.objects.exists())

    def test_it_saves_intention_and_talking_points(self):
        self.client.post(
            self.url + "intention/",
            {
                "intention": "Learn how grid analysts spend their week.",
                "talking_points": "Physics degree\nBuilt a tide model\nRowing captain",
                "meeting_minutes": 30,
            },
        )
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.intention, "Learn how grid analysts spend their week.")
        self.assertEqual(len(services.talking_points(self.conversation)), 3)
        self.assertEqual(self.conversation.meeting_minutes, 30)

    def test_it_only_accepts_post_for_changes(self):
        row = services.add_question(self.conversation, "What surprised you about tides?")
        for url in [
            self.url + "add/",
            self.url + "reorder/",
            self.url + "intention/",
            f"/prep/questions/{row.pk}/move/",
            f"/prep/questions/{row.pk}/priority/",
            f"/prep/questions/{row.pk}/remove/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 405)

    def test_it_gives_outsiders_404(self):
        row = services.add_question(self.conversation, "What surprised you about tides?")
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(
            self.client.post(self.url + "add/", {"slug": "career-by-chance"}).status_code, 404
        )
        self.assertEqual(self.client.post(f"/prep/questions/{row.pk}/remove/").status_code, 404)
        self.assertEqual(
            self.client.post(
                f"/prep/questions/{row.pk}/priority/", {"priority": "if_time"}
            ).status_code,
            404,
        )
        self.assertTrue(PlannedQuestion.objects.filter(pk=row.pk).exists())

    def test_it_keeps_the_plan_page_query_count_flat(self):
        def count_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get(self.url)
            return len(queries)

        services.add_from_bank(self.conversation, "career-first-pull")
        small = count_queries()
        for slug in ["career-by-chance", "day-typical-week", "skills-underrated", "adv-stand-out"]:
            services.add_from_bank(self.conversation, slug)
        UserQuestion.objects.create(user=self.alice, text="Why tides?", topic="trends")
        HiddenQuestion.objects.create(user=self.alice, slug="career-detour")
        self.assertEqual(count_queries(), small)


class BriefTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.contact = factories.contact(
            self.alice, "Priya Shah", research_notes="Runs the tidal pilot."
        )
        self.conversation = factories.conversation(self.alice, self.contact)
        self.conversation.intention = "Learn how the tidal pilot was staffed."
        self.conversation.talking_points = "Physics degree\nTide model"
        self.conversation.save()

    def test_it_holds_everything_for_the_meeting(self):
        services.add_question(
            self.conversation, "What did the tidal pilot teach you?", priority="must"
        )
        services.add_question(
            self.conversation, "Which tools does your team use?", priority="if_time"
        )
        response = self.client.get(f"/conversations/{self.conversation.pk}/brief/")
        for text in [
            "Runs the tidal pilot.",
            "Learn how the tidal pilot was staffed.",
            "a student exploring user research",  # the profile introduction
            "Tide model",
            "What did the tidal pilot teach you?",
            "Which tools does your team use?",
            "May I follow up with you",
            "Who else would you suggest I talk to",
        ]:
            self.assertContains(response, text)
        self.assertContains(response, "prep/brief.css")

    def test_it_is_private(self):
        self.login(self.bob)
        response = self.client.get(f"/conversations/{self.conversation.pk}/brief/")
        self.assertEqual(response.status_code, 404)


class BriefMeetingTests(BaseTestCase):
    def test_it_shows_the_next_scheduled_meeting(self):
        self.login(self.alice)
        conversation = factories.conversation(self.alice)
        factories.meeting(self.alice, conversation, in_days=2, format="phone", place="+1 555 0100")
        response = self.client.get(f"/conversations/{conversation.pk}/brief/")
        self.assertEqual(response.context["meeting"].place, "+1 555 0100")
        self.assertContains(response, "Phone · +1 555 0100")


class LiveQuestionCheckTests(BaseTestCase):
    def test_it_checks_a_question_as_it_is_typed_and_adds_nothing(self):
        self.login(self.alice)
        conversation = factories.conversation(self.alice, factories.contact(self.alice))
        response = self.client.post(
            f"/conversations/{conversation.pk}/plan/add/",
            {"do": "live", "text": "Are you hiring at the moment?"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, "hiring")
        self.assertFalse(conversation.planned_questions.filter(closing=False).exists())
