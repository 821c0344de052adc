"""Each change's answer, put into the page the way prep/plan.js does, gives the page a reload
would show.

The answers carry only the parts of the page a change can touch (views._changed), built without
reading again what the change just wrote; these tests pin them against the full computation, the
plan page rendered afresh after the change: for every kind of change, the page before with the
answer's regions swapped in (element by id, as the script does) equals the page after.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.prep import services
from coffeechat.prep.models import HiddenQuestion, UserQuestion

JSON = {"HTTP_ACCEPT": "application/json"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Spans(HTMLParser):
    """Where each element with an id starts and ends in a page (offsets into its text)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.open: list[tuple[str, str | None, int]] = []
        self.spans: dict[str, tuple[int, int]] = {}
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list) -> None:
        start = self._offset()
        element_id = dict(attrs).get("id")
        if tag in VOID:
            if element_id:
                self.spans[element_id] = (start, start + len(self.get_starttag_text()))
            return
        self.open.append((tag, element_id, start))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        element_id = dict(attrs).get("id")
        if element_id:
            start = self._offset()
            self.spans[element_id] = (start, start + len(self.get_starttag_text()))

    def handle_endtag(self, tag: str) -> None:
        end = self.text.index(">", self._offset()) + 1
        while self.open:
            open_tag, element_id, start = self.open.pop()
            if element_id:
                self.spans[element_id] = (start, end)
            if open_tag == tag:
                return


def _main(page: str) -> str:
    """The page's <main>, with each CSRF token (masked anew on every render) made equal."""
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', main)


def apply_answer(page: str, regions: dict[str, str]) -> str:
    """What plan.js does with an answer: each element whose id is a region's key is replaced by
    the region's (first) element; ids not on the page are left alone."""
    for element_id, html in regions.items():
        spans = _Spans(page).spans
        if element_id not in spans:
            continue
        start, end = spans[element_id]
        page = page[:start] + html.strip() + page[end:]
    return page


class AnswersMatchThePageTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        org = factories.organisation(self.alice, "Harbour Power", industry="renewable energy")
        contact = factories.contact(
            self.alice,
            "Priya Shah",
            org=org,
            role="Grid Analyst",
            research_notes="Leads the **tidal** pilot.",
            career_story="Physics at Dalhousie.",
        )
        self.conversation = factories.conversation(self.alice, contact)
        self.conversation.intention = "Learn what a grid analyst's week involves."
        self.conversation.save()
        self.url = f"/conversations/{self.conversation.pk}/plan/"
        for slug in ["career-first-pull", "day-typical-week", "skills-underrated"]:
            services.add_from_bank(self.conversation, slug)
        # A job ask the coach flags as a problem, and its duplicate: findings on the page, some
        # of them about the rest of the plan (which a change may touch).
        services.add_question(self.conversation, "Are you hiring interns this summer?")
        services.add_question(self.conversation, "Are you hiring interns this summer?")
        self.own = UserQuestion.objects.create(
            user=self.alice, text="How did {organisation} start?", topic="trends"
        )
        HiddenQuestion.objects.create(user=self.alice, slug="career-by-chance")
        self.assertIn('class="finding problem"', self.client.get(self.url).content.decode())

    def rows(self, *, closing: bool = False) -> list:
        return list(self.conversation.planned_questions.filter(closing=closing))

    def assert_answer_matches_the_page(self, url: str, data: dict | None = None) -> dict:
        before = self.client.get(self.url).content.decode()
        response = self.client.post(url, data or {}, **JSON)
        self.assertEqual(response.status_code, 200, response.content)
        answer = response.json()
        after = self.client.get(self.url).content.decode()
        self.assertEqual(_main(apply_answer(before, answer["regions"])), _main(after))
        return answer

    def test_adding_from_the_bank(self):
        self.assert_answer_matches_the_page(self.url + "add/", {"slug": "trends-five-years"})
        self.assert_answer_matches_the_page(self.url + "add/", {"slug": self.own.slug})
        # A closing question from the bank goes before the two every plan ends with.
        self.assert_answer_matches_the_page(self.url + "add/", {"slug": "res-next-name"})

    def test_adding_a_written_question_kept_in_the_bank(self):
        self.assert_answer_matches_the_page(
            self.url + "add/",
            {"text": "What did {organisation} learn?", "topic": "trends", "save_to_bank": "on"},
        )

    def test_moving_up_and_down_and_at_the_ends(self):
        first, second, *_, last = self.rows()
        for question, direction in [
            (second, "up"),
            (second, "up"),  # now first: not moved
            (second, "down"),
            (last, "down"),  # last: not moved
            (first, "down"),
        ]:
            with self.subTest(question=question.text, direction=direction):
                self.assert_answer_matches_the_page(
                    f"/prep/questions/{question.pk}/move/", {"direction": direction}
                )

    def test_moving_an_extra_closing_question(self):
        services.add_from_bank(self.conversation, "res-next-name")
        services.add_from_bank(self.conversation, "next-stay-in-touch")
        extra = self.conversation.planned_questions.get(bank_slug="next-stay-in-touch")
        self.assert_answer_matches_the_page(
            f"/prep/questions/{extra.pk}/move/", {"direction": "up"}
        )

    def test_priority_both_ways(self):
        question = self.rows()[1]
        for priority in ["if_time", "must"]:
            with self.subTest(priority=priority):
                self.assert_answer_matches_the_page(
                    f"/prep/questions/{question.pk}/priority/", {"priority": priority}
                )

    def test_reordering(self):
        ids = [row.pk for row in self.rows()]
        order = ",".join(map(str, [ids[-1], *ids[:-1]]))
        self.assert_answer_matches_the_page(self.url + "reorder/", {"order": order})

    def test_removing_questions_down_to_none(self):
        services.add_from_bank(self.conversation, self.own.slug)
        services.add_from_bank(self.conversation, "res-next-name")
        extra = self.conversation.planned_questions.get(bank_slug="res-next-name")
        self.assert_answer_matches_the_page(f"/prep/questions/{extra.pk}/remove/")
        for question in self.rows():
            with self.subTest(question=question.text):
                self.assert_answer_matches_the_page(f"/prep/questions/{question.pk}/remove/")
        self.assertIn("No questions yet", self.client.get(self.url).content.decode())


class QueriesPerChangeTests(BaseTestCase):
    """Each change costs a fixed number of queries, whatever the plan holds: besides the
    request's own, the question or conversation, the plan read once, the write, and for an
    addition or a removal that changes readiness, the readiness list's meetings ahead.
    (In a test, which runs in a transaction, BEGIN and COMMIT are a savepoint and its release.)"""

    REQUEST = 4  # session, user, profile, and the user's data token written after a POST

    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.conversation = factories.conversation(self.alice, factories.contact(self.alice))
        self.url = f"/conversations/{self.conversation.pk}/plan/"
        for slug in ["career-first-pull", "day-typical-week", "skills-underrated", "ch-pressure"]:
            services.add_from_bank(self.conversation, slug)
        UserQuestion.objects.create(user=self.alice, text="Why tides?", topic="trends")
        HiddenQuestion.objects.create(user=self.alice, slug="career-by-chance")
        self.first, self.second, *_ = self.conversation.planned_questions.filter(closing=False)

    def assert_queries(self, expected: int, url: str, data: dict | None = None) -> None:
        with self.assertNumQueries(self.REQUEST + expected):
            response = self.client.post(url, data or {}, **JSON)
        self.assertEqual(response.status_code, 200)

    def test_add(self):
        # conversation, BEGIN, plan, INSERT, the conversation's stored next step cleared
        # (today.signals), COMMIT: five questions are as ready as four
        self.assert_queries(6, self.url + "add/", {"slug": "trends-five-years"})
        for slug in ["adv-stand-out", "day-current-project", "skills-difference-maker"]:
            services.add_from_bank(self.conversation, slug)
        # and the readiness list with its meetings: nine are more than 20 minutes allow
        self.assert_queries(7, self.url + "add/", {"slug": "skills-learned-on-job"})

    def test_move(self):
        # question, BEGIN, plan, UPDATE, COMMIT
        self.assert_queries(5, f"/prep/questions/{self.second.pk}/move/", {"direction": "up"})

    def test_priority(self):
        # question, UPDATE, the stored next step cleared, plan
        url = f"/prep/questions/{self.second.pk}/priority/"
        self.assert_queries(4, url, {"priority": "if_time"})

    def test_reorder(self):
        # conversation, BEGIN, plan, UPDATE, COMMIT
        order = f"{self.second.pk},{self.first.pk}"
        self.assert_queries(5, self.url + "reorder/", {"order": order})

    def test_remove(self):
        # question, plan, DELETE, the stored next step cleared, and the readiness list's
        # meetings: three are too few
        self.assert_queries(5, f"/prep/questions/{self.second.pk}/remove/")
        # without them once readiness is as it was (two are too few too)
        self.assert_queries(4, f"/prep/questions/{self.first.pk}/remove/")

    def test_the_page(self):
        # session, user, profile; the conversation with its contact, the plan, own questions,
        # hidden questions, and the meetings ahead (readiness). A column the page shows but
        # the view does not read (views._PAGE_FIELDS) would cost one more.
        link = [{"url": "https://example.org/talk", "title": "Her conference talk"}]
        org = factories.organisation(
            self.alice, "Harbour Power", industry="energy", research_notes="Tidal.", links=link
        )
        contact = factories.contact(
            self.alice,
            "Priya Shah",
            org=org,
            role="Grid Analyst",
            research_notes="Leads the pilot.",
            career_story="Physics.",
            common_ground="Rowing.",
            links=link,
        )
        conversation = factories.conversation(self.alice, contact)
        services.add_from_bank(conversation, "res-next-name")
        with self.assertNumQueries(8):
            response = self.client.get(f"/conversations/{conversation.pk}/plan/")
        for shown in ["Her conference talk", "Rowing.", "Physics.", "Tidal.", "Grid Analyst"]:
            self.assertContains(response, shown)
