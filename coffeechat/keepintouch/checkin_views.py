"""The check-in composer: answer its slots, draft, check as you type, send or mark as sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coffeechat.accounts.drafting import missing_fields, profile_values
from coffeechat.coach.engine import CheckContext, check
from coffeechat.coach.fragments import findings_fragment
from coffeechat.contacts.models import Contact, TouchpointKind
from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.access import owned_or_404
from coffeechat.core.mail import eml_response, mailto_url, send_to_contact
from coffeechat.core.placeholders import answers_from
from coffeechat.keepintouch.checkin import (
    CHANNELS,
    PROFILE_NEEDS,
    SLOTS,
    SUBJECT,
    compose,
    saved_for,
)
from coffeechat.keepintouch.models import SharedItem
from coffeechat.keepintouch.reasons import reasons_for

ALL_CLEAR = "Short, about them, and nothing asked of them. Send it."


def _findings(text: str):
    # A check-in is read by the thank-you's rules: gratitude and news, no job talk, short.
    return check("thankyou", text, CheckContext(now=timezone.now()))


def _starting_answers(contact) -> tuple[dict[str, str], SharedItem | None]:
    """A first visit starts from the newest thing saved for them: its title and link."""
    answers = {name: "" for name in SLOTS}
    item = saved_for(contact)
    if item:
        answers["read"] = f"“{item.title}”"
        answers["link"] = item.url
    return answers, item


def _log(contact, text: str, channel: str, shared_id: str) -> None:
    """The check-in is a touch (the cadence starts again); the saved item it sent is shared."""
    log_touchpoint(contact, TouchpointKind.UPDATE, text=text, channel=channel)
    if not shared_id.isdigit():
        return
    item = SharedItem.objects.filter(
        user=contact.user, contact=contact, pk=int(shared_id), shared_on__isnull=True
    ).first()
    if item and item.title in text:  # still in the note as sent
        item.shared_on = timezone.localdate()
        item.save(update_fields=["shared_on", "updated"])


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = owned_or_404(Contact, request.user, contact_id)
    data = request.POST if request.method == "POST" else request.GET
    channel = data.get("channel", "email")
    if channel not in dict(CHANNELS):
        channel = "email"
    if any(f"slot-{name}" in data for name in SLOTS):
        answers, shared_id = answers_from(data, SLOTS), data.get("shared", "")
    else:
        answers, item = _starting_answers(contact)
        shared_id = str(item.pk) if item else ""
    profile = profile_values(request.user)
    # A browser sends a textarea's lines ending CRLF; the note is stored and sent with LF.
    text = data.get("text", "").replace("\r\n", "\n") if request.method == "POST" else ""
    if not text.strip():
        text = compose(
            first_name=contact.first_name, profile=profile, answers=answers, channel=channel
        )
    do = request.POST.get("do", "")
    if do == "live":  # the coach's cards for the text as typed (coach/live.js asks)
        return findings_fragment(request, _findings(text), text, ALL_CLEAR)
    email = (contact.emails or [""])[0]
    if do == "eml":
        return eml_response(
            request.user, to=email, subject=SUBJECT, body=text, name=f"check-in-{contact}"
        )
    sent = do == "send" and send_to_contact(request, contact, subject=SUBJECT, body=text)
    if do == "mark" or sent:
        _log(contact, text, channel, shared_id)
        messages.success(request, f"Check-in with {contact} logged; the cadence starts again.")
        return redirect(contact)
    return render(
        request,
        "keepintouch/check_in.html",
        {
            "contact": contact,
            "asked": [{"slot": slot, "value": answers[name]} for name, slot in SLOTS.items()],
            "shared_id": shared_id,
            "channels": CHANNELS,
            "channel": channel,
            "text": text,
            "findings": _findings(text),
            "missing_profile": missing_fields(profile, PROFILE_NEEDS),
            "reasons": reasons_for(contact),
            "mailto": mailto_url(email, SUBJECT, text) if email else "",
            "can_send": bool(email and getattr(settings, "EMAIL_CONFIGURED", False)),
            "subject": SUBJECT,
            "all_clear": ALL_CLEAR,
        },
    )
