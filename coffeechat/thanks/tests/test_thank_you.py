from datetime import UTC, datetime, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.contacts.models import Touchpoint
from coffeechat.core.extensions import today_items
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.models import Capture, MeetingStatus
from coffeechat.pipeline.models import Conversation
from coffeechat.thanks.drafts import compose, points_for

MET = datetime(2026, 10, 6, 15, 0, tzinfo=UTC)


def thanks_items(user, now):
    return [i for i in today_items(user, now) if i.kind == "Thank-you"]


class ThankYouTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        with time_machine.travel(MET - timedelta(minutes=30), tick=False):
            self.priya = factories.contact(self.alice, "Priya Shah", emails=["priya@example.org"])
            self.conv = factories.conversation(self.alice, self.priya, stage="scheduled")
            self.meeting = factories.meeting(
                self.alice,
                self.conv,
                in_days=0,
                notes="- Usability testing with five users finds most problems\n- ok",
                status=MeetingStatus.HELD,
                ended_at=MET,
            )
            Capture.objects.create(
                user=self.alice,
                meeting=self.meeting,
                kind="advice",
                text="Join the local research ops meetup",
            )
        with time_machine.travel(MET, tick=False):
            from coffeechat.pipeline.services import move_to_stage

            move_to_stage(self.conv, "met")

    def test_it_is_due_within_a_day_and_overdue_after(self):
        [item] = thanks_items(self.alice, MET + timedelta(hours=3))
        self.assertEqual(item.title, "Write the thank-you to Priya Shah")
        self.assertFalse(item.overdue)
        self.assertEqual(item.when, MET + timedelta(hours=24))
        [late] = thanks_items(self.alice, MET + timedelta(hours=25))
        self.assertTrue(late.overdue)
        self.assertEqual(thanks_items(self.bob, MET), [])

    def test_it_offers_a_captured_line_once_as_what_it_was_captured_as(self):
        self.meeting.notes += "\n- Read the Nielsen article on heuristics"
        self.meeting.save()
        Capture.objects.create(
            user=self.alice, meeting=self.meeting, kind="resource", text="the Nielsen article"
        )
        points = [(p.text, p.source) for p in points_for(self.conv)]
        self.assertIn(("the Nielsen article", "resource"), points)
        self.assertNotIn(("Read the Nielsen article on heuristics", "notes"), points)

    def test_it_shows_the_notes_beside_the_draft_and_asks_for_the_slots(self):
        with time_machine.travel(MET + timedelta(hours=2), tick=False):
            response = self.client.get(f"/conversations/{self.conv.pk}/thanks/")
        text = response.context["text"]
        # Nothing from the notes is spliced in: an unanswered slot leaves its sentence out.
        self.assertEqual(
            text,
            "Hi Priya,\n\nThank you for taking the time to talk with me.\n\nWith thanks,\nAlice",
        )
        self.assertContains(response, "What did they say that stayed with you?")
        self.assertContains(response, "not filled, so that sentence is left out")
        self.assertContains(response, "Join the local research ops meetup")  # as material
        self.assertNotIn("ok", [p.text for p in response.context["points"]])
        # The coach asks for the same thing the slot does.
        rules = [f.rule for f in response.context["findings"]]
        self.assertEqual(rules, ["thankyou.no-specific-point"])
        self.assertContains(response, "mailto:priya@example.org?subject=Thank%20you")

    def test_it_writes_each_form_from_the_answers_and_passes_the_coach(self):
        answers = {
            "slot-stayed": "Your point that five users find most usability problems.",
            "slot-will_do": "Join the research ops meetup you mentioned",
            "slot-changed": "moving from teaching into research",
        }
        texts = {}
        for channel in ("email", "linkedin-message", "card"):
            with time_machine.travel(MET + timedelta(hours=2), tick=False):
                response = self.client.get(
                    f"/conversations/{self.conv.pk}/thanks/", {"channel": channel, **answers}
                )
            texts[channel] = response.context["text"]
            self.assertEqual(response.context["findings"], [], channel)
        body = (
            "Hi Priya,\n\nThank you for taking the time to talk with me. What stayed with me "
            "most was your point that five users find most usability problems. You changed how "
            "I think about moving from teaching into research.\n\nNext, I will join the "
            "research ops meetup you mentioned, and I'll let you know how it goes.\n\n"
        )
        self.assertEqual(texts["email"], body + "With thanks,\nAlice")
        self.assertEqual(texts["linkedin-message"], body + "Alice")
        self.assertEqual(
            texts["card"],
            "Priya, thank you for your time.\n"
            "What stayed with me most was your point that five users find most usability "
            "problems.\nNext, I will join the research ops meetup you mentioned.\nAlice",
        )

    def test_it_names_the_people_they_referred_you_to_from_the_data(self):
        factories.contact(self.alice, "Jane Doe", referred_by=self.priya)
        factories.contact(self.alice, "Omar Ali", referred_by=self.priya)
        response = self.client.get(f"/conversations/{self.conv.pk}/thanks/")
        self.assertIn(
            "I will get in touch with Jane and Omar, as you kindly suggested.",
            response.context["text"],
        )

    def test_it_signs_with_the_name_you_go_by_and_says_when_there_is_none(self):
        self.alice.profile.preferred_name = "Ali M."
        self.alice.profile.save()
        response = self.client.get(f"/conversations/{self.conv.pk}/thanks/")
        self.assertTrue(response.context["text"].endswith("With thanks,\nAli M."))
        self.assertNotContains(response, 'id="missing-profile"')
        self.alice.profile.preferred_name = self.alice.profile.full_name = ""
        self.alice.profile.save()
        response = self.client.get(f"/conversations/{self.conv.pk}/thanks/", {"channel": "card"})
        self.assertEqual(response.context["text"], "Priya, thank you for your time.")
        self.assertContains(response, 'id="missing-profile"')
        self.assertContains(response, "needs your name")
        self.assertContains(response, 'href="/accounts/profile/"')

    def test_it_answers_a_live_check_with_the_findings_alone(self):
        with time_machine.travel(MET + timedelta(hours=2), tick=False):
            response = self.client.post(
                f"/conversations/{self.conv.pk}/thanks/",
                {"channel": "email", "do": "live", "text": "Thanks! Are you hiring right now?"},
            )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, "hiring")
        self.conv.refresh_from_db()
        self.assertEqual(self.conv.stage, "met")

    def test_it_flags_a_note_with_no_point_a_job_ask_and_lateness(self):
        with time_machine.travel(MET + timedelta(days=2), tick=False):
            response = self.client.post(
                f"/conversations/{self.conv.pk}/thanks/",
                {"channel": "email", "do": "check", "text": "Thanks! Are you hiring right now?"},
            )
        rules = {f.rule for f in response.context["findings"]}
        self.assertLessEqual(
            {"thankyou.no-specific-point", "thankyou.mentions-job", "thankyou.late"}, rules
        )
        self.conv.refresh_from_db()
        self.assertEqual(self.conv.stage, "met")
        self.assertFalse(Touchpoint.objects.filter(kind="thank_you").exists())

    def test_it_marks_as_sent_logs_and_moves_to_thanked(self):
        with time_machine.travel(MET + timedelta(hours=5), tick=False):
            response = self.client.post(
                f"/conversations/{self.conv.pk}/thanks/",
                {"channel": "card", "do": "mark", "text": "Thank you, Priya!"},
            )
            self.assertRedirects(
                response, f"/conversations/{self.conv.pk}/", fetch_redirect_response=False
            )
            self.assertEqual(thanks_items(self.alice, MET + timedelta(hours=5)), [])
        conv = Conversation.objects.get(pk=self.conv.pk)
        self.assertEqual(conv.stage, "thanked")
        self.assertEqual(conv.thanked_at, MET + timedelta(hours=5))
        touch = Touchpoint.objects.get(kind="thank_you")
        self.assertEqual(
            (touch.text, touch.channel, touch.conversation), ("Thank you, Priya!", "card", conv)
        )

    def test_it_sends_by_email_through_the_outreach_mail_path(self):
        from django.core import mail
        from django.test import override_settings

        with override_settings(EMAIL_CONFIGURED=True):
            self.client.post(
                f"/conversations/{self.conv.pk}/thanks/",
                {"channel": "email", "do": "send", "text": "Hi Priya, thank you."},
            )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["priya@example.org"])
        self.assertEqual(mail.outbox[0].body, "Hi Priya, thank you.")
        self.conv.refresh_from_db()
        self.assertEqual(self.conv.stage, "thanked")

    def test_it_downloads_an_eml_draft_without_marking_it_sent(self):
        from email import message_from_bytes, policy

        response = self.client.post(
            f"/conversations/{self.conv.pk}/thanks/",
            {"channel": "email", "do": "eml", "text": "Hi Priya, thank you for the tip."},
        )
        self.assertEqual(response["Content-Type"], "message/rfc822")
        self.assertIn('filename="thank-you-priya-shah.eml"', response["Content-Disposition"])
        message = message_from_bytes(response.content, policy=policy.default)
        self.assertEqual(message["To"], "priya@example.org")
        self.assertEqual(message["Subject"], "Thank you for your time")
        self.assertEqual(message.get_content().strip(), "Hi Priya, thank you for the tip.")
        self.conv.refresh_from_db()
        self.assertEqual(self.conv.stage, "met")
        self.assertFalse(Touchpoint.objects.filter(kind="thank_you").exists())

    def test_it_keeps_the_draft_when_mail_is_not_set_up(self):
        response = self.client.post(
            f"/conversations/{self.conv.pk}/thanks/",
            {"channel": "email", "do": "send", "text": "Hi Priya, thank you."},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "No mail server is set up")
        self.conv.refresh_from_db()
        self.assertEqual(self.conv.stage, "met")

    def test_it_thanks_after_a_meeting_that_was_never_captured(self):
        sam = factories.contact(self.alice, "Sam Past")
        past = factories.conversation(self.alice, sam, stage="scheduled")
        factories.meeting(self.alice, past, in_days=-1)
        self.assertEqual(self.client.get(f"/conversations/{past.pk}/thanks/").status_code, 200)
        self.client.post(
            f"/conversations/{past.pk}/thanks/",
            {"channel": "email", "do": "mark", "text": "Thanks"},
        )
        past.refresh_from_db()
        self.assertEqual(past.stage, "thanked")
        self.assertIsNotNone(past.met_at)

    def test_it_waits_for_the_meeting_and_keeps_outsiders_out(self):
        early = factories.conversation(self.alice, factories.contact(self.alice, "Sam Early"))
        response = self.client.get(f"/conversations/{early.pk}/thanks/")
        self.assertRedirects(response, f"/conversations/{early.pk}/", fetch_redirect_response=False)
        self.login(self.bob)
        self.assertEqual(self.client.get(f"/conversations/{self.conv.pk}/thanks/").status_code, 404)
        response = self.client.post(f"/conversations/{self.conv.pk}/thanks/", {"do": "mark"})
        self.assertEqual(response.status_code, 404)
        self.conv.refresh_from_db()
        self.assertEqual(self.conv.stage, "met")

    def test_it_keeps_the_query_count_flat(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                thanks_items(self.alice, MET)
            return len(queries)

        small = count()
        for n in range(6):
            conv = factories.conversation(
                self.alice, factories.contact(self.alice, f"P {n}"), stage="met"
            )
            factories.meeting(self.alice, conv, in_days=-1, ended_at=MET)
        self.assertEqual(count(), small)
        # Not captured yet, the six others ask for their notes first (the thank-you's time runs).
        self.assertEqual(len(thanks_items(self.alice, MET)), 1)
        captures = [i for i in today_items(self.alice, MET) if i.kind == "Capture"]
        self.assertEqual(len(captures), 6)

    def test_an_answer_reads_inside_its_sentence(self):
        text = compose(
            first_name="Priya",
            profile={"my_name": "Alice", "signature": ""},
            answers={"stayed": "  Your story about the pivot.  ", "will_do": ""},
            channel="card",
        )
        self.assertEqual(
            text,
            "Priya, thank you for your time.\n"
            "What stayed with me most was your story about the pivot.\nAlice",
        )
