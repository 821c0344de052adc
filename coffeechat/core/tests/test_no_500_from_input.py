"""Input that used to end in HTTP 500: each case as the probe sent it."""

import json
from datetime import UTC, datetime

from django.core import mail
from django.test import override_settings

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.models import CalendarFeed, Meeting
from coffeechat.outreach.models import RequestDraft as Draft

FAR = datetime(9999, 12, 31, 23, 50, tzinfo=UTC)


class DraftSubjectTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        who = factories.contact(self.alice, emails=["jordan@example.org"])
        conv = factories.conversation(self.alice, who)
        self.draft = Draft.objects.create(
            user=self.alice,
            conversation=conv,
            # CR/LF as an older form or an import could have stored it (a NUL never gets this far:
            # forms refuse it, and PostgreSQL could not store it).
            subject="Coffee?\r\nBcc: everyone@example.org",
            body="Hello Jordan",
        )

    def test_it_downloads_an_eml_with_the_subject_on_one_line(self):
        response = self.client.get(f"/outreach/drafts/{self.draft.pk}/eml/")
        self.assertEqual(response.status_code, 200)
        headers = response.content.split(b"\r\n\r\n", 1)[0]
        self.assertIn(b"Subject: Coffee? Bcc: everyone@example.org\r\n", headers)
        self.assertNotIn(b"\r\nBcc:", headers)

    @override_settings(
        EMAIL_CONFIGURED=True, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    )
    def test_it_sends_with_the_subject_on_one_line(self):
        response = self.client.post(f"/outreach/drafts/{self.draft.pk}/send/")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].subject, "Coffee? Bcc: everyone@example.org")
        self.assertNotIn("everyone@example.org", mail.outbox[0].recipients())


class FarMeetingTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.conv = factories.conversation(self.alice)

    def test_it_refuses_a_meeting_at_the_end_of_time(self):
        response = self.client.post(
            "/meetings/new/",
            {
                "conversation": self.conv.pk,
                "starts_at": "9999-12-31T23:50",
                "length": "20",
                "format": "phone",
            },
            follow=True,
        )
        self.assertContains(response, "Date and time: Choose a date between")
        self.assertFalse(Meeting.objects.exists())

    def test_a_meeting_stored_at_the_end_of_time_breaks_no_page_or_calendar(self):
        meeting = factories.meeting(self.alice, self.conv)
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=FAR)
        _feed, token = CalendarFeed.issue(self.alice)
        for path in [
            f"/meetings/{meeting.pk}/",
            f"/meetings/{meeting.pk}/live/",
            f"/conversations/{self.conv.pk}/",
            "/",
            "/transfer/export/ics/",
            f"/meetings/feed/{token}.ics",
        ]:
            with self.subTest(path):
                self.assertLess(self.client.get(path).status_code, 500)
        response = self.client.get(f"/meetings/{meeting.pk}/invitation.ics", follow=True)
        self.assertContains(response, "Change the meeting")
        # It can be put right: moved to a real date, the invitation works again.
        self.client.post(
            f"/meetings/{meeting.pk}/edit/",
            {"starts_at": "2030-05-04T10:00", "length": "20", "format": "phone"},
        )
        meeting.refresh_from_db()
        self.assertEqual(meeting.starts_at.year, 2030)
        response = self.client.get(f"/meetings/{meeting.pk}/invitation.ics")
        self.assertContains(response, "BEGIN:VEVENT")


class LiveSaveTests(BaseTestCase):
    def test_it_answers_a_start_beyond_any_calendar_with_400(self):
        self.login(self.alice)
        meeting = factories.meeting(self.alice, factories.conversation(self.alice))
        for started in [1e20, 10**20, -(10**20), True, "soon"]:
            with self.subTest(started):
                response = self.client.post(
                    f"/meetings/{meeting.pk}/live/save/",
                    json.dumps({"revision": 0, "fields": {"started": {"value": started}}}),
                    content_type="application/json",
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn("started", response.json()["error"])
        meeting.refresh_from_db()
        self.assertIsNone(meeting.started_at)


class KeepInTouchDaysTests(BaseTestCase):
    def test_it_refuses_a_cadence_beyond_ten_years_and_saves_nothing(self):
        self.login(self.alice)
        who = factories.contact(self.alice)
        response = self.client.post(
            f"/contacts/{who.pk}/edit/",
            {"given_name": "Jordan", "family_name": "Changed", "keep_in_touch_days": 2147483647},
        )
        self.assertContains(response, "1 to 3650")
        who.refresh_from_db()
        self.assertEqual(who.family_name, "Lee")
        self.assertIsNone(who.keep_in_touch_days)
