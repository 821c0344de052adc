"""Creating request and follow-up drafts for a conversation, pre-filled from what we know."""

from __future__ import annotations

import re

from django.db import transaction

from coffeechat.contacts.models import Relationship
from coffeechat.core.channels import REQUEST_CHANNELS, Channel
from coffeechat.core.placeholders import Paragraph, compose_slots, slot_names
from coffeechat.outreach.builtin_templates import (
    BUILTIN_TEMPLATES,
    FOLLOW_UP_BODY,
    PROFILE_NEEDS,
    USER_SLOTS,
    phone_script,
    voicemail_script,
)
from coffeechat.outreach.models import DraftKind, RequestDraft, RequestTemplate
from coffeechat.outreach.rendering import PLACEHOLDERS, values_for
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


NOTE_LIMIT = 300
EMAIL_WORDS = 75  # the coach's target; 100 is its limit
_WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def fits(channel: str):
    """Whether a text is within the channel's limit: characters for a connection note, the
    coach's 75-word target for written messages; spoken scripts have none."""
    if channel == Channel.LINKEDIN_NOTE:
        return lambda text: len(text.rstrip()) <= NOTE_LIMIT
    if channel in (Channel.EMAIL, Channel.LINKEDIN_MESSAGE):
        return lambda text: len(_WORD_RE.findall(text)) <= EMAIL_WORDS
    return lambda text: True


def builtin_paragraphs(key: str, channel: str) -> tuple[Paragraph, ...]:
    builtin = BUILTIN_TEMPLATES[key]
    if channel == Channel.LINKEDIN_NOTE:
        return builtin.note
    if channel == Channel.PHONE:
        return phone_script(builtin.opening)
    if channel == Channel.VOICEMAIL:
        return voicemail_script(builtin.opening)
    return builtin.body


def slots_asked(key: str, channel: str) -> list[str]:
    """The composer's questions for this built-in and channel, in the order they are asked."""
    names = slot_names(builtin_paragraphs(key, channel))
    return [name for name in USER_SLOTS if name in names]


def missing_profile(conversation, channel: str) -> list[str]:
    """What the channel needs from the profile that it does not have ("your phone number")."""
    values = values_for(conversation)
    return [label for name, label in PROFILE_NEEDS.get(channel, ()) if not values.get(name)]


def render_request(
    conversation,
    channel: str = Channel.EMAIL,
    template: RequestTemplate | str | None = None,
    slots: dict | None = None,
) -> tuple[str, str, RequestTemplate | None, str]:
    """(subject, body, user template, built-in key) for this conversation; `slots` are the
    user's answers in the composer. Raises PlaceholderError when a user's template names an
    unknown placeholder."""
    values = values_for(conversation, slots)
    if isinstance(template, RequestTemplate):
        subject = PLACEHOLDERS.fill_message(template.subject, values).strip()
        return subject, PLACEHOLDERS.fill_message(template.body, values), template, ""
    key = template if template in BUILTIN_TEMPLATES else suggested_builtin(conversation.contact)
    body = compose_slots(builtin_paragraphs(key, channel), values, fits=fits(channel))
    subject = ""
    if channel == Channel.EMAIL:
        subject = compose_slots(BUILTIN_TEMPLATES[key].subject, values).strip()
    return subject, body, None, key


def create_request_draft(
    conversation,
    channel: str = Channel.EMAIL,
    template: RequestTemplate | str | None = None,
    slots: dict | None = None,
) -> RequestDraft:
    """Save a pre-filled request draft; the conversation moves to "request drafted" when it was
    at an earlier stage. `template` is one of the user's RequestTemplate rows, a built-in key
    ("referral", "alumni", "known", "event", "cold"), or None to pick by relationship."""
    channel = channel if channel in REQUEST_CHANNELS else Channel.EMAIL
    subject, body, user_template, key = render_request(conversation, channel, template, slots)
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
            slots={k: v for k, v in (slots or {}).items() if k in USER_SLOTS and v},
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
    values = values_for(conversation, sent.slots if sent else None)
    channel = sent.channel if sent else Channel.EMAIL
    if channel in (Channel.PHONE, Channel.VOICEMAIL, Channel.LINKEDIN_NOTE):
        channel = Channel.EMAIL if conversation.contact.emails else Channel.LINKEDIN_MESSAGE
    subject = ""
    if channel == Channel.EMAIL:
        first = (sent.subject if sent else "") or compose_slots(
            BUILTIN_TEMPLATES["cold"].subject, values
        ).strip()
        subject = first if first.lower().startswith("re:") else f"Re: {first}"
    return RequestDraft.objects.create(
        user=conversation.user,
        conversation=conversation,
        kind=DraftKind.FOLLOW_UP,
        channel=channel,
        subject=subject[:200],
        body=compose_slots(FOLLOW_UP_BODY, values, fits=fits(channel)),
    )
