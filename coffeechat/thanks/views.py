"""The thank-you composer: answer its slots in your own words (the notes beside as material),
draft, check as you type, send or mark as sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coffeechat.accounts.drafting import missing_fields, profile_values
from coffeechat.coach import engine
from coffeechat.coach.engine import CheckContext
from coffeechat.coach.fragments import findings_fragment
from coffeechat.contacts.models import TouchpointKind
from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.access import owned_or_404
from coffeechat.core.mail import eml_response, mailto_url, send_to_contact
from coffeechat.core.placeholders import answers_from
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.pipeline.services import move_to_stage
from coffeechat.thanks.drafts import (
    CHANNELS,
    PROFILE_NEEDS,
    SLOTS,
    compose,
    meeting_ended_at,
    note_points_for_coach,
    points_for,
    referral_names,
)

AFTER_MEETING = {Stage.MET, Stage.THANKED, Stage.KEEPING_IN_TOUCH}
SUBJECT = "Thank you for your time"
ALL_CLEAR = "Specific, short and about them. Send it."


def _has_met(conversation) -> bool:
    """Met: the stage says so, or a meeting (not cancelled) has started, captured or not."""
    if conversation.stage in AFTER_MEETING:
        return True
    started = conversation.meetings.exclude(status="cancelled").filter(
        starts_at__lte=timezone.now()
    )
    return started.exists()


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
    answers = answers_from(data, SLOTS)
    profile = profile_values(request.user)
    text = data.get("text", "") if request.method == "POST" else ""
    if not text.strip():
        text = compose(
            first_name=contact.first_name,
            profile=profile,
            answers=answers,
            referrals=referral_names(conversation),
            channel=channel,
        )
    note_points = note_points_for_coach(points, answers)
    do = request.POST.get("do", "")
    if do == "live":  # the coach's cards for the text as typed (coach/live.js asks)
        findings = _findings(text, note_points, ended_at)
        return findings_fragment(request, findings, text, ALL_CLEAR)
    email = (contact.emails or [""])[0]
    if do == "eml":
        return eml_response(
            request.user, to=email, subject=SUBJECT, body=text, name=f"thank-you-{contact}"
        )
    sent = do == "send" and send_to_contact(request, contact, subject=SUBJECT, body=text)
    if do == "mark" or sent:
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
            "asked": [{"slot": slot, "value": answers[name]} for name, slot in SLOTS.items()],
            "answers": answers,
            "missing_profile": missing_fields(profile, PROFILE_NEEDS),
            "channels": CHANNELS,
            "channel": channel,
            "text": text,
            "findings": _findings(text, note_points, ended_at),
            "ended_at": ended_at,
            "mailto": mailto_url(email, SUBJECT, text) if email else "",
            "can_send": bool(email and getattr(settings, "EMAIL_CONFIGURED", False)),
            "subject": SUBJECT,
            "all_clear": ALL_CLEAR,
        },
    )
