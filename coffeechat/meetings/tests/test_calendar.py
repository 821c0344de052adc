"""Invitations and calendars, read back by icalendar and by vobject (an independent parser)."""

import tempfile
import zoneinfo
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import time_machine
import vobject
from django.core.management import call_command

from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.core.tests import factories
from coffeechat.meetings import services
from coffeechat.meetings.calendar import build_calendar, build_feed, build_invitation
from coffeechat.meetings.models import Meeting, MeetingFormat

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
LONDON = zoneinfo.ZoneInfo("Europe/London")


def parse_both(data: bytes):
    """(icalendar event, vobject vevent, icalendar calendar, vobject calendar)."""
    cal = icalendar.Calendar.from_ical(data)
    events = [c for c in cal.walk("VEVENT")]
    vcal = vobject.readOne(data.decode("utf-8"))
    return events, list(vcal.vevent_list), cal, vcal


@time_machine.travel(datetime(2026, 2, 20, 12, 0, tzinfo=UTC), tick=False)
class InvitationTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.ny = make_user("nora", time_zone="America/New_York")
        self.ny.email = "nora@example.org"
        self.ny.save()
        who = factories.contact(self.ny, "Sam Rivera", emails=["sam@example.com"])
        self.conversation = factories.conversation(self.ny, who)
        self.conversation.intention = "Learn how Sam moved from teaching into UX research."
        self.conversation.save()

    def meeting(self, start: datetime, **fields) -> Meeting:
        fields.setdefault("minutes", 30)
        fields.setdefault("format", MeetingFormat.VIDEO)
        fields.setdefault("place", "https://meet.example.com/abc-defg")
        return Meeting.objects.create(
            user=self.ny, conversation=self.conversation, starts_at=start, **fields
        )

    def test_it_keeps_wall_clock_times_across_the_new_york_spring_change(self):
        # Clocks in New York go forward on Sunday 8 March 2026 at 02:00.
        before = self.meeting(datetime(2026, 3, 7, 9, 0, tzinfo=NEW_YORK))
        after = self.meeting(datetime(2026, 3, 9, 9, 0, tzinfo=NEW_YORK))
        across = self.meeting(datetime(2026, 3, 8, 1, 45, tzinfo=NEW_YORK), minutes=30)
        expected_utc = {
            before.pk: datetime(2026, 3, 7, 14, 0, tzinfo=UTC),
            after.pk: datetime(2026, 3, 9, 13, 0, tzinfo=UTC),
            across.pk: datetime(2026, 3, 8, 6, 45, tzinfo=UTC),
        }
        for meeting in (before, after, across):
            data = build_invitation(meeting)
            [event], [vevent], cal, vcal = parse_both(data)
            with self.subTest(meeting=meeting.pk, parser="icalendar"):
                start = event.decoded("dtstart")
                end = event.decoded("dtend")
                self.assertEqual(start, expected_utc[meeting.pk])
                self.assertEqual(start.utcoffset(), timedelta(0))
                self.assertEqual(end - start, timedelta(minutes=30))
                self.assertEqual(cal.walk("VTIMEZONE"), [])
            with self.subTest(meeting=meeting.pk, parser="vobject"):
                start = vevent.dtstart.value
                end = vevent.dtend.value
                self.assertIsNotNone(start.tzinfo)
                self.assertEqual(start.astimezone(UTC), expected_utc[meeting.pk])
                self.assertEqual(end.astimezone(UTC) - start.astimezone(UTC), timedelta(minutes=30))
        # The meeting that crosses the change ends at 03:15 on the wall clock, not 02:15.
        [vevent] = parse_both(build_invitation(across))[1]
        self.assertEqual(vevent.dtend.value.astimezone(NEW_YORK).strftime("%H:%M"), "03:15")

    def test_it_places_a_london_meeting_after_the_clocks_change(self):
        london = make_user("lena", time_zone="Europe/London")
        conversation = factories.conversation(london, factories.contact(london, "Ola Berg"))
        # British Summer Time starts on 29 March 2026.
        meeting = Meeting.objects.create(
            user=london,
            conversation=conversation,
            starts_at=datetime(2026, 3, 30, 10, 0, tzinfo=LONDON),
            minutes=20,
            format=MeetingFormat.IN_PERSON,
            place="Monmouth Coffee, Borough",
        )
        [event], [vevent], cal, _ = parse_both(build_invitation(meeting))
        self.assertNotIn("TZID", event["dtstart"].params)
        self.assertEqual(
            event.decoded("dtstart").astimezone(UTC), datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
        )
        self.assertEqual(
            vevent.dtstart.value.astimezone(UTC), datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
        )
        self.assertEqual(str(event["location"]), "Monmouth Coffee, Borough")
        self.assertEqual(vevent.location.value, "Monmouth Coffee, Borough")
        self.assertNotIn("conference", event)
        # In person: one alarm, 15 minutes before.
        self.assertEqual(
            [a.decoded("trigger") for a in event.walk("VALARM")], [timedelta(minutes=-15)]
        )

    def test_it_writes_every_part_of_a_video_invitation(self):
        meeting = self.meeting(datetime(2026, 3, 10, 11, 0, tzinfo=NEW_YORK))
        data = build_invitation(meeting)
        [event], [vevent], cal, vcal = parse_both(data)
        self.assertEqual(str(cal["method"]), "REQUEST")
        self.assertEqual(str(cal["version"]), "2.0")
        self.assertIn("Coffeechat", str(cal["prodid"]))
        self.assertEqual(vcal.method.value, "REQUEST")
        self.assertEqual(str(event["uid"]), f"{meeting.uid}@coffeechat")
        self.assertEqual(vevent.uid.value, f"{meeting.uid}@coffeechat")
        self.assertEqual(event.decoded("dtstamp"), datetime(2026, 2, 20, 12, 0, tzinfo=UTC))
        self.assertEqual(int(event["sequence"]), 0)
        self.assertEqual(str(event["status"]), "CONFIRMED")
        self.assertIn("Sam Rivera", str(event["summary"]))
        self.assertEqual(
            vevent.description.value,
            "A 30-minute video call between Nora and Sam Rivera.\n\n"
            "Link: https://meet.example.com/abc-defg",
        )
        self.assertEqual(str(event["url"]), "https://meet.example.com/abc-defg")
        conference = event["conference"]
        self.assertEqual(str(conference), "https://meet.example.com/abc-defg")
        self.assertEqual(conference.params["VALUE"], "URI")
        self.assertEqual(conference.params["FEATURE"], "VIDEO")
        self.assertEqual(vevent.conference.value, "https://meet.example.com/abc-defg")
        self.assertEqual(str(event["organizer"]), "mailto:nora@example.org")
        self.assertEqual(str(event["attendee"]), "mailto:sam@example.com")
        self.assertEqual(event["attendee"].params["RSVP"], "TRUE")
        self.assertEqual(vevent.attendee.params["RSVP"], ["TRUE"])
        self.assertEqual(vevent.organizer.value, "mailto:nora@example.org")
        triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
        self.assertEqual(triggers, [timedelta(minutes=-15), timedelta(minutes=-5)])
        self.assertEqual(len(vevent.valarm_list), 2)

    def test_it_keeps_the_plan_and_intention_out_of_the_invitation(self):
        from coffeechat.prep.models import PlannedQuestion

        PlannedQuestion.objects.create(
            user=self.ny, conversation=self.conversation, text="What surprised you?", position=2
        )
        PlannedQuestion.objects.create(
            user=self.ny, conversation=self.conversation, text="How did you start?", position=1
        )
        self.conversation.intention = "How Sam moved from research into consulting"
        self.conversation.save()
        meeting = self.meeting(datetime(2026, 3, 10, 11, 0, tzinfo=NEW_YORK))
        invitation = build_invitation(meeting)
        [vevent] = parse_both(invitation)[1]
        description = vevent.description.value
        self.assertTrue(description.startswith("A 30-minute video call"), description)
        text = invitation.decode() if isinstance(invitation, bytes) else str(invitation)
        for private in ("surprised", "How did you start", "Intention", "consulting", "questions"):
            self.assertNotIn(private, text)

    def test_it_keeps_the_uid_and_raises_the_sequence_when_rescheduled(self):
        meeting = self.meeting(datetime(2026, 3, 10, 11, 0, tzinfo=NEW_YORK))
        first = parse_both(build_invitation(meeting))[0][0]
        previous = meeting.starts_at
        meeting.starts_at = datetime(2026, 3, 12, 15, 30, tzinfo=NEW_YORK)
        services.reschedule(meeting, previous, ["starts_at"])
        meeting.refresh_from_db()
        [event], [vevent], cal, _ = parse_both(build_invitation(meeting))
        self.assertEqual(str(event["uid"]), str(first["uid"]))
        self.assertEqual(vevent.uid.value, str(first["uid"]))
        self.assertEqual(int(event["sequence"]), 1)
        self.assertEqual(vevent.sequence.value, "1")
        self.assertEqual(str(cal["method"]), "REQUEST")
        self.assertEqual(
            vevent.dtstart.value.astimezone(UTC), datetime(2026, 3, 12, 19, 30, tzinfo=UTC)
        )

    def test_it_cancels_with_method_cancel_and_the_same_uid(self):
        meeting = self.meeting(datetime(2026, 3, 10, 11, 0, tzinfo=NEW_YORK))
        services.cancel(meeting)
        meeting.refresh_from_db()
        [event], [vevent], cal, vcal = parse_both(build_invitation(meeting, method="CANCEL"))
        self.assertEqual(str(cal["method"]), "CANCEL")
        self.assertEqual(vcal.method.value, "CANCEL")
        self.assertEqual(str(event["status"]), "CANCELLED")
        self.assertEqual(vevent.status.value, "CANCELLED")
        self.assertEqual(vevent.uid.value, f"{meeting.uid}@coffeechat")
        self.assertEqual(int(event["sequence"]), 1)
        self.assertEqual(list(event.walk("VALARM")), [])

    def test_it_refuses_other_methods(self):
        meeting = self.meeting(datetime(2026, 3, 10, 11, 0, tzinfo=NEW_YORK))
        with self.assertRaises(ValueError):
            build_invitation(meeting, method="PUBLISH")

    def test_it_uses_utc_for_a_user_without_a_known_zone(self):
        meeting = Meeting.objects.create(
            user=self.alice,
            conversation=factories.conversation(self.alice),
            starts_at=datetime(2026, 3, 10, 11, 0, tzinfo=UTC),
            format=MeetingFormat.PHONE,
            place="+44 20 7946 0000",
        )
        [event], [vevent], _, _ = parse_both(build_invitation(meeting))
        self.assertEqual(event.decoded("dtstart"), datetime(2026, 3, 10, 11, 0, tzinfo=UTC))
        self.assertEqual(vevent.dtstart.value.astimezone(UTC).hour, 11)
        self.assertEqual(str(event["location"]), "Phone: +44 20 7946 0000")
        self.assertNotIn("attendee", event)  # the contact has no e-mail address
        # Without an ATTENDEE it is no invitation (RFC 5546), just an entry to add.
        self.assertNotIn("method", parse_both(build_invitation(meeting))[2])


@time_machine.travel(datetime(2026, 2, 20, 12, 0, tzinfo=UTC), tick=False)
class CalendarTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        conversation = factories.conversation(self.alice)
        self.past = factories.meeting(self.alice, conversation, in_days=-10, status="held")
        self.cancelled = factories.meeting(self.alice, conversation, in_days=3)
        services.cancel(self.cancelled)
        self.coming = factories.meeting(self.alice, conversation, in_days=5)
        factories.meeting(self.bob, factories.conversation(self.bob), in_days=4)

    def test_it_puts_all_of_a_users_meetings_in_the_calendar(self):
        events, vevents, cal, vcal = parse_both(build_calendar(self.alice))
        uids = {str(e["uid"]) for e in events}
        self.assertEqual(
            uids, {f"{m.uid}@coffeechat" for m in (self.past, self.cancelled, self.coming)}
        )
        self.assertEqual(len(vevents), 3)
        self.assertEqual(str(cal["method"]), "PUBLISH")
        statuses = {str(e["uid"]): str(e["status"]) for e in events}
        self.assertEqual(statuses[f"{self.cancelled.uid}@coffeechat"], "CANCELLED")

    def test_it_leaves_held_meetings_out_of_the_feed(self):
        events = parse_both(build_feed(self.alice))[0]
        self.assertEqual(
            {str(e["uid"]) for e in events},
            {f"{m.uid}@coffeechat" for m in (self.cancelled, self.coming)},
        )

    def test_it_exports_the_calendar_from_the_command_line(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "meetings.ics"
            call_command("export", str(path), "--user", "alice", "--format", "ics")
            data = path.read_bytes()
        events, vevents, _, _ = parse_both(data)
        self.assertEqual(len(events), 3)
        self.assertEqual(len(vevents), 3)
