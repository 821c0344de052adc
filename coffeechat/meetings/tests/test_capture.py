"""Capture where the notes are: each line of the meeting's notes is marked as what it is."""

from datetime import UTC, date, datetime

import time_machine

from coffeechat.contacts.models import Contact, Touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.followup.models import ActionItem
from coffeechat.meetings.lines import guess_person, line_key
from coffeechat.meetings.models import Capture, CapturedLine
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.prep.models import PlannedQuestion

NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)

GROWING = "Research ops is growing fast"
PORTFOLIO = "Build a portfolio that shows process, not screens"
GUIDE = "Read the guide at https://example.org/guide before applying."
LUCIA = "Talk to Lucía Fernández at Acme Health, lucia@acme.example"
ARTICLE = "I will send her the article on service blueprints"
INTRO = "She will introduce me to Sam"
SMALL_TALK = "We both like the same café"
HIRING = "Hiring is slow this year"
NOTES = "\n".join(["- " + GROWING, PORTFOLIO, "", GUIDE, "* " + LUCIA, ARTICLE, INTRO, SMALL_TALK])


@time_machine.travel(NOW, tick=False)
class CaptureTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.referrer = factories.contact(self.alice, "Maya Okafor")
        self.conversation = factories.conversation(self.alice, self.referrer, Stage.SCHEDULED)
        self.meeting = factories.meeting(self.alice, self.conversation, in_days=-0.1, notes=NOTES)
        PlannedQuestion.objects.create(
            user=self.alice,
            conversation=self.conversation,
            text="Where is the field going?",
            topic="trends",
            note=HIRING,
            position=1,
        )
        self.url = f"/meetings/{self.meeting.pk}/capture/"
        self.login(self.alice)

    def post(self, marks: dict, extras: list[dict] = (), **data):
        """marks: line → mark, or line → {"mark": …, "due": …, "name": …, "part": …}."""
        post = {
            "extra-TOTAL_FORMS": str(max(len(extras), 1)),
            "extra-INITIAL_FORMS": "0",
            "further_contact": "yes",
            "rating": "4",
        }
        for line, mark in marks.items():
            fields = {"mark": mark} if isinstance(mark, str) else mark
            for name, value in fields.items():
                post[f"line-{line_key(line)}-{name}"] = value
        for number, extra in enumerate(extras):
            for name, value in extra.items():
                post[f"extra-{number}-{name}"] = value
        post.update(data)
        return self.client.post(self.url, post)

    def everything(self):
        return self.post(
            {
                GROWING: "insight",
                PORTFOLIO: "advice",
                GUIDE: "resource",
                LUCIA: "person",
                ARTICLE: {"mark": "mine", "due": "2026-05-06"},
                INTRO: {"mark": "theirs", "due": ""},
                SMALL_TALK: "",
                HIRING: "insight",
            }
        )

    def test_it_shows_every_line_of_the_notes_and_the_question_notes_to_mark(self):
        response = self.client.get(self.url)
        for line in (GROWING, PORTFOLIO, LUCIA, INTRO, SMALL_TALK, HIRING):
            with self.subTest(line=line):
                self.assertContains(response, line)
                self.assertContains(response, f'name="line-{line_key(line)}-mark"')
        self.assertContains(response, "Where is the field going?")
        self.assertContains(response, f'name="line-{line_key(ARTICLE)}-due"')
        self.assertContains(response, 'placeholder="Lucía Fernández"')
        self.assertContains(response, 'name="extra-0-text"')
        self.assertFalse(Capture.objects.exists())

    def test_it_captures_each_marked_line_as_what_it_is(self):
        response = self.everything()
        self.assertRedirects(response, self.conversation.get_absolute_url())
        captures = list(
            Capture.objects.order_by("kind", "text").values_list("kind", "text", "url", "topic")
        )
        self.assertEqual(
            captures,
            [
                ("advice", PORTFOLIO, "", ""),
                ("insight", HIRING, "", "trends"),
                ("insight", GROWING, "", ""),
                ("resource", GUIDE, "https://example.org/guide", ""),
            ],
        )
        actions = list(
            ActionItem.objects.order_by("owner").values_list(
                "text", "owner", "due", "contact", "conversation"
            )
        )
        self.assertEqual(
            actions,
            [
                (ARTICLE, "mine", date(2026, 5, 6), self.referrer.pk, self.conversation.pk),
                (INTRO, "theirs", None, self.referrer.pk, self.conversation.pk),
            ],
        )
        lucia = Contact.objects.get(display_name="Lucía Fernández")
        self.assertEqual(lucia.referred_by, self.referrer)
        self.assertEqual(lucia.user, self.alice)
        self.assertEqual(lucia.emails, ["lucia@acme.example"])
        self.assertEqual(lucia.organisation.name, "Acme Health")
        self.assertIn("Maya Okafor", Conversation.objects.get(contact=lucia).intention)
        self.assertEqual(Contact.objects.filter(user=self.alice).count(), 2)
        marked = dict(CapturedLine.objects.values_list("text", "mark"))
        self.assertEqual(len(marked), 8 - 1)
        self.assertNotIn(SMALL_TALK, marked)
        self.assertEqual(CapturedLine.objects.get(mark="person").contact, lucia)
        self.meeting.refresh_from_db()
        self.assertEqual(
            (self.meeting.status, self.meeting.further_contact, self.meeting.rating),
            ("held", True, 4),
        )
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.MET)
        self.assertEqual(Touchpoint.objects.filter(kind="meeting").count(), 1)

    def test_it_stores_nothing_twice_when_the_page_is_sent_again(self):
        self.everything()
        response = self.everything()
        self.assertRedirects(response, self.conversation.get_absolute_url())
        self.assertEqual(Capture.objects.count(), 4)
        self.assertEqual(ActionItem.objects.count(), 2)
        self.assertEqual(Contact.objects.filter(display_name="Lucía Fernández").count(), 1)
        self.assertEqual(Touchpoint.objects.filter(kind="meeting").count(), 1)
        page = self.client.get(self.url)
        self.assertContains(page, "Captured: Insight", count=2)
        self.assertContains(page, "Captured: Person to contact")
        self.assertNotContains(page, f'name="line-{line_key(GROWING)}-mark"')
        self.assertContains(page, f'name="line-{line_key(SMALL_TALK)}-mark"')

    def test_it_skips_an_added_item_already_captured(self):
        extra = {"text": "Go to the research ops meetup", "mark": "advice"}
        self.post({}, extras=[extra])
        response = self.post({}, extras=[extra])
        self.assertEqual(Capture.objects.filter(kind="advice").count(), 1)
        self.assertIn("1 already captured", self.client.get(response.url).content.decode())

    def test_it_marks_only_the_words_selected_in_a_line(self):
        self.post(
            {
                GUIDE: {"mark": "resource", "part": "the guide"},
                LUCIA: {"mark": "person", "part": "Lucía Fernández"},
                GROWING: {"mark": "insight", "part": "not in this line"},
            }
        )
        resource = Capture.objects.get(kind="resource")
        self.assertEqual((resource.text, resource.url), ("the guide", "https://example.org/guide"))
        self.assertEqual(Capture.objects.get(kind="insight").text, GROWING)
        lucia = Contact.objects.get(display_name="Lucía Fernández")
        self.assertEqual(
            (lucia.emails, lucia.organisation.name), (["lucia@acme.example"], "Acme Health")
        )

    def test_it_captures_what_is_not_in_the_notes(self):
        response = self.post(
            {},
            extras=[
                {"text": "Sam Okoro (Acme), sam@acme.example", "mark": "person"},
                {"text": "Send my CV", "mark": "mine", "due": "2026-05-08"},
                {"text": "", "mark": ""},
            ],
        )
        self.assertRedirects(response, self.conversation.get_absolute_url())
        sam = Contact.objects.get(display_name="Sam Okoro")
        self.assertEqual((sam.referred_by, sam.emails), (self.referrer, ["sam@acme.example"]))
        action = ActionItem.objects.get()
        self.assertEqual(
            (action.text, action.owner, action.due), ("Send my CV", "mine", date(2026, 5, 8))
        )

    def test_it_adds_another_row_and_saves_nothing_yet(self):
        response = self.post(
            {GROWING: "insight"}, extras=[{"text": "Send my CV", "mark": "mine"}], more="1"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="extra-1-text"')
        self.assertContains(response, 'value="Send my CV"')
        self.assertFalse(Capture.objects.exists() or ActionItem.objects.exists())
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, "scheduled")

    def test_it_names_the_line_whose_due_date_is_not_a_date_and_saves_nothing(self):
        response = self.post(
            {
                GROWING: "insight",
                LUCIA: "person",
                ARTICLE: {"mark": "mine", "due": "next Tuesday"},
            }
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "Line “I will send her the article on service blueprints”: the due date is not a date.",
            count=2,  # in the list at the top and beside the line
            status_code=400,
        )
        self.assertContains(response, "Nothing was saved yet.", status_code=400)
        self.assertFalse(Capture.objects.exists())
        self.assertFalse(ActionItem.objects.exists())
        self.assertFalse(CapturedLine.objects.exists())
        self.assertFalse(Contact.objects.filter(display_name="Lucía Fernández").exists())
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.status, self.meeting.rating), ("scheduled", None))
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.SCHEDULED)

    def test_it_asks_for_a_name_it_cannot_read_from_the_line(self):
        response = self.post({INTRO: "theirs", SMALL_TALK: "person"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Line “We both like the same café”: give the person", status_code=400
        )
        self.assertFalse(ActionItem.objects.exists())
        response = self.post({SMALL_TALK: {"mark": "person", "name": "Jo Baker"}})
        self.assertEqual(Contact.objects.get(display_name="Jo Baker").referred_by, self.referrer)

    def test_it_asks_what_an_added_item_is(self):
        response = self.post({}, extras=[{"text": "Send my CV", "mark": ""}])
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Added item “Send my CV”: choose what it is.", status_code=400
        )
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, "scheduled")

    def test_it_says_so_when_the_added_rows_are_garbled(self):
        response = self.post({GROWING: "insight"}, **{"extra-TOTAL_FORMS": ""})
        self.assertContains(response, "ManagementForm data is missing", status_code=400)
        self.assertFalse(Capture.objects.exists())

    def test_it_drafts_a_request_naming_the_referrer_when_outreach_can(self):
        from coffeechat.outreach.models import RequestDraft

        self.post({LUCIA: "person"})
        draft = RequestDraft.objects.get(conversation__contact__display_name="Lucía Fernández")
        self.assertIn("Maya", draft.body)

    def test_it_captures_a_meeting_without_notes(self):
        self.meeting.notes = ""
        self.meeting.save()
        PlannedQuestion.objects.all().delete()
        page = self.client.get(self.url)
        self.assertContains(page, "No notes from this meeting.")
        response = self.post({}, further_contact="no", rating="2")
        self.assertRedirects(response, self.conversation.get_absolute_url())
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.status, self.meeting.further_contact), ("held", False))

    def test_it_does_not_capture_a_cancelled_meeting(self):
        self.meeting.status = "cancelled"
        self.meeting.save()
        self.everything()
        self.assertFalse(Capture.objects.exists())
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.SCHEDULED)

    def test_it_gives_outsiders_404_and_saves_nothing(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.everything().status_code, 404)
        self.assertFalse(Capture.objects.exists() or ActionItem.objects.exists())
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, "scheduled")


class GuessPersonTests(BaseTestCase):
    def test_it_reads_name_organisation_and_reach_from_a_line(self):
        cases = {
            "Talk to Sam Okoro at Acme Health, sam@acme.example": (
                "Sam Okoro",
                "Acme Health",
                "sam@acme.example",
            ),
            "- Lucía Fernández (Acme) https://www.linkedin.com/in/lucia": (
                "Lucía Fernández",
                "Acme",
                "https://www.linkedin.com/in/lucia",
            ),
            "introduce me to Jan van der Berg from ING": ("Jan van der Berg", "ING", ""),
            "ask Priya, +44 20 7946 0958": ("Priya", "", "+44 20 7946 0958"),
            "someone in their research team": ("", "", ""),
        }
        for line, expected in cases.items():
            with self.subTest(line=line):
                person = guess_person(line)
                self.assertEqual((person.name, person.organisation, person.reach), expected)
