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

    def test_it_prefills_from_the_notes_and_checks_the_draft(self):
        with time_machine.travel(MET + timedelta(hours=2), tick=False):
            response = self.client.get(f"/conversations/{self.conv.pk}/thanks/")
        text = response.context["text"]
        self.assertIn("usability testing with five users finds most problems", text)
        self.assertTrue(text.startswith("Hi Priya,"))
        self.assertContains(response, "Join the local research ops meetup")
        self.assertNotIn("ok", [p.text for p in response.context["points"]])
        self.assertEqual(response.context["findings"], [])
        self.assertContains(response, "mailto:priya@example.org?subject=Thank%20you")

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

    def test_it_writes_from_the_ticked_points_action_and_referral(self):
        capture = Capture.objects.get()
        response = self.client.get(
            f"/conversations/{self.conv.pk}/thanks/",
            {
                "channel": "linkedin-message",
                "point": [f"c{capture.pk}"],
                "action": "I signed up for the meetup",
                "referral": "I will write to Jane next week",
            },
        )
        text = response.context["text"]
        self.assertIn("join the local research ops meetup", text)
        self.assertIn("I signed up for the meetup.", text)
        self.assertIn("I will write to Jane next week.", text)
        self.assertNotIn("usability", text)

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

    def test_it_composes_a_short_card(self):
        card = compose(
            first_name="Priya",
            sender="Alice",
            points=["Your story about the pivot"],
            channel="card",
        )
        self.assertEqual(
            card,
            "Priya, thank you for your time. What stayed with me most: your story about the "
            "pivot.\nAlice",
        )

    def test_a_labelled_note_reads_as_their_advice_not_as_was_advice(self):
        text = compose(first_name="Priya", sender="Alice", points=["Advice: learn SQL first"])
        self.assertIn("Your advice stayed with me most: learn SQL first.", text)
        self.assertNotIn("was advice", text)
