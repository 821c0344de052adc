"""The request placeholders, and their values from the profile, the contact and the conversation."""

from __future__ import annotations

import re

from coffeechat.accounts.defaults import DEFAULT_MEETING_MINUTES
from coffeechat.accounts.models import Profile
from coffeechat.core.placeholders import Placeholder, Placeholders

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
    Placeholder("research_point", "one specific point from your research notes"),
    Placeholder("my_email", "your e-mail address"),
    Placeholder("my_phone", "your phone number"),
)
# The built-in phone scripts and follow-ups also use the opening line and the request's subject.
SCRIPT_PLACEHOLDERS = PLACEHOLDERS.extended(
    Placeholder("opening", "the opening line that names the connection"),
    Placeholder("subject", "the subject of the request that went out"),
)
DEFAULT_WINDOW = "in the next 2–4 weeks"
MIN_MINUTES, MAX_MINUTES = 15, 30


_BULLET_RE = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“])")
_MARKDOWN_RE = re.compile(r"[*_`#>]+|\[([^\]]*)\]\([^)]*\)")


def research_point(notes: str) -> str:
    """The first bullet or sentence of a research note, as plain text."""
    for raw in notes.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = _BULLET_RE.sub("", line)
        line = _MARKDOWN_RE.sub(lambda m: m.group(1) or "", line).strip()
        if not line:
            continue
        first = _SENTENCE_END_RE.split(line, maxsplit=1)[0].strip()
        if first and first[-1] not in ".!?":
            first += "."
        return first[:1].upper() + first[1:]
    return ""


def clamp_minutes(minutes: int | None) -> int:
    if not minutes:
        return DEFAULT_MEETING_MINUTES
    return max(MIN_MINUTES, min(MAX_MINUTES, int(minutes)))


def values_for(conversation) -> dict[str, str]:
    """Every placeholder's value for this conversation (empty strings where nothing is known)."""
    contact = conversation.contact
    profile = Profile.objects.filter(user_id=conversation.user_id).first()
    user = conversation.user
    referrer = contact.referred_by
    point = research_point(contact.research_notes)
    if not point and contact.organisation_id:
        point = research_point(contact.organisation.research_notes)
    intention = conversation.intention.strip()
    return {
        "first_name": contact.first_name,
        "my_name": (profile.full_name if profile else "") or user.get_full_name() or user.username,
        "organisation": contact.organisation.name if contact.organisation_id else "",
        "role": contact.role,
        "referrer": referrer.display_name if referrer else "",
        "intention": intention,
        "minutes": str(clamp_minutes(conversation.meeting_minutes)),
        "window": DEFAULT_WINDOW,
        "introduction": (profile.introduction.strip() if profile else ""),
        "research_point": point,
        "my_email": user.email,
        "my_phone": "",
    }
