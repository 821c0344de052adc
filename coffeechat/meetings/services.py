"""Changes to meetings shared by the views and tests: schedule, reschedule, cancel, invite,
the live meeting's autosaved state, and capture afterwards."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email.mime.text import MIMEText

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from coffeechat.contacts.models import Contact, TouchpointKind
from coffeechat.contacts.services import add_referred_contact, log_touchpoint
from coffeechat.core.mail import MailError, outgoing_message, send_email
from coffeechat.followup.models import ActionItem, Origin
from coffeechat.meetings import lines
from coffeechat.meetings.calendar import build_invitation, invitation_method
from coffeechat.meetings.models import (
    Capture,
    CapturedLine,
    LineMark,
    Meeting,
    MeetingStatus,
    in_calendar_range,
)
from coffeechat.outreach.drafts import create_request_draft
from coffeechat.pipeline.models import Stage
from coffeechat.pipeline.services import move_to_stage, start_conversation
from coffeechat.prep.models import PlannedQuestion


class InvitationError(Exception):
    """The invitation could not be sent; the message is for the user."""


# Stages a conversation reaches after its meeting; scheduling or capture never moves it back.
_AFTER_MEETING = {Stage.MET, Stage.THANKED, Stage.KEEPING_IN_TOUCH}


def _when(dt) -> str:
    return timezone.localtime(dt).strftime("%a %d %b %Y, %H:%M")


def schedule(meeting: Meeting) -> Meeting:
    with transaction.atomic():
        meeting.save()
        if meeting.conversation.stage not in _AFTER_MEETING:
            move_to_stage(meeting.conversation, Stage.SCHEDULED)
    return meeting


def reschedule(meeting: Meeting, previous_start, changed: list[str]) -> None:
    """Save an edited meeting; any change raises SEQUENCE, a new time is noted on the timeline."""
    if not changed:
        return
    with transaction.atomic():
        meeting.sequence += 1
        meeting.save()
        if "starts_at" in changed:
            log_touchpoint(
                meeting.conversation.contact,
                TouchpointKind.NOTE,
                text=f"Meeting rescheduled from {_when(previous_start)} "
                f"to {_when(meeting.starts_at)}.",
                conversation=meeting.conversation,
            )


def cancel(meeting: Meeting) -> None:
    with transaction.atomic():
        meeting.status = MeetingStatus.CANCELLED
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence", "updated"])
        log_touchpoint(
            meeting.conversation.contact,
            TouchpointKind.NOTE,
            text=f"Meeting of {_when(meeting.starts_at)} cancelled.",
            conversation=meeting.conversation,
        )


def send_invitation(meeting: Meeting) -> str:
    """E-mail the invitation (or its cancellation) to the contact; returns the address used."""
    contact = meeting.conversation.contact
    if not contact.emails:
        raise InvitationError(f"{contact.display_name} has no e-mail address yet.")
    if not in_calendar_range(meeting.starts_at):
        raise InvitationError("No calendar can hold this meeting's date. Change it first.")
    cancelled = meeting.status == MeetingStatus.CANCELLED
    method = invitation_method(meeting, "CANCEL" if cancelled else "REQUEST")
    if method is None:
        # RFC 5546: an invitation names its organiser; ours is the account's address.
        raise InvitationError(
            "Add your e-mail address to your account first: an invitation has to say who it "
            "is from. The .ics download works without it."
        )
    ics = build_invitation(meeting, method=method)
    subject = (
        f"Cancelled: our conversation on {_when(meeting.starts_at)}"
        if cancelled
        else f"Invitation: our conversation on {_when(meeting.starts_at)}"
    )
    body = f"Hello {contact.first_name},\n\n" + (
        "I'm sorry, I have to cancel our conversation. The calendar entry is attached.\n"
        if cancelled
        else "Thank you for agreeing to talk. Here is a calendar entry for our conversation "
        f"({meeting.minutes} minutes).\n"
    )
    message = outgoing_message(meeting.user, to=contact.emails[0], subject=subject, body=body)
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    message.attach(part)
    try:
        send_email(meeting.user, message)
    except MailError as error:
        raise InvitationError(
            f"The invitation was not sent. {error} The .ics download works without e-mail."
        ) from None
    meeting.invitation_sent_at = timezone.now()
    meeting.save(update_fields=["invitation_sent_at", "updated"])
    return contact.emails[0]


def mark_invitation_sent(meeting: Meeting, how: str) -> None:
    """The user sent the invitation (or cancellation) outside Coffeechat: note it as sent.

    Without a mail server this is the only way the readiness item "Invitation sent" is reached.
    """
    what = "cancellation" if meeting.status == MeetingStatus.CANCELLED else "invitation"
    with transaction.atomic():
        meeting.invitation_sent_at = timezone.now()
        meeting.save(update_fields=["invitation_sent_at", "updated"])
        log_touchpoint(
            meeting.conversation.contact,
            TouchpointKind.NOTE,
            text=f"Calendar {what} for {_when(meeting.starts_at)} {how}.",
            conversation=meeting.conversation,
        )


# --- Meeting mode: the live state, one server revision, merged per field ---------------------
#
# Every save raises the meeting's `live_revision`; `live_stamps` keeps, per field, the revision
# that last wrote it. A page saves with the revision it last saw: a field nobody else wrote since
# is taken, whatever the devices' clocks say; a field written meanwhile by another device is a
# conflict, answered (with the current state) so the page can keep both versions.


def planned_questions(meeting: Meeting) -> list:
    return list(
        PlannedQuestion.objects.filter(
            user=meeting.user, conversation=meeting.conversation
        ).order_by("position", "id")
    )


QUESTION_STATUSES = ("unasked", "asked", "skipped")
_FIELD = re.compile(r"^(notes|order|started|q:(\d+):(status|note))$")


def _ms(dt) -> int:
    return int(dt.timestamp() * 1000)


def live_state(meeting: Meeting, questions: list | None = None) -> dict:
    """{"revision": n, "fields": {key: {"value": ..., "at": revision that wrote it (0: never)}}}."""
    questions = planned_questions(meeting) if questions is None else questions
    stamps = meeting.live_stamps or {}

    def field(key, value):
        return {"value": value, "at": int(stamps.get(key, 0))}

    fields = {
        "notes": field("notes", meeting.notes),
        "order": field("order", [q.pk for q in questions]),
        "started": field("started", _ms(meeting.started_at) if meeting.started_at else None),
    }
    for q in questions:
        fields[f"q:{q.pk}:status"] = field(f"q:{q.pk}:status", q.status)
        fields[f"q:{q.pk}:note"] = field(f"q:{q.pk}:note", q.note)
    return {"revision": meeting.live_revision, "fields": fields}


class LiveSaveError(ValueError):
    """A live field cannot be saved as sent; the message names the field. Nothing is saved."""


def _started(value) -> datetime | None:
    """The clock's start from milliseconds since 1970, or LiveSaveError."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            started = datetime.fromtimestamp(value / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            started = None
        if started is not None and in_calendar_range(started):
            return started
    raise LiveSaveError(
        "started: expected the time the clock started, in milliseconds since 1970, or null."
    )


@dataclasses.dataclass
class LiveSaved:
    state: dict
    conflicts: list[str]


def _text(value: str) -> str:
    # A NUL character cannot be stored in PostgreSQL text (forms refuse it; this is JSON).
    return value.replace("\x00", "")


def apply_live(meeting: Meeting, incoming: dict, base: int | None) -> LiveSaved:
    """Save the fields a page sent ({key: {"value": ...}}), having seen revision `base`.

    A field written by another save after `base` is not overwritten: it is listed in
    `conflicts`. `base=None` (the plain form, which shows the latest state when it is sent)
    takes every field. Unknown keys and other people's questions are ignored; a malformed value
    of a known field raises LiveSaveError before anything is saved.
    """
    questions = planned_questions(meeting)
    by_id = {q.pk: q for q in questions}
    stamps = dict(meeting.live_stamps or {})
    revision = meeting.live_revision + 1
    changed_meeting: set[str] = set()
    changed_questions: dict[int, set[str]] = {}
    conflicts = []
    for key, entry in incoming.items():
        match = _FIELD.match(str(key))
        if not match or not isinstance(entry, dict):
            continue
        value = entry.get("value")
        if key == "notes":
            if not isinstance(value, str):
                raise LiveSaveError("notes: expected text.")
        elif key == "started":
            _started(value)
        elif key == "order":
            if not isinstance(value, list):
                raise LiveSaveError("order: expected a list of question ids.")
        elif by_id.get(int(match.group(2))) is None:
            continue  # a question removed from the plan, or not this meeting's
        elif not isinstance(value, str) or (
            match.group(3) == "status" and value not in QUESTION_STATUSES
        ):
            raise LiveSaveError(f"{key}: expected one of {', '.join(QUESTION_STATUSES)}.")
        if base is not None and int(stamps.get(key, 0)) > base:
            conflicts.append(key)
            continue
        if key == "notes":
            meeting.notes = _text(value)[:100_000]
            changed_meeting.add("notes")
        elif key == "started":
            meeting.started_at = _started(value)
            changed_meeting.add("started_at")
        elif key == "order":
            ids = [int(v) for v in value if str(v).isdigit() and int(v) in by_id]
            ids += [pk for pk in by_id if pk not in ids]
            for position, pk in enumerate(ids, start=1):
                if by_id[pk].position != position:
                    by_id[pk].position = position
                    changed_questions.setdefault(pk, set()).add("position")
        else:
            question = by_id[int(match.group(2))]
            setattr(question, match.group(3), _text(value)[:2000])
            changed_questions.setdefault(question.pk, set()).add(match.group(3))
        stamps[key] = revision
    if stamps != (meeting.live_stamps or {}):
        with transaction.atomic():
            for pk, names in changed_questions.items():
                by_id[pk].save(update_fields=sorted(names))
            meeting.live_stamps = stamps
            meeting.live_revision = revision
            meeting.save(
                update_fields=sorted(changed_meeting | {"live_stamps", "live_revision", "updated"})
            )
    questions.sort(key=lambda q: (q.position, q.pk))
    return LiveSaved(live_state(meeting, questions), conflicts)


# --- Capture ---------------------------------------------------------------------------------


def add_referral(meeting: Meeting, name: str, organisation: str, reach: str) -> Contact:
    """A new contact referred by the meeting's contact, with a prospect conversation."""
    referrer = meeting.conversation.contact
    contact = add_referred_contact(referrer, name, organisation=organisation, reach=reach)
    conversation = start_conversation(
        contact, intention=f"{referrer.display_name} suggested I talk to {contact.display_name}."
    )
    log_touchpoint(
        referrer,
        TouchpointKind.NOTE,
        text=f"Suggested I talk to {contact.display_name}.",
        conversation=meeting.conversation,
    )
    create_request_draft(conversation)
    return contact


def note_lines(meeting: Meeting) -> list[lines.Line]:
    """The meeting's free notes, then the notes taken beside each planned question, one item a
    line, as the capture page shows them."""
    questions = [q for q in planned_questions(meeting) if q.note.strip()]
    return lines.lines_of(meeting.notes, questions)


@dataclasses.dataclass
class Captured:
    contacts: list[Contact] = dataclasses.field(
        default_factory=list
    )  # new, referred by the meeting's contact
    stored: int = 0
    skipped: int = 0  # marked lines that were captured before


_valid_url = URLValidator(schemes=["http", "https"])


def _link(text: str) -> str:
    url = lines.first_link(text)
    try:
        _valid_url(url)
    except ValidationError:
        return ""
    return url if len(url) <= 500 else ""


def capture(
    meeting: Meeting,
    *,
    marks: Iterable[dict] = (),
    further_contact: bool | None = None,
    rating: int | None = None,
) -> Captured:
    """Store what came out of the meeting; the conversation moves to met.

    Each mark is a dict: "mark" (a `LineMark`), "text" (the line, or the words chosen in it)
    and, as the mark needs them, "due" (a date, for promises), "name", "organisation" and
    "reach" (for a person; read from the text when left out), "topic", and "line" (the whole
    line the text was chosen from: its link and its key). A line captured before, for this
    meeting, is skipped, so the same page sent twice stores nothing twice.
    """
    conversation = meeting.conversation
    result = Captured()
    with transaction.atomic():
        # One capture of a meeting at a time: the second waits, then finds the lines taken.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        taken = set(CapturedLine.objects.filter(meeting=meeting).values_list("key", flat=True))
        for mark in marks:
            text = lines.normalise(mark["text"])
            line = mark.get("line") or text
            key = lines.line_key(line)
            if not text:
                continue
            if key in taken:
                result.skipped += 1
                continue
            taken.add(key)
            kind = LineMark(mark["mark"])
            contact = None
            if kind in (LineMark.INSIGHT, LineMark.ADVICE, LineMark.RESOURCE):
                Capture.objects.create(
                    user=meeting.user,
                    meeting=meeting,
                    kind=kind.value,
                    text=text,
                    url=mark.get("url") or _link(line),
                    topic=mark.get("topic", ""),
                )
            elif kind in (LineMark.MINE, LineMark.THEIRS):
                ActionItem.objects.create(
                    user=meeting.user,
                    text=text[:500],
                    owner=kind.value,
                    origin=Origin.PROMISE,  # a line marked as a promise, mine or theirs
                    due=mark.get("due"),
                    contact=conversation.contact,
                    conversation=conversation,
                )
            else:
                # The name from the chosen words; where they work and how to reach them may
                # sit elsewhere in the line.
                words, whole = lines.guess_person(text), lines.guess_person(line)
                name = mark.get("name") or words.name
                if not name:
                    raise ValueError(f"No name for the person in {text!r}.")
                contact = add_referral(
                    meeting,
                    name,
                    mark.get("organisation") or words.organisation or whole.organisation,
                    mark.get("reach") or words.reach or whole.reach,
                )
                result.contacts.append(contact)
            CapturedLine.objects.create(
                user=meeting.user,
                meeting=meeting,
                key=key,
                mark=kind.value,
                text=text,
                contact=contact,
            )
            result.stored += 1
        if further_contact is not None:
            meeting.further_contact = further_contact
        if rating is not None:
            meeting.rating = rating
        first_time = meeting.status != MeetingStatus.HELD
        meeting.status = MeetingStatus.HELD
        meeting.ended_at = meeting.ended_at or timezone.now()
        meeting.save()
        if first_time:
            log_touchpoint(
                conversation.contact,
                TouchpointKind.MEETING,
                text=f"{meeting.minutes}-minute {meeting.get_format_display().lower()} "
                "conversation held.",
                channel=meeting.format,
                at=meeting.starts_at if meeting.starts_at <= timezone.now() else None,
                conversation=conversation,
            )
        if conversation.stage not in _AFTER_MEETING:
            move_to_stage(conversation, Stage.MET)
    return result
