"""Outreach workflows shared by the pages and Today: sending, replies, referrals, giving up."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from coffeechat.contacts.models import Contact, TouchpointKind
from coffeechat.contacts.services import add_referred_contact, log_touchpoint
from coffeechat.outreach.business_days import business_days_between
from coffeechat.outreach.drafts import create_request_draft
from coffeechat.outreach.models import DraftKind, Outcome, Reply, RequestDraft
from coffeechat.pipeline.models import Stage
from coffeechat.pipeline.services import move_to_stage, start_conversation


def mark_sent(draft: RequestDraft, *, at=None) -> None:
    """Log the request (or follow-up) as a touchpoint and move the conversation to requested."""
    at = at or timezone.now()
    conversation = draft.conversation
    kind = TouchpointKind.FOLLOW_UP if draft.kind == DraftKind.FOLLOW_UP else TouchpointKind.REQUEST
    text = f"{draft.subject}\n\n{draft.body}" if draft.subject else draft.body
    with transaction.atomic():
        draft.sent_at = at
        draft.save(update_fields=["sent_at", "updated"])
        log_touchpoint(
            conversation.contact,
            kind,
            text=text,
            channel=draft.channel,
            at=at,
            conversation=conversation,
        )
        if draft.kind == DraftKind.REQUEST:
            move_to_stage(conversation, Stage.REQUESTED, at=at)


def first_sent_on(conversation) -> date | None:
    sent = (
        RequestDraft.objects.owned_by(conversation.user)
        .filter(conversation=conversation, kind=DraftKind.REQUEST, sent_at__isnull=False)
        .order_by("sent_at")
        .values_list("sent_at", flat=True)
        .first()
    ) or conversation.requested_at
    return timezone.localdate(sent) if sent else None


def log_reply(
    conversation,
    outcome: str,
    replied_on: date,
    *,
    note: str = "",
    referred_contact=None,
    at: datetime | None = None,
    channel: str = "",
) -> Reply:
    """Record a reply with its time in business days; "no" closes the conversation.

    `at` is when the reply arrived, when it is known (a pasted thread names it): the timeline,
    the conversation's reply date and a "no"'s stage change then carry that time, not the time
    it was logged, so 3B7 and the time to reply stay true."""
    sent_on = first_sent_on(conversation)
    days = business_days_between(sent_on, replied_on) if sent_on else None
    with transaction.atomic():
        reply = Reply.objects.create(
            user=conversation.user,
            conversation=conversation,
            outcome=outcome,
            replied_on=replied_on,
            business_days=days,
            note=note,
            referred_contact=referred_contact,
        )
        label = Outcome(outcome).label
        log_touchpoint(
            conversation.contact,
            TouchpointKind.REPLY,
            text=f"{label}. {note}".strip() if note else label,
            channel=channel,
            at=at,
            conversation=conversation,
        )
        if outcome == Outcome.NO:
            move_to_stage(conversation, Stage.DECLINED, at=at)
        elif outcome != Outcome.OUT_OF_OFFICE and conversation.replied_at is None:
            conversation.replied_at = at or timezone.now()
            conversation.save(update_fields=["replied_at", "updated"])
    return reply


def create_referral(
    referrer: Contact, *, name: str, organisation: str = "", email: str = ""
) -> tuple[Contact, RequestDraft]:
    """A person the contact pointed us to: a new contact, a prospect conversation and a draft
    that names the referrer."""
    with transaction.atomic():
        person = add_referred_contact(referrer, name, organisation=organisation, reach=email)
        conversation = start_conversation(person)
        draft = create_request_draft(conversation, template="referral")
    return person, draft


def mark_no_response(conversation) -> bool:
    return move_to_stage(conversation, Stage.NO_RESPONSE)
