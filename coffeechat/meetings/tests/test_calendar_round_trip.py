""".ics export read back field by field by four independent parsers: icalendar, vobject,
ics-py and ical.js (Thunderbird's), each compared with what is stored for the meeting."""

import json
import subprocess
from datetime import UTC, datetime

import icalendar
import ics
import time_machine
import vobject

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.calendar import build_calendar
from coffeechat.meetings.models import Meeting, MeetingFormat, MeetingStatus
from coffeechat.transfer.tests.helpers import ical_js

# What each stored meeting must come back as: (uid, start, end, location, status, sequence,
# organizer, attendee, attendee's name), times as POSIX seconds.
ICAL_JS_SCRIPT = """
const ICAL = require(%r).default;
const cal = new ICAL.Component(ICAL.parse(require('fs').readFileSync(0, 'utf8')));
const mail = p => p ? String(p.getFirstValue()).replace(/^mailto:/i, '') : '';
console.log(JSON.stringify(cal.getAllSubcomponents('vevent').map(e => {
  const attendee = e.getFirstProperty('attendee');
  return [
    e.getFirstPropertyValue('uid'),
    e.getFirstPropertyValue('dtstart').toUnixTime(),
    e.getFirstPropertyValue('dtend').toUnixTime(),
    e.getFirstPropertyValue('location') || '',
    e.getFirstPropertyValue('status'),
    e.getFirstPropertyValue('sequence'),
    mail(e.getFirstProperty('organizer')),
    mail(attendee),
    attendee ? attendee.getParameter('cn') : '',
  ];
})));
"""


def stamp(moment: datetime) -> int:
    return int(moment.timestamp())


@time_machine.travel(datetime(2026, 2, 20, 12, 0, tzinfo=UTC), tick=False)
class CalendarRoundTripTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        sam = factories.contact(self.alice, "Sam Rivera", emails=["sam@example.com"])
        ola = factories.contact(self.alice, "Ola; Berg, Jr.", emails=["ola@example.com"])
        nobody = factories.contact(self.alice, "No Address")
        video, phone, there = MeetingFormat.VIDEO, MeetingFormat.PHONE, MeetingFormat.IN_PERSON
        planned, cancelled = MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED
        cases = [
            (sam, datetime(2026, 3, 8, 6, 45), 30, video, "https://meet.example.com/a", planned, 0),
            (ola, datetime(2026, 10, 25, 0, 30), 60, phone, "+44 20 7946 0958", planned, 3),
            (ola, datetime(2026, 11, 1, 5, 15), 45, there, "Café; Ölberg, 2nd", cancelled, 1),
            (nobody, datetime(2026, 4, 4, 15, 30), 20, there, "", planned, 0),
        ]
        for who, start, minutes, kind, place, status, sequence in cases:
            Meeting.objects.create(
                user=self.alice,
                conversation=factories.conversation(self.alice, who),
                starts_at=start.replace(tzinfo=UTC),
                minutes=minutes,
                format=kind,
                place=place,
                status=status,
                sequence=sequence,
            )
        self.data = build_calendar(self.alice)

    def stored(self) -> list[tuple]:
        out = []
        for m in Meeting.objects.filter(user=self.alice).order_by("starts_at"):
            contact = m.conversation.contact
            location = f"Phone: {m.place}" if m.format == MeetingFormat.PHONE else m.place
            out.append(
                (
                    f"{m.uid}@coffeechat",
                    stamp(m.starts_at),
                    stamp(m.ends_at),
                    location,
                    "CANCELLED" if m.status == MeetingStatus.CANCELLED else "CONFIRMED",
                    m.sequence,
                    self.alice.email,
                    contact.emails[0] if contact.emails else "",
                    contact.display_name if contact.emails else "",
                )
            )
        return out

    def by_start(self, rows) -> list[tuple]:
        return sorted((tuple(r) for r in rows), key=lambda r: r[1])

    def test_icalendar_reads_every_field_back(self):
        rows = []
        for e in icalendar.Calendar.from_ical(self.data).walk("VEVENT"):
            attendee = e.get("attendee")
            rows.append(
                (
                    str(e["uid"]),
                    stamp(e.decoded("dtstart")),
                    stamp(e.decoded("dtend")),
                    str(e.get("location", "")),
                    str(e["status"]),
                    int(e["sequence"]),
                    str(e["organizer"]).removeprefix("mailto:"),
                    str(attendee or "").removeprefix("mailto:"),
                    str(attendee.params["CN"]) if attendee else "",
                )
            )
        self.assertEqual(self.by_start(rows), self.stored())

    def test_vobject_reads_every_field_back(self):
        rows = []
        for e in vobject.readOne(self.data.decode()).vevent_list:
            attendee = getattr(e, "attendee", None)
            rows.append(
                (
                    e.uid.value,
                    stamp(e.dtstart.value),
                    stamp(e.dtend.value),
                    e.location.value if hasattr(e, "location") else "",
                    e.status.value,
                    int(e.sequence.value),
                    e.organizer.value.removeprefix("mailto:"),
                    attendee.value.removeprefix("mailto:") if attendee else "",
                    attendee.params["CN"][0] if attendee else "",
                )
            )
        self.assertEqual(self.by_start(rows), self.stored())

    def test_ics_py_reads_every_field_back(self):
        rows = []
        for e in ics.Calendar(self.data.decode()).events:
            [attendee] = e.attendees or [None]
            sequence = next(x for x in e.extra if x.name == "SEQUENCE")
            rows.append(
                (
                    e.uid,
                    stamp(e.begin.datetime),
                    stamp(e.end.datetime),
                    e.location or "",
                    e.status,
                    int(sequence.value),
                    e.organizer.email.removeprefix("mailto:"),
                    attendee.email if attendee else "",
                    attendee.common_name if attendee else "",
                )
            )
        self.assertEqual(self.by_start(rows), self.stored())

    def test_ical_js_reads_every_field_back(self):
        node, module = ical_js(self)
        out = subprocess.run(
            [node, "-e", ICAL_JS_SCRIPT % str(module)],
            input=self.data.decode(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        self.assertEqual(self.by_start(json.loads(out)), self.stored())
