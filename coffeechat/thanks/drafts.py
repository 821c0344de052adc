"""The thank-you note after a meeting: the notes as material, and a draft from named slots.

Points come from the meeting's own notes (one per line), the insights, advice and resources
captured after it, and the notes taken beside each planned question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import timezone

from coffeechat.coach.rules.request import COUNT_WORD_RE
from coffeechat.core.channels import THANK_YOU_CHANNELS, Channel, choices
from coffeechat.core.placeholders import P, Paragraph, S, Slot, compose_slots
from coffeechat.meetings.models import Capture, Meeting
from coffeechat.prep.models import PlannedQuestion

CHANNELS = choices(THANK_YOU_CHANNELS)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")


@dataclass(frozen=True)
class Point:
    key: str
    text: str
    source: str  # "notes" | "insight" | "advice" | "resource" | "question"


def points_for(conversation) -> list[Point]:
    """Every specific thing noted for this conversation, in a fixed number of queries.

    A line of the notes that was captured (as advice, an insight…) is offered once, as what it
    was captured as, not a second time as a plain note.
    """
    captures = list(
        Capture.objects.filter(user=conversation.user, meeting__conversation=conversation)
        .exclude(meeting__status="cancelled")
        .order_by("kind", "id")
    )
    captured = [c.text.strip().casefold() for c in captures if c.text.strip()]

    def already_captured(text: str) -> bool:
        folded = text.casefold()
        return any(part in folded for part in captured)

    points: list[Point] = []
    meetings = Meeting.objects.filter(user=conversation.user, conversation=conversation)
    for meeting in meetings.exclude(status="cancelled").order_by("starts_at", "id"):
        for number, line in enumerate(meeting.notes.splitlines()):
            line = _BULLET.sub("", line).strip()
            if len(line) >= 8 and not already_captured(line):
                points.append(Point(f"n{meeting.pk}-{number}", line, "notes"))
    for capture in captures:
        points.append(Point(f"c{capture.pk}", capture.text.strip(), capture.kind))
    questions = PlannedQuestion.objects.filter(
        user=conversation.user, conversation=conversation
    ).exclude(note="")
    for question in questions.order_by("closing", "position", "id"):
        if not already_captured(question.note):
            points.append(Point(f"q{question.pk}", question.note.strip(), "question"))
    return points


def meeting_ended_at(conversation):
    """When the (last held) meeting ended, or when the conversation reached "met"."""
    meeting = (
        Meeting.objects.filter(user=conversation.user, conversation=conversation)
        .exclude(status="cancelled")
        .filter(starts_at__lte=timezone.now())
        .order_by("-starts_at", "-id")
        .first()
    )
    if meeting:
        return meeting.ended_at or meeting.ends_at
    return conversation.met_at


# --- the thank-you, built from named slots ------------------------------------------------------
#
# The notes are material shown beside the draft; what the draft says about the conversation is
# what the user wrote for these slots. An empty slot leaves its sentence out.

SLOTS: dict[str, Slot] = {
    s.name: s
    for s in [
        Slot(
            "stayed",
            "What did they say that stayed with you?",
            "What stayed with me most was …",
            "your point that five users find most usability problems",
        ),
        Slot(
            "will_do",
            "What will you do with their advice?",
            "Next, I will …",
            "join the research ops meetup you mentioned",
            verb=True,
        ),
        Slot(
            "changed",
            "What do you see differently now?",
            "You changed how I think about …",
            "moving from teaching into research",
        ),
    ]
}
# Profile fields the thank-you cannot sign without.
PROFILE_NEEDS = ("my_name",)

_THANKS = S("Thank you for taking the time to talk with me.")
_STAYED = S("What stayed with me most was {stayed}.", "")
_CHANGED = S("You changed how I think about {changed}.", "", rank=2)
_WILL_DO = S(
    "Next, I will {will_do}, and I'll let you know how it goes.",
    "Next, I will {will_do}.",
    "",
    rank=3,
)
_REFERRALS = S("I will get in touch with {referrals}, as you kindly suggested.", "", rank=1)

FORMS: dict[str, tuple[Paragraph, ...]] = {
    Channel.EMAIL: (
        P(S("Hi {first_name},")),
        P(_THANKS, _STAYED, _CHANGED),
        P(_WILL_DO, _REFERRALS),
        # No name, no sign-off: the composer asks for the name instead of signing with nothing.
        P(S("With thanks,\n{signature}", "With thanks,\n{my_name}", "")),
    ),
    Channel.LINKEDIN_MESSAGE: (
        P(S("Hi {first_name},")),
        P(_THANKS, _STAYED, _CHANGED),
        P(_WILL_DO, _REFERRALS),
        P(S("{my_name}", "")),
    ),
    # A card is short: the thanks, one point, one step, the name.
    Channel.CARD: (
        P(
            S("{first_name}, thank you for your time."),
            _STAYED,
            S("Next, I will {will_do}.", "", rank=3),
            S("{my_name}", ""),
            sep="\n",
        ),
    ),
}
WORD_LIMIT = 150


def _within_limit(text: str) -> bool:
    return len(COUNT_WORD_RE.findall(text)) <= WORD_LIMIT


def referral_names(conversation) -> str:
    """The first names of up to two people this contact referred the user to ("Jane and Omar")."""
    names = [c.first_name for c in conversation.contact.referrals.order_by("id")[:2]]
    return " and ".join(name for name in names if name)


def compose(
    *,
    first_name: str,
    profile: dict[str, str],
    answers: dict[str, str],
    referrals: str = "",
    channel: str = Channel.EMAIL,
) -> str:
    """The thank-you on this channel from the user's answers to `SLOTS`, their profile's name
    and signature, and the people they were referred to."""
    values = {
        **profile,
        "first_name": first_name,
        "referrals": referrals,
        **{name: slot.reads(answers.get(name, "")) for name, slot in SLOTS.items()},
    }
    paragraphs = FORMS.get(channel, FORMS[Channel.EMAIL])
    return compose_slots(paragraphs, values, fits=_within_limit).rstrip("\n")


def note_points_for_coach(points: list[Point], answers: dict[str, str]) -> list[str]:
    """What the coach counts as "a specific point": the notes, and what the user wrote for
    "what stayed with you", which is a point from the conversation by definition."""
    said = SLOTS["stayed"].reads(answers.get("stayed", ""))
    return [p.text for p in points] + ([said] if said else [])
