"""Creating request and follow-up drafts for a conversation, pre-filled from what we know."""

from __future__ import annotations

from django.db import transaction

from coffeechat.contacts.models import Relationship
from coffeechat.core.channels import REQUEST_CHANNELS, Channel
from coffeechat.outreach.builtin_templates import (
    BUILTIN_TEMPLATES,
    FOLLOW_UP_BODY,
    FOLLOW_UP_SUBJECT,
    OPENINGS,
    PHONE_SCRIPT,
    VOICEMAIL_SCRIPT,
)
from coffeechat.outreach.models import DraftKind, RequestDraft, RequestTemplate
from coffeechat.outreach.rendering import PLACEHOLDERS, SCRIPT_PLACEHOLDERS, values_for
from coffeechat.pipeline.models import ACTIVE_STAGES, Stage
from coffeechat.pipeline.services import move_to_stage

_KNOWN = {
    Relationship.FRIEND,
    Relationship.RELATIVE,
    Relationship.PROFESSOR,
    Relationship.CLASSMATE,
    Relationship.COWORKER,
    Relationship.SUPERVISOR,
    Relationship.NEIGHBOUR,
}
_EVENT = {Relationship.SPEAKER, Relationship.ASSOCIATION}


def suggested_builtin(contact) -> str:
    """The built-in template that fits how the user knows this person."""
    if contact.referred_by_id or contact.relationship == Relationship.REFERRAL:
        return "referral" if contact.referred_by_id else "cold"
    if contact.relationship in _KNOWN:
        return "known"
    if contact.relationship == Relationship.ALUMNI:
        return "alumni"
    if contact.relationship in _EVENT:
        return "event"
    return "cold"


def render_request(
    conversation, channel: str = Channel.EMAIL, template: RequestTemplate | str | None = None
) -> tuple[str, str, RequestTemplate | None, str]:
    """(subject, body, user template, built-in key) for this conversation; raises
    PlaceholderError when a user's template names an unknown placeholder."""
    values = values_for(conversation)
    if isinstance(template, RequestTemplate):
        subject = PLACEHOLDERS.fill_message(template.subject, values).strip()
        return subject, PLACEHOLDERS.fill_message(template.body, values), template, ""
    key = template if template in BUILTIN_TEMPLATES else suggested_builtin(conversation.contact)
    builtin = BUILTIN_TEMPLATES[key]
    subject = SCRIPT_PLACEHOLDERS.fill_message(builtin.subject, values).strip()
    if channel == Channel.LINKEDIN_NOTE:
        return "", SCRIPT_PLACEHOLDERS.fill_message(builtin.note, values), None, key
    if channel in (Channel.PHONE, Channel.VOICEMAIL):
        values = {
            **values,
            "opening": SCRIPT_PLACEHOLDERS.fill_message(OPENINGS[key], values).strip(),
        }
        script = PHONE_SCRIPT if channel == Channel.PHONE else VOICEMAIL_SCRIPT
        return "", SCRIPT_PLACEHOLDERS.fill_message(script, values), None, key
    if channel == Channel.LINKEDIN_MESSAGE:
        subject = ""
    return subject, SCRIPT_PLACEHOLDERS.fill_message(builtin.body, values), None, key


def create_request_draft(
    conversation, channel: str = Channel.EMAIL, template: RequestTemplate | str | None = None
) -> RequestDraft:
    """Save a pre-filled request draft; the conversation moves to "request drafted" when it was
    at an earlier stage. `template` is one of the user's RequestTemplate rows, a built-in key
    ("referral", "alumni", "known", "event", "cold"), or None to pick by relationship."""
    channel = channel if channel in REQUEST_CHANNELS else Channel.EMAIL
    subject, body, user_template, key = render_request(conversation, channel, template)
    with transaction.atomic():
        draft = RequestDraft.objects.create(
            user=conversation.user,
            conversation=conversation,
            kind=DraftKind.REQUEST,
            channel=channel,
            subject=subject[:200],
            body=body,
            template=user_template,
            builtin=key,
        )
        stage = Stage(conversation.stage)
        if stage in ACTIVE_STAGES and ACTIVE_STAGES.index(stage) < ACTIVE_STAGES.index(
            Stage.REQUEST_DRAFTED
        ):
            move_to_stage(conversation, Stage.REQUEST_DRAFTED)
    return draft


def create_follow_up_draft(conversation) -> RequestDraft:
    """One polite follow-up, on the channel of the request that went out."""
    sent = (
        RequestDraft.objects.owned_by(conversation.user)
        .filter(conversation=conversation, kind=DraftKind.REQUEST, sent_at__isnull=False)
        .order_by("-sent_at", "-id")
        .first()
    )
    values = values_for(conversation)
    values["subject"] = (
        sent.subject if sent and sent.subject else ""
    ) or SCRIPT_PLACEHOLDERS.fill_message(BUILTIN_TEMPLATES["cold"].subject, values)
    channel = sent.channel if sent else Channel.EMAIL
    if channel in (Channel.PHONE, Channel.VOICEMAIL, Channel.LINKEDIN_NOTE):
        channel = Channel.EMAIL if conversation.contact.emails else Channel.LINKEDIN_MESSAGE
    subject = (
        SCRIPT_PLACEHOLDERS.fill_message(FOLLOW_UP_SUBJECT, values).strip()
        if channel == Channel.EMAIL
        else ""
    )
    return RequestDraft.objects.create(
        user=conversation.user,
        conversation=conversation,
        kind=DraftKind.FOLLOW_UP,
        channel=channel,
        subject=subject[:200],
        body=SCRIPT_PLACEHOLDERS.fill_message(FOLLOW_UP_BODY, values),
    )
