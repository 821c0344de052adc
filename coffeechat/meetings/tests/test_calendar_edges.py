"""Calendar output across daylight-saving edges, read back by independent parsers, and the
METHOD an invitation may carry (RFC 5546). Readers: icalendar, vobject, ics-py and ical.js."""

import json
import subprocess
import zoneinfo
from datetime import UTC, datetime, timedelta

import icalendar
import ics
import time_machine
import vobject

from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.core.tests import factories
from coffeechat.meetings.calendar import build_calendar, build_invitation, invitation_method
from coffeechat.meetings.models import Meeting, MeetingFormat
from coffeechat.transfer.tests.helpers import ical_js

# (zone, a wall-clock start in the hour repeated when clocks go back, fold, minutes)
EDGES = [
    ("Europe/Berlin", datetime(2026, 10, 25, 2, 30), 0, 60),  # 02:30 CEST, ends 02:30 CET
    ("Europe/Berlin", datetime(2026, 10, 25, 2, 30), 1, 30),  # 02:30 CET
    ("America/New_York", datetime(2026, 11, 1, 1, 15), 0, 60),  # 01:15 EDT, ends 01:15 EST
    ("America/New_York", datetime(2026, 3, 8, 1, 45), 0, 30),  # across the spring change
    ("Australia/Sydney", datetime(2026, 4, 5, 2, 30), 0, 45),  # 02:30 AEDT
]


@time_machine.travel(datetime(2026, 2, 20, 12, 0, tzinfo=UTC), tick=False)
class DaylightSavingEdgeTests(BaseTestCase):
    def meetings(self):
        out = []
        for n, (zone, wall, fold, minutes) in enumerate(EDGES):
            user = make_user(f"zone{n}", time_zone=zone)
            contact = factories.contact(user, "Sam Rivera", emails=["sam@example.com"])
            start = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone), fold=fold).astimezone(UTC)
            out.append(
                Meeting.objects.create(
                    user=user,
                    conversation=factories.conversation(user, contact),
                    starts_at=start,
                    minutes=minutes,
                    format=MeetingFormat.PHONE,
                    place="+1 555 0100",
                )
            )
        return out

    def test_icalendar_and_vobject_read_the_stored_instants(self):
        for meeting in self.meetings():
            data = build_invitation(meeting)
            with self.subTest(zone=meeting.user.profile.time_zone, parser="icalendar"):
                [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
                self.assertEqual(event.decoded("dtstart"), meeting.starts_at)
                self.assertEqual(event.decoded("dtend"), meeting.ends_at)
            with self.subTest(zone=meeting.user.profile.time_zone, parser="vobject"):
                vevent = vobject.readOne(data.decode()).vevent
                self.assertEqual(vevent.dtstart.value, meeting.starts_at)
                self.assertEqual(vevent.dtend.value, meeting.ends_at)
                self.assertEqual(
                    vevent.dtend.value - vevent.dtstart.value, timedelta(minutes=meeting.minutes)
                )

    def test_ics_py_reads_the_stored_instants(self):
        for meeting in self.meetings():
            with self.subTest(zone=meeting.user.profile.time_zone):
                [event] = ics.Calendar(build_invitation(meeting).decode()).events
                self.assertEqual(event.begin.datetime, meeting.starts_at)
                self.assertEqual(event.end.datetime, meeting.ends_at)

    def test_ical_js_reads_the_stored_instants(self):
        node, module = ical_js(self)
        script = (
            f"const ICAL = require({module!r}).default;"
            "const c = new ICAL.Component(ICAL.parse(require('fs').readFileSync(0, 'utf8')));"
            "console.log(JSON.stringify(c.getAllSubcomponents('vevent').map(e => "
            "[e.getFirstPropertyValue('dtstart').toUnixTime(),"
            " e.getFirstPropertyValue('dtend').toUnixTime()])));"
        )
        meetings = self.meetings()
        for meeting in meetings:
            data = build_invitation(meeting).decode()
            out = subprocess.run(
                [node, "-e", script], input=data, capture_output=True, text=True, check=True
            ).stdout
            self.assertEqual(
                json.loads(out),
                [[int(meeting.starts_at.timestamp()), int(meeting.ends_at.timestamp())]],
            )

    def test_it_writes_no_local_time_that_could_be_ambiguous(self):
        for meeting in self.meetings():
            text = build_calendar(meeting.user).decode()
            self.assertNotIn("TZID", text)
            self.assertNotIn("BEGIN:VTIMEZONE", text)


@time_machine.travel(datetime(2026, 2, 20, 12, 0, tzinfo=UTC), tick=False)
class InvitationMethodTests(BaseTestCase):
    def meeting(self, contact_emails):
        contact = factories.contact(self.alice, "Sam Rivera", emails=contact_emails)
        return Meeting.objects.create(
            user=self.alice,
            conversation=factories.conversation(self.alice, contact),
            starts_at=datetime(2026, 3, 10, 11, 0, tzinfo=UTC),
        )

    def method(self, data: bytes):
        cal = icalendar.Calendar.from_ical(data)
        return str(cal["method"]) if "method" in cal else None

    def test_it_requests_only_with_an_organizer_and_an_attendee(self):
        both = self.meeting(["sam@example.com"])
        self.assertEqual(self.method(build_invitation(both)), "REQUEST")
        self.assertEqual(self.method(build_invitation(both, "CANCEL")), "CANCEL")
        no_attendee = self.meeting([])
        self.assertIsNone(invitation_method(no_attendee))
        self.assertIsNone(self.method(build_invitation(no_attendee)))
        self.alice.email = ""
        self.alice.save()
        both.refresh_from_db()
        data = build_invitation(both)
        self.assertIsNone(self.method(data))
        self.assertNotIn(b"ORGANIZER", data)

    def test_the_calendar_publishes_only_with_an_organizer(self):
        self.meeting(["sam@example.com"])
        self.assertEqual(self.method(build_calendar(self.alice)), "PUBLISH")
        self.alice.email = ""
        self.alice.save()
        self.assertIsNone(self.method(build_calendar(self.alice)))
