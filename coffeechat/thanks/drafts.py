"""The thank-you note after a meeting: points from the notes, a draft, and its sending.

Points come from the meeting's own notes (one per line), the insights, advice and resources
captured after it, and the notes taken beside each planned question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import timezone

from coffeechat.core.channels import THANK_YOU_CHANNELS, choices
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


# A label the user typed before a note ("Advice: learn SQL") says what it is; it is not words to
# quote in a sentence ("…was advice: learn SQL").
_LABEL = re.compile(
    r"^\s*(advice|tip|insight|resource|note|idea|promise|todo|to do|action)\s*[:\-–—]\s*",
    re.IGNORECASE,
)


def _point(text: str, *, after_colon: bool = False) -> tuple[str, str]:
    """(label, the point as a sentence): "Advice: Learn SQL" -> ("advice", "Learn SQL."), or
    "learn SQL." to follow a colon."""
    text = re.sub(r"\s+", " ", text).strip()
    label = ""
    match = _LABEL.match(text)
    if match:
        label, text = match.group(1).lower(), text[match.end() :]
    text = text.rstrip(" :;,")
    if text and text[-1] not in ".!?":
        text += "."
    if after_colon:
        return label, (text[:1].lower() + text[1:]) if text[1:2].islower() else text
    return label, text[:1].upper() + text[1:]


def _first_point(text: str) -> str:
    label, point = _point(text, after_colon=True)
    if label in {"advice", "tip"}:
        return f"Your advice stayed with me most: {point}"
    return f"What stayed with me most: {point}"


def compose(
    *,
    first_name: str,
    sender: str,
    points: list[str],
    action: str = "",
    referral: str = "",
    channel: str = "email",
) -> str:
    """A thank-you in plain words that names the chosen points; short for a card."""
    if channel == "card":
        body = f"{first_name}, thank you for your time."
        if points:
            body += f" {_first_point(points[0])}"
        if action:
            body += f" {_point(action)[1]}"
        return body + (f"\n{sender}" if sender else "")
    lines = [f"Hi {first_name},", ""]
    lines.append("Thank you for taking the time to talk with me.")
    if points:
        lines.append(_first_point(points[0]))
        for point in points[1:3]:
            lines.append(f"I also keep thinking about this: {_point(point, after_colon=True)[1]}")
    if action:
        lines.append(_point(action)[1])
    if referral:
        lines.append(_point(referral)[1])
    lines += ["", "I'll let you know how it goes."]
    if channel == "email":
        lines += ["", "With thanks,"]
    if sender:
        lines.append(sender)
    return "\n".join(lines)
