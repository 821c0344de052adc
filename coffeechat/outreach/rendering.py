"""Filling a template's {placeholders} from the profile, the contact and the conversation."""

from __future__ import annotations

import re
from string import Formatter

from coffeechat.accounts.models import Profile

PLACEHOLDERS = {
    "first_name": "the contact's first name",
    "my_name": "your name, from your profile",
    "organisation": "the contact's organisation",
    "role": "the contact's role",
    "referrer": "who referred you to them",
    "intention": "what you want to learn, from the conversation",
    "minutes": "the meeting length in minutes",
    "window": 'a flexible window such as "in the next 2–4 weeks"',
    "introduction": "your 30-second introduction, from your profile",
    "research_point": "one specific point from your research notes",
    "my_email": "your e-mail address",
    "my_phone": "your phone number",
}
DEFAULT_WINDOW = "in the next 2–4 weeks"
MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 15, 30, 20


class PlaceholderError(ValueError):
    """A template names a placeholder we cannot fill, or is not well formed."""


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a template uses, in order; raises PlaceholderError when malformed."""
    try:
        parsed = list(Formatter().parse(text))
    except ValueError as error:
        raise PlaceholderError(
            f"The template has an unmatched brace ({error}); write {{{{ or }}}} for a literal one."
        ) from None
    names = []
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not re.fullmatch(r"[a-z_]+", field) or spec or conversion:
            raise PlaceholderError(
                f"Unknown placeholder {{{field}}}: use a plain name like {{first_name}}."
            )
        names.append(field)
    return names


def check_placeholders(text: str, known=PLACEHOLDERS) -> None:
    unknown = [name for name in placeholders_in(text) if name not in known]
    if unknown:
        listed = ", ".join("{" + name + "}" for name in dict.fromkeys(unknown))
        raise PlaceholderError(
            f"Unknown placeholder {listed}. Available: "
            + ", ".join("{" + name + "}" for name in known)
            + "."
        )


def render_template(text: str, values: dict[str, str]) -> str:
    """Fill every placeholder; an unknown one raises PlaceholderError naming it.

    A line whose placeholders all come out empty is dropped, so a missing value never leaves a
    dangling sentence or a literal "{research_point}" behind.
    """
    check_placeholders(text, values)
    lines = []
    for line in text.split("\n"):
        names = placeholders_in(line)
        if names and all(not str(values[name]).strip() for name in names):
            continue
        lines.append(line.format_map({k: str(v) for k, v in values.items()}))
    rendered = "\n".join(lines)
    # Dropped lines can leave three or more line breaks in a row; paragraphs stay one blank line.
    return re.sub(r"\n{3,}", "\n\n", rendered).strip() + ("\n" if rendered.strip() else "")


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
        return DEFAULT_MINUTES
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
