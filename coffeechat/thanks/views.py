"""The thank-you composer: pick points from the notes, draft, check, send or mark as sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coffeechat.coach import engine
from coffeechat.coach.engine import CheckContext
from coffeechat.contacts.models import TouchpointKind
from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.access import owned_or_404
from coffeechat.core.mail import MailError, eml_response, mailto_url, outgoing_message, send_email
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.pipeline.services import move_to_stage
from coffeechat.thanks.drafts import CHANNELS, compose, meeting_ended_at, points_for

AFTER_MEETING = {Stage.MET, Stage.THANKED, Stage.KEEPING_IN_TOUCH}
SUBJECT = "Thank you for your time"
ALL_CLEAR = "Specific, short and about them. Send it."


def _sender(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile.full_name if profile else "") or user.get_full_name() or ""


def _has_met(conversation) -> bool:
    """Met: the stage says so, or a meeting (not cancelled) has started, captured or not."""
    if conversation.stage in AFTER_MEETING:
        return True
    started = conversation.meetings.exclude(status="cancelled").filter(
        starts_at__lte=timezone.now()
    )
    return started.exists()


def _referral_line(conversation) -> str:
    names = [c.first_name for c in conversation.contact.referrals.order_by("id")[:2]]
    if not names:
        return ""
    who = " and ".join(names)
    return f"I will get in touch with {who}, as you kindly suggested"


def _findings(text: str, points: list[str], ended_at):
    context = CheckContext(note_points=points, meeting_ended_at=ended_at, now=timezone.now())
    return engine.check("thankyou", text, context)


def _mark_thanked(conversation, text: str, channel: str) -> None:
    log_touchpoint(
        conversation.contact,
        TouchpointKind.THANK_YOU,
        text=text,
        channel=channel,
        conversation=conversation,
    )
    if conversation.stage not in AFTER_MEETING:
        move_to_stage(conversation, Stage.MET)  # the meeting took place, captured or not
    if conversation.stage == Stage.MET:
        move_to_stage(conversation, Stage.THANKED)


@login_required
@require_http_methods(["GET", "POST"])
def thank_you(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = owned_or_404(
        Conversation.objects.select_related("contact"), request.user, conversation_id
    )
    contact = conversation.contact
    if not _has_met(conversation):
        messages.error(request, "Write the thank-you once the meeting has taken place.")
        return redirect(conversation)
    points = points_for(conversation)
    ended_at = meeting_ended_at(conversation)
    data = request.POST if request.method == "POST" else request.GET
    channel = data.get("channel", "email")
    if channel not in dict(CHANNELS):
        channel = "email"
    # The first visit starts from the first thing noted; after that, the user's own ticks.
    first_point = [points[0].key] if points else []
    chosen_keys = data.getlist("point") if "channel" in data else first_point
    chosen = [p.text for p in points if p.key in chosen_keys]
    action = data.get("action", "").strip()
    referral = data.get("referral", _referral_line(conversation) if not data else "").strip()
    text = data.get("text", "") if request.method == "POST" else ""
    if not text.strip():
        text = compose(
            first_name=contact.first_name,
            sender=_sender(request.user),
            points=chosen,
            action=action,
            referral=referral,
            channel=channel,
        )
    do = request.POST.get("do", "")
    if do == "live":  # the coach's cards for the text as typed (coach/live.js asks)
        findings = _findings(text, chosen or [p.text for p in points], ended_at)
        return render(
            request,
            "coach/_findings.html",
            {"findings": findings, "checked": text, "all_clear": ALL_CLEAR},
        )
    email = (contact.emails or [""])[0]
    if do == "eml":
        return eml_response(
            request.user, to=email, subject=SUBJECT, body=text, name=f"thank-you-{contact}"
        )
    if do in {"mark", "send"}:
        if do == "send":
            if not email:
                messages.error(request, f"There is no e-mail address for {contact}.")
                do = "error"
            else:
                message = outgoing_message(request.user, to=email, subject=SUBJECT, body=text)
                try:
                    send_email(request.user, message)
                except MailError as error:
                    messages.error(request, str(error))
                    do = "error"
        if do != "error":
            _mark_thanked(conversation, text, channel)
            messages.success(request, f"Thank-you to {contact} logged; the stage is now Thanked.")
            return redirect(conversation)
    return render(
        request,
        "thanks/compose.html",
        {
            "conversation": conversation,
            "contact": contact,
            "points": points,
            "chosen_keys": set(chosen_keys),
            "channels": CHANNELS,
            "channel": channel,
            "action": action,
            "referral": referral,
            "text": text,
            "findings": _findings(text, chosen or [p.text for p in points], ended_at),
            "ended_at": ended_at,
            "mailto": mailto_url(email, SUBJECT, text) if email else "",
            "can_send": bool(email and getattr(settings, "EMAIL_CONFIGURED", False)),
            "subject": SUBJECT,
            "all_clear": ALL_CLEAR,
        },
    )
