"""Host mode's workflow: a request is sent, confirmed by e-mail, answered, booked, held.

Every message goes through `core.mail` (`outgoing_message`, `send_email`). Messages to the
person asking come from the host's *page* (its published name, no reply address): nothing about
the host beyond the page reaches them until the host accepts a time, when the invitation names
the host's account address as its organiser, as every calendar invitation does.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from email.mime.text import MIMEText

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from coffeechat.contacts.models import Contact, Source
from coffeechat.contacts.services import organisation_for_name
from coffeechat.core.mail import MailError, outgoing_message, send_email
from coffeechat.hosting.availability import open_slots, parse_slot, zone_or_utc
from coffeechat.hosting.models import HostPage, HostRequest, Status
from coffeechat.meetings.calendar import build_invitation, invitation_method
from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.pipeline.models import Kind, Stage
from coffeechat.pipeline.services import move_to_stage, start_conversation

ADDRESS_WINDOW = timedelta(hours=1)
HOST_WINDOW = timedelta(days=1)
# An address not confirmed within this time is forgotten; its link stops working.
CONFIRM_WITHIN = timedelta(days=2)


class RequestError(Exception):
    """The step could not be done; the message is for the person who tried."""


class _PageSender:
    """The host's page as a sender for `outgoing_message`: its published name and no address,
    so no reply can reach the host's own inbox before they accept."""

    email = ""

    def __init__(self, page: HostPage) -> None:
        self.profile = type("Profile", (), {"full_name": f"{page.display_name} (via Coffeechat)"})

    def get_full_name(self) -> str:
        return self.profile.full_name


def _send(
    sender,
    to: str,
    subject: str,
    body: str,
    attachment: bytes | None = None,
    method: str | None = None,
) -> None:
    message = outgoing_message(sender, to=to, subject=subject, body=body)
    if attachment is not None:
        part = MIMEText(attachment.decode("utf-8"), "calendar", "utf-8")
        if method:
            part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="invite.ics")
        message.attach(part)
    send_email(sender, message)


def _link(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


# --- Limits ----------------------------------------------------------------------------------


def throttled(page: HostPage, ip: str, email: str, now: datetime | None = None) -> str:
    """Why this request may not be sent now ("" when it may): per client address and e-mail
    address (an hour), and per host (a day)."""
    now = now or timezone.now()
    recent = HostRequest.objects.filter(created__gte=now - ADDRESS_WINDOW)
    per_address = settings.HOSTING_REQUESTS_PER_ADDRESS
    if recent.filter(Q(ip_address=ip[:64]) | Q(email__iexact=email)).count() >= per_address:
        return "You have sent several requests in the last hour. Please try again in an hour."
    per_host = HostRequest.objects.filter(page=page, created__gte=now - HOST_WINDOW)
    if per_host.count() >= settings.HOSTING_REQUESTS_PER_HOST:
        return f"{page.display_name} has had many requests today. Please try again tomorrow."
    return ""


def live_request(token: str) -> HostRequest | None:
    """The request a private link opens; a link never confirmed in time is dead."""
    found = HostRequest.objects.select_related("page").filter(token=token).first()
    if found is None:
        return None
    if found.status == Status.UNCONFIRMED and found.created < timezone.now() - CONFIRM_WITHIN:
        return None
    return found


# --- Sending and confirming ------------------------------------------------------------------


def create_request(
    page: HostPage,
    *,
    data: dict,
    slots: list[str],
    zone: str,
    findings,
    overridden: bool,
    ip: str,
    request,
    requester=None,
) -> HostRequest:
    """Store the request and send the link that confirms the address (nothing kept when the
    mail cannot go). A signed-in user asking with their account's address needs no link."""
    with transaction.atomic():
        host_request = HostRequest.objects.create(
            user=page.user,
            page=page,
            name=data["name"],
            email=data["email"],
            about=data["about"],
            learn=data["learn"],
            questions=[q for q in data["questions"] if q.strip()],
            preferred_slots=slots,
            requester_zone=zone,
            findings=findings,
            overridden=overridden,
            ip_address=ip[:64],
            requester=requester,
        )
        if requester is not None and requester.email and requester.email == data["email"]:
            confirm(host_request, request)
            return host_request
        body = (
            f"Hello {host_request.first_name},\n\n"
            f"You asked {page.display_name} for a conversation. Open this link to confirm your "
            "address; only then does your request reach them:\n\n"
            f"{_link(request, 'hosting:requester', host_request.token)}\n\n"
            "If you did not ask, ignore this message and nothing will be sent."
        )
        try:
            _send(_PageSender(page), data["email"], "Confirm your request", body)
        except MailError as error:
            transaction.set_rollback(True)
            raise RequestError(f"We could not send the confirmation e-mail. {error}") from None
    return host_request


def _host_contact(host_request: HostRequest) -> Contact:
    """The person asking, among the host's contacts (found again by e-mail address)."""
    host = host_request.user
    email = host_request.email.lower()
    for contact in Contact.objects.owned_by(host).filter(emails__icontains=email):
        if email in [e.lower() for e in contact.emails]:
            return contact
    return Contact.objects.create(
        user=host,
        display_name=host_request.name,
        emails=[host_request.email],
        source=Source.MANUAL,
    )


def _requester_board(host_request: HostRequest) -> None:
    """A signed-in user's request lands on their own board as a conversation they asked for."""
    user, page = host_request.requester, host_request.page
    contact = Contact.objects.create(
        user=user,
        display_name=page.display_name,
        role=page.headline[:200],
        organisation=organisation_for_name(user, (page.organisation_list or [""])[0]),
        source=Source.MANUAL,
    )
    conversation = start_conversation(contact, intention=host_request.learn)
    move_to_stage(conversation, Stage.REQUESTED)
    host_request.requester_conversation = conversation


def confirm(host_request: HostRequest, request) -> bool:
    """The address is confirmed: the request reaches the host's inbox and board."""
    with transaction.atomic():
        locked = HostRequest.objects.select_for_update().get(pk=host_request.pk)
        if locked.status != Status.UNCONFIRMED:
            return False
        host_request.status = Status.NEW
        host_request.email_confirmed_at = timezone.now()
        contact = _host_contact(host_request)
        host_request.conversation = start_conversation(
            contact,
            intention=host_request.learn,
            kind=Kind.HOSTING,
            minutes=host_request.page.minutes,
        )
        if host_request.requester is not None:
            _requester_board(host_request)
        host_request.save()
    host = host_request.user
    if host.email:
        body = (
            f"{host_request.name} asked you for a conversation. The coach's notes and their "
            "questions are in your inbox:\n\n"
            + _link(request, "hosting:request_detail", host_request.pk)
        )
        with contextlib.suppress(MailError):  # the inbox shows it all the same
            _send(host, host.email, f"New request from {host_request.name}", body)
    return True


# --- The host answers --------------------------------------------------------------------------


def ask(host_request: HostRequest, question: str, request) -> None:
    host_request.host_question = question
    host_request.answer = ""
    host_request.status = Status.ASKED
    body = (
        f"Hello {host_request.first_name},\n\n{host_request.page.display_name} has a question "
        f"before saying yes:\n\n{question}\n\nAnswer it here:\n"
        f"{_link(request, 'hosting:requester', host_request.token)}"
    )
    try:
        _send(
            _PageSender(host_request.page),
            host_request.email,
            "A question about your request",
            body,
        )
    except MailError as error:
        raise RequestError(f"The question was not sent. {error}") from None
    host_request.save(update_fields=["host_question", "answer", "status", "updated"])


def answer(host_request: HostRequest, text: str, request) -> None:
    host_request.answer = text
    host_request.status = Status.NEW
    host_request.save(update_fields=["answer", "status", "updated"])
    host = host_request.user
    if host.email:
        with contextlib.suppress(MailError):  # the inbox shows it all the same
            _send(
                host,
                host.email,
                f"{host_request.name} answered your question",
                f"{text}\n\n{_link(request, 'hosting:request_detail', host_request.pk)}",
            )


def _remove_conversation(host_request: HostRequest) -> None:
    conversation = host_request.conversation
    if conversation is None:
        return
    contact = conversation.contact
    conversation.delete()
    if not contact.conversations.exists() and not contact.touchpoints.exists():
        contact.delete()


def decline(host_request: HostRequest, text: str, request) -> None:
    try:
        _send(_PageSender(host_request.page), host_request.email, "Your request", text)
    except MailError as error:
        raise RequestError(f"Nothing was sent. {error}") from None
    with transaction.atomic():
        _remove_conversation(host_request)
        host_request.status = Status.DECLINED
        host_request.conversation = None
        host_request.save(update_fields=["status", "conversation", "updated"])


def accept(
    host_request: HostRequest, *, slots: list[str], format: str, place: str, request
) -> None:
    """Offer times; the person asking chooses one from their link."""
    host_request.offered_slots = slots
    host_request.status = Status.ACCEPTED
    zone = zone_or_utc(host_request.requester_zone)
    times = "\n".join(
        f"- {parse_slot(s).astimezone(zone):%A %d %B, %H:%M} ({zone.key})" for s in slots
    )
    body = (
        f"Hello {host_request.first_name},\n\n{host_request.page.display_name} is glad to talk. "
        f"Choose one of these times:\n\n{times}\n\n"
        f"{_link(request, 'hosting:requester', host_request.token)}"
    )
    try:
        _send(_PageSender(host_request.page), host_request.email, "Yes: choose a time", body)
    except MailError as error:
        raise RequestError(f"Nothing was sent. {error}") from None
    with transaction.atomic():
        host_request.meeting_format = format
        host_request.meeting_place = place
        host_request.save(
            update_fields=["offered_slots", "status", "meeting_format", "meeting_place", "updated"]
        )
        if host_request.conversation is not None:
            move_to_stage(host_request.conversation, Stage.HOST_ACCEPTED)


def book(host_request: HostRequest, slot: datetime, request) -> Meeting:
    """The person asking chose a time: a meeting on the host's side, one invitation for both."""
    with transaction.atomic():
        locked = HostRequest.objects.select_for_update().get(pk=host_request.pk)
        if locked.status != Status.ACCEPTED:
            raise RequestError("This request has already been answered.")
        # The host offered this time to others too: whoever books first has it. Locking the
        # page makes two bookings of one host wait for each other, so the second sees the first.
        page = HostPage.objects.select_for_update().get(pk=host_request.page_id)
        if slot not in open_slots(page):
            raise RequestError(
                "That time is no longer free (someone else has just booked it, or it is now too "
                "close). Choose another of the times offered, or write to the host."
            )
        conversation = host_request.conversation
        meeting = Meeting.objects.create(
            user=host_request.user,
            conversation=conversation,
            starts_at=slot,
            minutes=host_request.page.minutes,
            format=host_request.meeting_format,
            place=host_request.meeting_place,
        )
        move_to_stage(conversation, Stage.HOST_SCHEDULED)
        host_request.meeting = meeting
        host_request.starts_at = slot
        host_request.status = Status.SCHEDULED
        host_request.save(update_fields=["meeting", "starts_at", "status", "updated"])
    _send_invitations(host_request, meeting, request)
    return meeting


def _send_invitations(host_request: HostRequest, meeting: Meeting, request) -> None:
    """The same invitation (one UID) to both; each with the link where they can cancel."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    method = invitation_method(meeting, "CANCEL" if cancelled else "REQUEST")
    ics = build_invitation(meeting, method=method or "REQUEST")
    what = "Cancelled" if cancelled else "Invitation"
    local = timezone.localtime(meeting.starts_at, zone_or_utc(host_request.requester_zone))
    when = f"{local:%A %d %B, %H:%M}"
    to_requester = (
        f"Hello {host_request.first_name},\n\n"
        + ("The conversation is cancelled. " if cancelled else f"You are booked for {when}. ")
        + "The calendar entry is attached."
        + (
            ""
            if cancelled
            else "\n\nIf you can no longer come, cancel here so the time is "
            f"free again:\n{_link(request, 'hosting:requester', host_request.token)}"
        )
    )
    host_zone = zone_or_utc(host_request.page.time_zone)
    to_host = (
        f"{what}: {host_request.name}, "
        f"{timezone.localtime(meeting.starts_at, host_zone):%A %d %B, %H:%M}.\n\n"
        f"To cancel: {_link(request, 'hosting:request_detail', host_request.pk)}"
    )
    subject = f"{what}: conversation with {host_request.page.display_name}"
    try:
        _send(host_request.user, host_request.email, subject, to_requester, ics, method)
        if host_request.user.email:
            _send(
                host_request.user,
                host_request.user.email,
                f"{what}: conversation with {host_request.name}",
                to_host,
                ics,
                method,
            )
    except MailError:
        pass  # both pages offer the .ics download and show the time
    if not cancelled:
        meeting.invitation_sent_at = timezone.now()
        meeting.save(update_fields=["invitation_sent_at", "updated"])


def cancel(host_request: HostRequest, request) -> None:
    """Either side cancels: the time is free again and both get the cancellation."""
    with transaction.atomic():
        meeting = host_request.meeting
        if meeting is not None and meeting.status == MeetingStatus.SCHEDULED:
            meeting.status = MeetingStatus.CANCELLED
            meeting.sequence += 1
            meeting.save(update_fields=["status", "sequence", "updated"])
        host_request.status = Status.CANCELLED
        host_request.save(update_fields=["status", "updated"])
    if meeting is not None:
        _send_invitations(host_request, meeting, request)


def save_notes(host_request: HostRequest, data: dict) -> None:
    """The host's private notes after the meeting; a held meeting moves the conversation on."""
    with transaction.atomic():
        host_request.was_prepared = data["was_prepared"]
        host_request.thanked = data["thanked"]
        host_request.host_notes = data["host_notes"]
        host_request.save(update_fields=["was_prepared", "thanked", "host_notes", "updated"])
        conversation, meeting = host_request.conversation, host_request.meeting
        if conversation is None or meeting is None or meeting.starts_at > timezone.now():
            return
        if meeting.status == MeetingStatus.SCHEDULED:
            meeting.status = MeetingStatus.HELD
            meeting.save(update_fields=["status", "updated"])
        if conversation.stage == Stage.HOST_SCHEDULED:
            move_to_stage(conversation, Stage.HOST_HELD, at=meeting.ends_at)
        if host_request.thanked and conversation.stage == Stage.HOST_HELD:
            move_to_stage(conversation, Stage.HOST_THANKED)


def given_this_year(user, now: datetime | None = None) -> int:
    """Conversations the user gave this calendar year (in their page's zone), held so far."""
    now = now or timezone.now()
    page = HostPage.objects.filter(user=user).first()
    zone = zone_or_utc(page.time_zone if page else "UTC")
    start = now.astimezone(zone).replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    return (
        HostRequest.objects.owned_by(user)
        .filter(status=Status.SCHEDULED, starts_at__gte=start, starts_at__lte=now)
        .count()
    )
