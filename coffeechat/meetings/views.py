"""Meetings: schedule, reschedule, cancel, invitations, checklist, meeting mode, capture, feed."""

import json
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coffeechat.core.access import owned_or_404
from coffeechat.meetings import checklists, services
from coffeechat.meetings.calendar import build_feed, build_invitation
from coffeechat.meetings.forms import (
    ChecklistForm,
    ExtraFormSet,
    LineForm,
    MeetingForm,
    OutcomeForm,
)
from coffeechat.meetings.models import (
    CalendarFeed,
    Meeting,
    MeetingStatus,
    feed_path,
    in_calendar_range,
)
from coffeechat.pipeline.models import Conversation

CLOSING_PROMPTS = [
    "Who else would be good for me to talk to? May I mention your name?",
    "Would it be all right if I kept you posted on how things go?",
    "Is there anything I could help you with in return?",
]


def _meetings(user):
    return Meeting.objects.owned_by(user).select_related("conversation__contact__organisation")


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else "Meeting"
        messages.error(request, f"{label}: {' '.join(errors)}")


def contact_time(meeting: Meeting) -> str:
    """The meeting's start in the contact's time zone, when it differs from the user's."""
    name = meeting.conversation.contact.time_zone
    if not name:
        return ""
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return ""
    theirs = meeting.starts_at.astimezone(zone)
    mine = timezone.localtime(meeting.starts_at)
    if theirs.utcoffset() == mine.utcoffset():
        return ""
    return f"{theirs:%a %d %b, %H:%M} for them ({name})"


@login_required
@require_POST
def meeting_create(request: HttpRequest) -> HttpResponse:
    conversation = owned_or_404(Conversation, request.user, request.POST.get("conversation") or 0)
    form = MeetingForm(request.POST, user=request.user)
    if form.is_valid():
        meeting = form.save(commit=False)
        meeting.user = request.user
        meeting.conversation = conversation
        services.schedule(meeting)
        messages.success(request, "Meeting scheduled. Download or send the invitation below.")
        return redirect(meeting)
    _form_errors(request, form)
    return redirect(conversation)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = owned_or_404(_meetings(request.user), request.user, meeting_id)
    items = checklists.items_for(meeting.format)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "contact": meeting.conversation.contact,
            "their_time": contact_time(meeting),
            "form": MeetingForm(instance=meeting, user=request.user),
            "checklist": ChecklistForm(
                items=items, initial={"done": list(meeting.checklist_done or [])}
            ),
            "captures": meeting.captures.all(),
        },
    )


@login_required
@require_POST
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = owned_or_404(_meetings(request.user), request.user, meeting_id)
    if meeting.status != MeetingStatus.SCHEDULED:
        messages.error(request, "Only a scheduled meeting can be changed.")
        return redirect(meeting)
    previous = meeting.starts_at
    old = (meeting.starts_at, meeting.minutes, meeting.format, meeting.place)
    form = MeetingForm(request.POST, instance=meeting, user=request.user)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(meeting)
    meeting = form.save(commit=False)
    new = (meeting.starts_at, meeting.minutes, meeting.format, meeting.place)
    names = ["starts_at", "minutes", "format", "place"]
    changed = [name for name, a, b in zip(names, old, new, strict=True) if a != b]
    services.reschedule(meeting, previous, changed)
    if changed:
        messages.success(
            request,
            "Meeting changed. Send the updated invitation so their calendar follows.",
        )
    else:
        messages.info(request, "Nothing changed.")
    return redirect(meeting)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = owned_or_404(_meetings(request.user), request.user, meeting_id)
    if meeting.status == MeetingStatus.SCHEDULED:
        services.cancel(meeting)
        messages.success(
            request,
            "Meeting cancelled; it stays in the history. Send the cancellation so their "
            "calendar drops it.",
        )
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_invitation(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The .ics file. The meeting page's button POSTs, and that download counts as the invitation
    sent (the user sends or imports it themselves); a plain GET (a bookmarked link, a calendar
    app) only reads, as every GET must."""
    meeting = owned_or_404(_meetings(request.user), request.user, meeting_id)
    if not in_calendar_range(meeting.starts_at):
        messages.error(
            request, "No calendar can hold this meeting's date. Change the meeting's date first."
        )
        return redirect(meeting)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    if request.method == "POST" and not cancelled and meeting.invitation_sent_at is None:
        services.mark_invitation_sent(meeting, "downloaded to send yourself")
    body = build_invitation(meeting, method="CANCEL" if cancelled else "REQUEST")
    name = "cancellation" if cancelled else "invitation"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}-{name}.ics"'
    return response


@login_required
@require_POST
def meeting_invitation_sent(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The user says they sent it themselves: from their own mail, calendar app or chat."""
    meeting = owned_or_404(_meetings(request.user), request.user, meeting_id)
    services.mark_invitation_sent(meeting, "sent by hand")
    what = "Cancellation" if meeting.status == MeetingStatus.CANCELLED else "Invitation"
    messages.success(request, f"{what} marked as sent.")
    return redirect(meeting)


@login_required
@require_POST
def meeting_send(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = owned_or_404(_meetings(request.user), request.user, meeting_id)
    try:
        address = services.send_invitation(meeting)
    except services.InvitationError as error:
        messages.error(request, str(error))
    else:
        what = "Cancellation" if meeting.status == MeetingStatus.CANCELLED else "Invitation"
        messages.success(request, f"{what} sent to {address}.")
    return redirect(meeting)


@login_required
@require_POST
def meeting_checklist(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = owned_or_404(_meetings(request.user), request.user, meeting_id)
    form = ChecklistForm(request.POST, items=checklists.items_for(meeting.format))
    if form.is_valid():
        meeting.checklist_done = form.cleaned_data["done"]
        meeting.save(update_fields=["checklist_done", "updated"])
        messages.success(request, "Checklist saved.")
    return redirect(
        request.POST.get("next") == "live"
        and reverse("meetings:live", args=[meeting.pk])
        or meeting
    )


# --- Meeting mode ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_live(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The screen beside you during the meeting. POST is the plain-form save without JS."""
    meeting = owned_or_404(_meetings(request.user), request.user, meeting_id)
    if request.method == "POST":
        _save_plain_form(meeting, request.POST)
        if "end" in request.POST:
            return redirect("meetings:capture", meeting.pk)
        messages.success(request, "Saved.")
        return redirect("meetings:live", meeting.pk)
    questions = services.planned_questions(meeting)
    return render(
        request,
        "meetings/live.html",
        {
            "meeting": meeting,
            "contact": meeting.conversation.contact,
            "questions": questions,
            "statuses": [("asked", "Asked"), ("skipped", "Skipped"), ("unasked", "Not yet")],
            "closing_prompts": CLOSING_PROMPTS,
            "state": services.live_state(meeting, questions),
        },
    )


def _save_plain_form(meeting: Meeting, data) -> None:
    # The submitted form shows the latest state when it is sent: it is the latest word.
    incoming: dict = {"notes": {"value": data.get("notes", "")}}
    questions = services.planned_questions(meeting)
    order = [q.pk for q in questions]
    for q in questions:
        if f"q{q.pk}_status" in data and data[f"q{q.pk}_status"] in services.QUESTION_STATUSES:
            incoming[f"q:{q.pk}:status"] = {"value": data[f"q{q.pk}_status"]}
        if f"q{q.pk}_note" in data:
            incoming[f"q:{q.pk}:note"] = {"value": data[f"q{q.pk}_note"]}
    direction, _, pk = data.get("move", "").partition(":")
    if pk.isdigit() and int(pk) in order:
        index = order.index(int(pk))
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(order):
            order[index], order[other] = order[other], order[index]
            incoming["order"] = {"value": order}
    services.apply_live(meeting, incoming, base=None)


@login_required
@require_POST
def meeting_live_save(request: HttpRequest, meeting_id: int) -> JsonResponse:
    """Autosave from meeting mode.

    {"revision": n, "fields": {key: {"value": ...}}} → {"revision", "fields"}: the merged state.
    Fields another device wrote after revision n are not overwritten: the answer is then 409
    with "conflicts" (their keys) and the state, so the page keeps both versions.
    """
    meeting = owned_or_404(Meeting, request.user, meeting_id)
    raw = request.POST.get("payload") if "payload" in request.POST else request.body
    try:
        payload = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "Not JSON."}, status=400)
    fields = payload.get("fields") if isinstance(payload, dict) else None
    if not isinstance(fields, dict):
        return JsonResponse({"error": "Expected an object with 'fields'."}, status=400)
    base = payload.get("revision")
    if not isinstance(base, int) or isinstance(base, bool) or base < 0:
        return JsonResponse(
            {"error": "revision: expected the revision the page last saw (a whole number)."},
            status=400,
        )
    try:
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
            saved = services.apply_live(meeting, fields, base=base)
    except services.LiveSaveError as error:
        return JsonResponse({"error": str(error)}, status=400)
    if saved.conflicts:
        return JsonResponse(
            {
                "error": "Changed on another device meanwhile.",
                "conflicts": saved.conflicts,
                **saved.state,
            },
            status=409,
        )
    return JsonResponse(saved.state)


# --- Capture ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_capture(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The notes, line by line, each marked as what it is; captured lines show as captured.

    "Add another" (`more`) posts the page back with one more empty row and saves nothing.
    """
    meeting = owned_or_404(_meetings(request.user), request.user, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        messages.error(request, "This meeting was cancelled; there is nothing to capture.")
        return redirect(meeting)
    data = request.POST.copy() if request.method == "POST" else None
    adding = data is not None and "more" in data
    if adding:
        total = data.get("extra-TOTAL_FORMS", "1")
        data["extra-TOTAL_FORMS"] = str(min(int(total) if total.isdigit() else 1, 50) + 1)
    captured = {c.key: c for c in meeting.captured_lines.select_related("contact")}
    # Each line of the notes with its form, or with what it was captured as.
    rows = [
        (line, None, captured[line.key])
        if line.key in captured
        else (line, LineForm(data, line=line), None)
        for line in services.note_lines(meeting)
    ]
    line_forms = [form for _, form, _ in rows if form is not None]
    extras = ExtraFormSet(data, prefix="extra")
    outcome = OutcomeForm(
        data,
        initial={
            "further_contact": {True: "yes", False: "no"}.get(meeting.further_contact, ""),
            "rating": meeting.rating,
        },
    )
    forms = [*line_forms, *extras, outcome]
    if data is not None and not adding and extras.is_valid() and all(f.is_valid() for f in forms):
        marks = [f.to_mark() for f in [*line_forms, *extras]]
        further = {"yes": True, "no": False}.get(outcome.cleaned_data["further_contact"])
        result = services.capture(
            meeting,
            marks=[m for m in marks if m],
            further_contact=further,
            rating=outcome.cleaned_data["rating"],
        )
        note = "Meeting captured."
        if result.contacts:
            names = ", ".join(c.display_name for c in result.contacts)
            note += f" New contacts from referrals: {names}."
        if result.skipped:
            note += f" {result.skipped} already captured, left as they were."
        messages.success(request, note)
        return redirect(meeting.conversation)
    problems = [] if adding or data is None else list(extras.non_form_errors())
    problems += [] if adding else [e for f in forms for e in _all_errors(f)]
    listed = {line.key for line, _, _ in rows}
    return render(
        request,
        "meetings/capture.html",
        {
            "meeting": meeting,
            "contact": meeting.conversation.contact,
            "rows": rows,
            "extras": extras,
            "outcome": outcome,
            "problems": problems,
            "unlisted": [c for key, c in captured.items() if key not in listed],
        },
        status=400 if problems else 200,
    )


def _all_errors(form) -> list[str]:
    if form.is_bound and not form.is_valid():
        return [e for errors in form.errors.values() for e in errors]
    return []


# --- Private calendar feed -------------------------------------------------------------------


@login_required
@require_GET
def feed_settings(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.owned_by(request.user).filter(revoked=False).first()
    return render(request, "meetings/feed.html", {"feed": feed, "feed_url": ""})


@login_required
@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    """Make a new link and show it on this one answer: only its digest is stored, so it cannot
    be shown again. (No redirect: carrying the token to the next page would mean storing it in
    the session.) Private pages are never cached, so the answer does not outlive the tab."""
    with transaction.atomic():
        CalendarFeed.objects.owned_by(request.user).filter(revoked=False).update(revoked=True)
        feed, token = CalendarFeed.issue(request.user)
    url = request.build_absolute_uri(feed_path(token))
    return render(request, "meetings/feed.html", {"feed": feed, "feed_url": url})


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    CalendarFeed.objects.owned_by(request.user).filter(revoked=False).update(revoked=True)
    messages.success(request, "Calendar link turned off.")
    return redirect("meetings:feed_settings")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription feed: no login (calendar apps cannot sign in); the token is the key."""
    found = CalendarFeed.live(token).select_related("user__profile").first()
    if found is None or not token:
        raise Http404("No calendar here")
    response = HttpResponse(build_feed(found.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
