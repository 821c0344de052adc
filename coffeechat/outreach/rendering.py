"""The request slots, and their values from the profile, the contact, the conversation and the
answers the user gives in the composer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coffeechat.accounts.defaults import DEFAULT_MEETING_MINUTES
from coffeechat.accounts.drafting import name_for_drafts
from coffeechat.accounts.models import Profile
from coffeechat.core.placeholders import Placeholder, Placeholders, phrase, sentence
from coffeechat.outreach.builtin_templates import USER_SLOTS

# What users may write in their own request templates (the template form lists these).
PLACEHOLDERS = Placeholders(
    Placeholder("first_name", "the contact's first name"),
    Placeholder("my_name", "your name, from your profile"),
    Placeholder("organisation", "the contact's organisation"),
    Placeholder("role", "the contact's role"),
    Placeholder("referrer", "who referred you to them"),
    Placeholder("intention", "what you want to learn, from the conversation"),
    Placeholder("minutes", "the meeting length in minutes"),
    Placeholder("window", 'a flexible window such as "in the next 2–4 weeks"'),
    Placeholder("introduction", "your 30-second introduction, from your profile"),
    Placeholder("research_point", "what caught your eye, as you wrote it in the composer"),
    Placeholder("my_email", "your e-mail address"),
    Placeholder("my_phone", "your phone number, from your profile"),
    Placeholder("signature", "your signature, from your profile"),
    *(Placeholder(s.name, s.prompt) for s in USER_SLOTS.values()),
)
DEFAULT_WINDOW = "in the next 2–4 weeks"
MIN_MINUTES, MAX_MINUTES = 15, 30


def clean_slots(slots: Mapping[str, Any] | None) -> dict[str, str]:
    """Only the user slots we know, each as a phrase."""
    slots = slots or {}
    return {name: phrase(str(slots.get(name) or "")) for name in USER_SLOTS}


def clamp_minutes(minutes: int | None) -> int:
    if not minutes:
        return DEFAULT_MEETING_MINUTES
    return max(MIN_MINUTES, min(MAX_MINUTES, int(minutes)))


def values_for(conversation, slots: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Every slot's value for this conversation (empty strings where nothing is known); `slots`
    are the answers the user gave in the composer. Research notes are never a value: they are
    shown beside the draft as material."""
    contact = conversation.contact
    profile = Profile.objects.filter(user_id=conversation.user_id).first()
    user = conversation.user
    referrer = contact.referred_by
    answers = clean_slots(slots)
    return {
        "first_name": contact.first_name,
        "my_name": name_for_drafts(user) or user.username,
        "organisation": contact.organisation.name if contact.organisation_id else "",
        "role": contact.role,
        "referrer": referrer.display_name if referrer else "",
        "intention": conversation.intention.strip(),
        "minutes": str(clamp_minutes(conversation.meeting_minutes)),
        "window": DEFAULT_WINDOW,
        "introduction": sentence(profile.introduction) if profile else "",
        "research_point": answers["caught_eye"],
        "my_email": user.email,
        "my_phone": profile.phone.strip() if profile else "",
        "signature": profile.signature.strip() if profile else "",
        **answers,
    }
