"""RFC 5545 calendar files for meetings: one invitation (REQUEST or CANCEL), or a whole calendar.

Built with the `icalendar` library. Times are written in UTC: a meeting is one instant, not a
rule that repeats, and a local time in the hour repeated when daylight saving ends (02:30 in
Berlin on the last Sunday of October) names two instants, which icalendar, vobject, ics-py and
ical.js each read differently. Calendars show UTC times in their own user's zone, so no
VTIMEZONE is needed (the ones generated before placed New York's daylight onset at 03:00).

METHOD:REQUEST and CANCEL need both an ORGANIZER and an ATTENDEE (RFC 5546 §3.2.2, §3.2.5), and
PUBLISH an ORGANIZER (§3.2.1); without them the file is a plain calendar entry with no METHOD,
which every calendar imports.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vCalAddress, vText, vUri

from coffeechat.meetings.models import (
    CALENDAR_EARLIEST,
    CALENDAR_LATEST,
    Meeting,
    MeetingFormat,
    MeetingStatus,
)

PRODID = "-//Coffeechat//Coffeechat meetings//EN"


def uid_for(meeting: Meeting) -> str:
    return f"{meeting.uid}@coffeechat"


def _organiser_name(user) -> str:
    profile = getattr(user, "profile", None)
    return (getattr(profile, "full_name", "") or user.get_full_name() or user.username).strip()


_KIND = {
    MeetingFormat.PHONE: ("phone call", "Phone"),
    MeetingFormat.VIDEO: ("video call", "Link"),
}


def _description(meeting: Meeting) -> str:
    """What both people may see: who, how long, how, and where. The user's intention and
    question plan are their own preparation and never go into the invitation."""
    contact = meeting.conversation.contact
    kind, where = _KIND.get(meeting.format, ("conversation", "Place"))
    parts = [
        f"A {meeting.minutes}-minute {kind} between {_organiser_name(meeting.user)} and "
        f"{contact.display_name}."
    ]
    if meeting.place.strip():
        parts.append(f"{where}: {meeting.place.strip()}")
    return "\n\n".join(parts)


def _summary(meeting: Meeting) -> str:
    contact = meeting.conversation.contact
    organiser = _organiser_name(meeting.user)
    return f"{organiser} and {contact.display_name}: a {meeting.minutes}-minute conversation"


def _event(meeting: Meeting, *, cancelled: bool, stamp, people: bool = True) -> Event:
    contact = meeting.conversation.contact
    event = Event()
    event.add("uid", uid_for(meeting))
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", _summary(meeting))
    event.add("description", _description(meeting))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")

    place = meeting.place.strip()
    if meeting.format == MeetingFormat.VIDEO and place:
        event.add("location", place)
        event.add("url", vUri(place))
        event.add(
            "conference",
            vUri(place),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Video call"},
        )
    elif meeting.format == MeetingFormat.PHONE and place:
        event.add("location", f"Phone: {place}")
    elif place:
        event.add("location", place)

    if people and meeting.user.email:
        organiser = vCalAddress(f"mailto:{meeting.user.email}")
        organiser.params["CN"] = vText(_organiser_name(meeting.user))
        event.add("organizer", organiser)
    if people and contact.emails:
        attendee = vCalAddress(f"mailto:{contact.emails[0]}")
        attendee.params["CN"] = vText(contact.display_name)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
        attendee.params["RSVP"] = vText("TRUE")
        event.add("attendee", attendee)

    if not cancelled:
        event.add_component(_alarm(15, "Coffee chat in 15 minutes"))
        if meeting.format == MeetingFormat.VIDEO:
            event.add_component(_alarm(5, "Log in to the call now, a few minutes early"))
    return event


def _alarm(minutes: int, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", timedelta(minutes=-minutes))
    return alarm


def _calendar(method: str | None, name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def invitation_method(meeting: Meeting, method: str = "REQUEST") -> str | None:
    """The METHOD an invitation file may carry, or None when an ORGANIZER (the account's
    e-mail) or an ATTENDEE (the contact's) is missing and it can only be a plain entry."""
    method = method.upper()
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError("method must be REQUEST or CANCEL")
    if not meeting.user.email or not meeting.conversation.contact.emails:
        return None
    return method


def build_invitation(meeting: Meeting, method: str = "REQUEST") -> bytes:
    """An invitation (METHOD:REQUEST) or its cancellation (METHOD:CANCEL) for one meeting;
    without both addresses, the same event with no METHOD (see `invitation_method`)."""
    allowed = invitation_method(meeting, method)
    cancelled = method.upper() == "CANCEL" or meeting.status == MeetingStatus.CANCELLED
    cal = _calendar(allowed)
    cal.add_component(_event(meeting, cancelled=cancelled, stamp=timezone.now()))
    return cal.to_ical()


def build_calendar_entry(meeting: Meeting) -> bytes:
    """The meeting as an entry stored in the user's own calendar (CalDAV sync): the
    invitation's event, with its UID and SEQUENCE, so a calendar that also received the
    invitation sees one meeting. No METHOD, which a stored calendar object may not carry
    (RFC 4791 §4.1), and no ORGANIZER or ATTENDEE: a server that schedules (Nextcloud, iCloud)
    would otherwise e-mail the contact an invitation of its own."""
    cal = _calendar(None)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    cal.add_component(_event(meeting, cancelled=cancelled, stamp=timezone.now(), people=False))
    return cal.to_ical()


def _build(user, meetings, name: str) -> bytes:
    cal = _calendar("PUBLISH" if user.email else None, name)
    stamp = timezone.now()
    for meeting in meetings:
        cancelled = meeting.status == MeetingStatus.CANCELLED
        cal.add_component(_event(meeting, cancelled=cancelled, stamp=stamp))
    return cal.to_ical()


def _meetings(user):
    return (
        Meeting.objects.owned_by(user)
        .filter(starts_at__gte=CALENDAR_EARLIEST, starts_at__lt=CALENDAR_LATEST)
        .select_related("conversation__contact", "user__profile")
        .order_by("starts_at", "id")
    )


def build_calendar(user) -> bytes:
    """Every meeting of the user (held, cancelled and upcoming) as one calendar."""
    return _build(user, _meetings(user), "Coffeechat meetings")


def build_feed(user) -> bytes:
    """The subscription feed: meetings still to come (and those of the last day)."""
    since = timezone.now() - timedelta(days=1)
    meetings = _meetings(user).filter(starts_at__gte=since).exclude(status=MeetingStatus.HELD)
    return _build(user, meetings, "Coffeechat meetings")
