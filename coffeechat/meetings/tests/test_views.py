"""Meeting pages: scheduling, changes, invitations, checklist, meeting mode, capture."""

import json
import zoneinfo
from datetime import UTC, datetime, timedelta

import icalendar
import time_machine
from django.core import mail
from django.test import override_settings

from coffeechat.contacts.models import Touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.models import Meeting
from coffeechat.pipeline.models import Stage

NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@time_machine.travel(NOW, tick=False)
class MeetingViewTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.alice.profile.time_zone = "Europe/Berlin"
        self.alice.profile.save()
        self.alice.email = "alice@example.org"
        self.alice.save()
        self.contact = factories.contact(
            self.alice, "Kai Tanaka", emails=["kai@example.com"], time_zone="Asia/Tokyo"
        )
        self.conversation = factories.conversation(self.alice, self.contact, Stage.REQUESTED)
        self.login(self.alice)

    def schedule(self, **data):
        post = {
            "conversation": self.conversation.pk,
            "starts_at": "2026-05-12T16:30",
            "length": "20",
            "format": "video",
            "place": "https://meet.example.com/kai",
        }
        post.update(data)
        return self.client.post("/meetings/new/", post)

    def meeting(self, **fields) -> Meeting:
        fields.setdefault("format", "video")
        fields.setdefault("place", "https://meet.example.com/kai")
        return Meeting.objects.create(
            user=self.alice,
            conversation=self.conversation,
            starts_at=datetime(2026, 5, 12, 14, 30, tzinfo=UTC),
            **fields,
        )

    # --- Scheduling ---------------------------------------------------------------------------

    def test_it_schedules_in_the_users_time_zone_and_moves_the_stage(self):
        response = self.schedule()
        meeting = Meeting.objects.get()
        self.assertRedirects(response, f"/meetings/{meeting.pk}/")
        self.assertEqual(meeting.starts_at, datetime(2026, 5, 12, 14, 30, tzinfo=UTC))
        self.assertEqual(meeting.minutes, 20)
        self.assertEqual(meeting.user, self.alice)
        self.conversation.refresh_from_db()
        self.assertEqual(self.conversation.stage, Stage.SCHEDULED)

    def test_it_takes_a_custom_length(self):
        self.schedule(length="other", other_minutes="25")
        self.assertEqual(Meeting.objects.get().minutes, 25)

    def test_it_wants_a_number_for_a_custom_length(self):
        response = self.schedule(length="other", other_minutes="")
        self.assertFalse(Meeting.objects.exists())
        self.assertRedirects(response, self.conversation.get_absolute_url())

    def test_it_wants_a_link_for_a_video_call(self):
        response = self.schedule(place="the usual room", format="video")
        self.assertFalse(Meeting.objects.exists())
        follow = self.client.get(response.url)
        self.assertContains(follow, "full link")

    def test_it_accepts_a_place_for_an_in_person_meeting(self):
        self.schedule(place="Café Einstein, Unter den Linden", format="in_person")
        self.assertEqual(Meeting.objects.get().place, "Café Einstein, Unter den Linden")

    def test_it_will_not_schedule_for_someone_elses_conversation(self):
        self.login(self.bob)
        self.assertEqual(self.schedule().status_code, 404)
        self.assertFalse(Meeting.objects.exists())

    def test_it_shows_both_time_zones(self):
        meeting = self.meeting()
        response = self.client.get(f"/meetings/{meeting.pk}/")
        self.assertContains(response, "16:30")  # Berlin, summer time
        self.assertContains(response, "23:30 for them (Asia/Tokyo)")

    def test_it_shows_the_meeting_card_on_the_conversation_page(self):
        meeting = self.meeting()
        response = self.client.get(self.conversation.get_absolute_url())
        self.assertContains(response, f'href="/meetings/{meeting.pk}/live/"')
        self.assertContains(response, 'action="/meetings/new/"')
        self.assertContains(response, 'name="length"')

    # --- Rescheduling and cancelling ----------------------------------------------------------

    def test_it_reschedules_raising_the_sequence_and_noting_it(self):
        meeting = self.meeting()
        response = self.client.post(
            f"/meetings/{meeting.pk}/edit/",
            {
                "starts_at": "2026-05-13T10:00",
                "length": "30",
                "format": "video",
                "place": "https://meet.example.com/kai",
            },
        )
        self.assertRedirects(response, f"/meetings/{meeting.pk}/")
        meeting.refresh_from_db()
        self.assertEqual(meeting.starts_at, datetime(2026, 5, 13, 8, 0, tzinfo=UTC))
        self.assertEqual(meeting.minutes, 30)
        self.assertEqual(meeting.sequence, 1)
        note = Touchpoint.objects.get(conversation=self.conversation, kind="note")
        self.assertEqual(
            note.text, "Meeting rescheduled from Tue 12 May 2026, 16:30 to Wed 13 May 2026, 10:00."
        )

    def test_it_leaves_the_sequence_alone_when_nothing_changed(self):
        meeting = self.meeting()
        self.client.post(
            f"/meetings/{meeting.pk}/edit/",
            {
                "starts_at": "2026-05-12T16:30",
                "length": "20",
                "format": "video",
                "place": "https://meet.example.com/kai",
            },
        )
        meeting.refresh_from_db()
        self.assertEqual(meeting.sequence, 0)
        self.assertFalse(Touchpoint.objects.exists())

    def test_it_cancels_and_keeps_the_history(self):
        meeting = self.meeting()
        self.assertEqual(self.client.get(f"/meetings/{meeting.pk}/cancel/").status_code, 405)
        self.client.post(f"/meetings/{meeting.pk}/cancel/")
        meeting.refresh_from_db()
        self.assertEqual(meeting.status, "cancelled")
        self.assertEqual(meeting.sequence, 1)
        self.assertIn("cancelled", Touchpoint.objects.get(kind="note").text)
        response = self.client.get(f"/meetings/{meeting.pk}/invitation.ics")
        cal = icalendar.Calendar.from_ical(response.content)
        self.assertEqual(str(cal["method"]), "CANCEL")

    def test_it_gives_outsiders_404_for_changes(self):
        meeting = self.meeting()
        self.login(self.bob)
        for url in ("edit", "cancel", "send", "checklist", "live", "live/save", "capture"):
            with self.subTest(url=url):
                response = self.client.post(f"/meetings/{meeting.pk}/{url}/", {})
                self.assertEqual(response.status_code, 404)
        meeting.refresh_from_db()
        self.assertEqual((meeting.status, meeting.sequence), ("scheduled", 0))

    # --- Invitations --------------------------------------------------------------------------

    def test_it_downloads_the_invitation(self):
        meeting = self.meeting()
        response = self.client.get(f"/meetings/{meeting.pk}/invitation.ics")
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
        self.assertEqual(str(event["uid"]), f"{meeting.uid}@coffeechat")

    @override_settings(EMAIL_CONFIGURED=True)
    def test_it_sends_the_invitation_as_a_calendar_part(self):
        meeting = self.meeting()
        self.client.post(f"/meetings/{meeting.pk}/send/")
        [message] = mail.outbox
        self.assertEqual(message.to, ["kai@example.com"])
        [part] = message.attachments
        self.assertEqual(part.get_content_type(), "text/calendar")
        self.assertEqual(part.get_param("method"), "REQUEST")
        self.assertEqual(part.get_filename(), "invite.ics")
        content = part.get_payload(decode=True)
        self.assertEqual(str(icalendar.Calendar.from_ical(content)["method"]), "REQUEST")
        meeting.refresh_from_db()
        self.assertEqual(meeting.invitation_sent_at, NOW)

    @override_settings(EMAIL_CONFIGURED=False)
    def test_it_says_why_the_invitation_was_not_sent(self):
        meeting = self.meeting()
        response = self.client.post(f"/meetings/{meeting.pk}/send/", follow=True)
        self.assertContains(response, "The invitation was not sent.")
        self.assertEqual(mail.outbox, [])
        meeting.refresh_from_db()
        self.assertIsNone(meeting.invitation_sent_at)

    def test_it_needs_an_address_to_send_to(self):
        self.contact.emails = []
        self.contact.save()
        meeting = self.meeting()
        response = self.client.post(f"/meetings/{meeting.pk}/send/", follow=True)
        self.assertContains(response, "has no e-mail address yet")

    def test_it_will_not_send_an_invitation_without_an_organiser(self):
        self.alice.email = ""
        self.alice.save()
        meeting = self.meeting()
        response = self.client.post(f"/meetings/{meeting.pk}/send/", follow=True)
        self.assertContains(response, "Add your e-mail address to your account first")
        self.assertEqual(mail.outbox, [])

    # --- Checklist ----------------------------------------------------------------------------

    def test_it_ticks_the_checklist_for_the_format(self):
        meeting = self.meeting()
        response = self.client.get(f"/meetings/{meeting.pk}/")
        self.assertContains(response, "Join the call 3–5 minutes before the start")
        self.assertNotContains(response, "pay for their drink")
        self.client.post(
            f"/meetings/{meeting.pk}/checklist/", {"done": ["video_light", "always_notepad"]}
        )
        meeting.refresh_from_db()
        self.assertEqual(meeting.checklist_done, ["video_light", "always_notepad"])
        self.client.post(f"/meetings/{meeting.pk}/checklist/", {"done": ["person_pay"]})
        meeting.refresh_from_db()
        self.assertEqual(meeting.checklist_done, ["video_light", "always_notepad"])


@time_machine.travel(NOW, tick=False)
class LiveTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        from coffeechat.prep.models import PlannedQuestion

        self.conversation = factories.conversation(self.alice, stage=Stage.SCHEDULED)
        self.meeting = factories.meeting(self.alice, self.conversation, in_days=0)
        self.q1 = PlannedQuestion.objects.create(
            user=self.alice, conversation=self.conversation, text="How did you start?", position=1
        )
        self.q2 = PlannedQuestion.objects.create(
            user=self.alice, conversation=self.conversation, text="What is hard?", position=2
        )
        other = factories.conversation(self.alice)
        self.elsewhere = PlannedQuestion.objects.create(
            user=self.alice, conversation=other, text="Not this one", position=1
        )
        self.login(self.alice)
        self.url = f"/meetings/{self.meeting.pk}/live/save/"

    def save(self, fields, revision: int = 0, **kwargs):
        return self.client.post(
            self.url,
            json.dumps({"revision": revision, "fields": fields}),
            content_type="application/json",
            **kwargs,
        )

    def test_it_shows_the_plan_in_order_and_the_closing_prompts(self):
        response = self.client.get(f"/meetings/{self.meeting.pk}/live/")
        body = response.content.decode()
        self.assertLess(body.index("How did you start?"), body.index("What is hard?"))
        self.assertNotIn("Not this one", body)
        self.assertIn("Who else would be good for me to talk to?", body)
        self.assertIn('name="notes"', body)

    def test_it_autosaves_notes_statuses_and_order(self):
        response = self.save(
            {
                "notes": {"value": "Start with the portfolio."},
                f"q:{self.q1.pk}:status": {"value": "asked"},
                f"q:{self.q2.pk}:note": {"value": "Hiring freeze"},
                "order": {"value": [self.q2.pk, self.q1.pk]},
            }
        )
        self.assertEqual(response.status_code, 200)
        self.meeting.refresh_from_db()
        self.q1.refresh_from_db()
        self.q2.refresh_from_db()
        self.assertEqual(self.meeting.notes, "Start with the portfolio.")
        self.assertEqual((self.q1.status, self.q1.position), ("asked", 2))
        self.assertEqual((self.q2.note, self.q2.position), ("Hiring freeze", 1))
        state = response.json()
        self.assertEqual(state["revision"], 1)
        self.assertEqual(state["fields"]["order"]["value"], [self.q2.pk, self.q1.pk])
        self.assertEqual(state["fields"]["notes"], {"value": "Start with the portfolio.", "at": 1})

    def test_it_takes_a_later_save_whatever_the_device_clocks_say(self):
        self.save({"notes": {"value": "from a phone two minutes ahead", "at": 10**14}})
        response = self.save({"notes": {"value": "later, from the laptop", "at": 5}}, revision=1)
        self.assertEqual(response.status_code, 200)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.notes, "later, from the laptop")
        self.assertEqual(self.meeting.live_revision, 2)

    def test_it_answers_a_stale_save_with_a_conflict_and_merges_the_other_fields(self):
        self.save({"notes": {"value": "typed on the laptop"}})  # revision 1
        # The phone last saw revision 0: its notes would overwrite the laptop's.
        response = self.save(
            {
                "notes": {"value": "typed on the phone"},
                f"q:{self.q1.pk}:status": {"value": "asked"},
            },
            revision=0,
        )
        self.assertEqual(response.status_code, 409)
        answer = response.json()
        self.assertEqual(answer["conflicts"], ["notes"])
        self.assertEqual(answer["error"], "Changed on another device meanwhile.")
        self.assertEqual(answer["fields"]["notes"]["value"], "typed on the laptop")
        self.meeting.refresh_from_db()
        self.q1.refresh_from_db()
        self.assertEqual(self.meeting.notes, "typed on the laptop")
        self.assertEqual(self.q1.status, "asked")  # nobody else wrote it: taken
        self.assertEqual(answer["revision"], 2)
        # The page keeps both versions and saves them from the revision it was given.
        both = "typed on the laptop\ntyped on the phone"
        response = self.save({"notes": {"value": both}}, revision=2)
        self.assertEqual(response.status_code, 200)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.notes, both)

    def test_it_refuses_a_save_without_a_revision(self):
        response = self.client.post(
            self.url, json.dumps({"fields": {"notes": {"value": "x"}}}), "application/json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("revision", response.json()["error"])

    def test_it_ignores_other_questions_and_unknown_keys(self):
        response = self.save(
            {f"q:{self.elsewhere.pk}:status": {"value": "asked"}, "user": {"value": 99}}
        )
        self.assertEqual(response.status_code, 200)
        self.elsewhere.refresh_from_db()
        self.assertEqual(self.elsewhere.status, "unasked")

    def test_it_refuses_a_bad_value_naming_the_field_and_saves_nothing(self):
        response = self.save(
            {"notes": {"value": "kept?"}, f"q:{self.q1.pk}:status": {"value": "deleted"}}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn(f"q:{self.q1.pk}:status", response.json()["error"])
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.notes, self.meeting.live_revision), ("", 0))

    def test_it_accepts_a_beacon_form(self):
        payload = json.dumps({"revision": 0, "fields": {"notes": {"value": "sent on leaving"}}})
        self.client.post(self.url, {"payload": payload})
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.notes, "sent on leaving")

    def test_it_rejects_garbage(self):
        response = self.client.post(self.url, "nope", content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_it_keeps_autosave_to_the_owner(self):
        self.login(self.bob)
        self.assertEqual(self.save({"notes": {"value": "bob"}}).status_code, 404)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.notes, "")

    def test_it_saves_the_plain_form_without_javascript(self):
        url = f"/meetings/{self.meeting.pk}/live/"
        # The form shows the latest state when sent: it is the latest word.
        self.save({"notes": {"value": "from the phone"}})
        response = self.client.post(
            url,
            {
                "notes": "Typed with no JavaScript",
                f"q{self.q1.pk}_status": "skipped",
                f"q{self.q2.pk}_note": "ask again",
                "move": f"up:{self.q2.pk}",
            },
        )
        self.assertRedirects(response, url)
        self.meeting.refresh_from_db()
        self.q1.refresh_from_db()
        self.q2.refresh_from_db()
        self.assertEqual(self.meeting.notes, "Typed with no JavaScript")
        self.assertEqual(self.q1.status, "skipped")
        self.assertEqual((self.q2.note, self.q2.position), ("ask again", 1))
        response = self.client.post(url, {"notes": "last words", "end": ""})
        self.assertRedirects(response, f"/meetings/{self.meeting.pk}/capture/")


class TimeShownTests(BaseTestCase):
    def test_it_hides_the_contact_time_when_the_offsets_match(self):
        from coffeechat.meetings.views import contact_time

        conversation = factories.conversation(
            self.alice, factories.contact(self.alice, time_zone="Europe/London")
        )
        meeting = factories.meeting(self.alice, conversation)
        meeting.starts_at = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
        self.assertEqual(contact_time(meeting), "")  # alice is in UTC; London is too in winter
        meeting.starts_at += timedelta(days=180)
        self.assertIn("(Europe/London)", contact_time(meeting))
        _ = BERLIN
