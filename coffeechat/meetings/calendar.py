"""RFC 5545 calendar files for meetings: one invitation (REQUEST or CANCEL), or a whole calendar.

Built with the `icalendar` library. Times carry the user's time zone (TZID plus a VTIMEZONE) so
that calendars place them correctly across daylight-saving changes.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vCalAddress, vText, vUri

from coffeechat.accounts.middleware import user_zone
from coffeechat.meetings.models import (
    CALENDAR_EARLIEST,
    CALENDAR_LATEST,
    Meeting,
    MeetingFormat,
    MeetingStatus,
)
from coffeechat.prep.models import PlannedQuestion

PRODID = "-//Coffeechat//Coffeechat meetings//EN"


def uid_for(meeting: Meeting) -> str:
    return f"{meeting.uid}@coffeechat"


def _zone(user):
    return user_zone(user)


def _organiser_name(user) -> str:
    profile = getattr(user, "profile", None)
    return (getattr(profile, "full_name", "") or user.get_full_name() or user.username).strip()


def planned_questions(meeting: Meeting) -> list[str]:
    """The question plan's texts for the meeting's conversation, when the prep app has one."""
    rows = PlannedQuestion.objects.filter(
        user=meeting.user, conversation=meeting.conversation
    ).order_by("position", "id")
    return [row.text for row in rows]


def _description(meeting: Meeting) -> str:
    conversation = meeting.conversation
    parts = []
    if conversation.intention.strip():
        parts.append("Intention: " + conversation.intention.strip())
    questions = planned_questions(meeting)
    if questions:
        parts.append("Agenda:\n" + "\n".join(f"- {text}" for text in questions))
    parts.append(f"{meeting.minutes} minutes, {meeting.get_format_display().lower()}.")
    return "\n\n".join(parts)


def _summary(meeting: Meeting) -> str:
    contact = meeting.conversation.contact
    organiser = _organiser_name(meeting.user)
    return f"{organiser} and {contact.display_name}: a {meeting.minutes}-minute conversation"


def _event(meeting: Meeting, *, cancelled: bool, stamp) -> Event:
    zone = _zone(meeting.user)
    contact = meeting.conversation.contact
    event = Event()
    event.add("uid", uid_for(meeting))
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
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

    if meeting.user.email:
        organiser = vCalAddress(f"mailto:{meeting.user.email}")
        organiser.params["CN"] = vText(_organiser_name(meeting.user))
        event.add("organizer", organiser)
    if contact.emails:
        attendee = vCalAddress(f"mailto:{contact.emails[0]}")
        attendee.params["CN"] = vText(contact.display_name)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
        attendee.params["RSVP"] = vText("TRUE")
        event.add("attendee", attendee)

    if not cancelled:
        event.add_component(_alarm(15, "Coffee chat in 15 minutes: have your questions ready"))
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


def build_invitation(meeting: Meeting, method: str = "REQUEST") -> bytes:
    """An invitation (METHOD:REQUEST) or its cancellation (METHOD:CANCEL) for one meeting."""
    method = method.upper()
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError("method must be REQUEST or CANCEL")
    cancelled = method == "CANCEL" or meeting.status == MeetingStatus.CANCELLED
    cal = _calendar(method)
    cal.add_component(_event(meeting, cancelled=cancelled, stamp=timezone.now()))
    _add_timezones(cal, [meeting.starts_at])
    return cal.to_ical()


def _add_timezones(cal: Calendar, starts: list) -> None:
    """VTIMEZONEs covering only the years around the meetings.

    The default covers 1970-2038 as one long RDATE list, which some readers (vobject, and
    with it older calendar apps) misread, applying standard time all summer.
    """
    if not starts:
        return
    first = min(starts).year - 1
    last = max(starts).year + 2
    cal.add_missing_timezones(first_date=date(first, 1, 1), last_date=date(last, 1, 1))


def _build(user, meetings, name: str) -> bytes:
    cal = _calendar("PUBLISH", name)
    stamp = timezone.now()
    starts = []
    for meeting in meetings:
        cancelled = meeting.status == MeetingStatus.CANCELLED
        cal.add_component(_event(meeting, cancelled=cancelled, stamp=stamp))
        starts.append(meeting.starts_at)
    _add_timezones(cal, starts)
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
