"""Every text the app writes for one conversation, and what must never be wrong with one.

Shared by the property test (`test_drafts_property.py`) and `bench/drafts.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from coffeechat.accounts.drafting import profile_values
from coffeechat.coach.engine import CheckContext, Finding, check
from coffeechat.coach.rules.request import COUNT_WORD_RE, NOTE_CHAR_LIMIT
from coffeechat.core.channels import REQUEST_CHANNELS, THANK_YOU_CHANNELS, Channel
from coffeechat.followup.models import ActionItem, Origin, Owner
from coffeechat.followup.views import update_draft
from coffeechat.keepintouch.checkin import CHANNELS as CHECKIN_CHANNELS
from coffeechat.keepintouch.checkin import SLOTS as CHECKIN_SLOTS
from coffeechat.keepintouch.checkin import compose as compose_check_in
from coffeechat.meetings.calendar import _description
from coffeechat.meetings.models import Meeting
from coffeechat.outreach.builtin_templates import BUILTIN_TEMPLATES
from coffeechat.outreach.drafts import create_follow_up_draft, render_request
from coffeechat.outreach.views import check_context
from coffeechat.thanks.drafts import SLOTS as THANKS_SLOTS
from coffeechat.thanks.drafts import Point, compose, note_points_for_coach, referral_names


@dataclass
class Generated:
    kind: str  # "request:referral", "follow-up", "thank-you", "update:advice", "check-in", …
    channel: str
    text: str
    findings: list[Finding]
    # The slots the composer asks for because they are not filled (their sentences left out).
    asks: tuple[str, ...] = ()


def every_text(conversation, slots: dict, *, points: list[str], task: str) -> Iterator[Generated]:
    """Every built-in request on every channel, the 3B7 follow-up, the thank-you in each form,
    the close-the-loop update for each origin, the keep-in-touch check-in on each channel, and
    the invitation's description. `slots` holds the user's answers to every composer's slots
    (requests, thank-you, check-in, update), by slot name; `points` are the meeting's notes."""
    contact = conversation.contact
    user = conversation.user
    profile = profile_values(user)
    for key in BUILTIN_TEMPLATES:
        for channel in REQUEST_CHANNELS:
            subject, body, _template, _key = render_request(conversation, channel, key, slots)
            text = f"{subject}\n\n{body}" if subject else body
            findings = check("request", body, check_context(conversation, channel))
            yield Generated(f"request:{key}", channel, text, findings)
    follow_up = create_follow_up_draft(conversation)
    yield Generated(
        "follow-up",
        follow_up.channel,
        follow_up.body,
        check("request", follow_up.body, check_context(conversation, follow_up.channel)),
    )
    thanks = {name: slots.get(name, "") for name in THANKS_SLOTS}
    thanks_asks = tuple(name for name, value in thanks.items() if not value.strip())
    notes = note_points_for_coach([Point("", p, "notes") for p in points], thanks)
    for channel in THANK_YOU_CHANNELS:
        text = compose(
            first_name=contact.first_name,
            profile=profile,
            answers=thanks,
            referrals=referral_names(conversation),
            channel=channel,
        )
        findings = check("thankyou", text, CheckContext(note_points=notes))
        yield Generated("thank-you", channel, text, findings, thanks_asks)
    outcome = slots.get("outcome", "")
    for origin in Origin:
        item = ActionItem(user=user, text=task, owner=Owner.MINE, origin=origin, contact=contact)
        text = update_draft(item, profile["my_name"], outcome)
        yield Generated(
            f"update:{origin.value or 'unstated'}",
            Channel.EMAIL,
            text,
            check("thankyou", text, CheckContext()),
            () if outcome.strip() or origin == Origin.PROMISE else ("outcome",),
        )
    checkin = {name: slots.get(name, "") for name in CHECKIN_SLOTS}
    checkin_asks = tuple(name for name, value in checkin.items() if not value.strip())
    for channel, _label in CHECKIN_CHANNELS:
        text = compose_check_in(
            first_name=contact.first_name, profile=profile, answers=checkin, channel=channel
        )
        findings = check("thankyou", text, CheckContext())
        yield Generated("check-in", channel, text, findings, checkin_asks)
    for meeting_format, place in (
        ("video", "https://meet.example.org/a"),
        ("phone", ""),
        ("in_person", "Café Nero, 3 Park Row"),
    ):
        meeting = Meeting(
            user=user,
            conversation=conversation,
            starts_at=conversation.created,
            format=meeting_format,
            place=place,
        )
        yield Generated(f"invitation:{meeting_format}", "", _description(meeting), [])


_FAULTS = [
    ("a placeholder left in", re.compile(r"[{}]|<[a-z_ -]+>")),
    ("None", re.compile(r"\bNone\b")),
    ("a doubled space", re.compile(r"[^\S\n]{2,}")),
    ("doubled punctuation", re.compile(r"([,;:!?])\s*[,;:.!?]|\.\s*[,;:.]")),
    ("space before punctuation", re.compile(r"[^\S\n][,;:.!?]")),
    ("an empty slot", re.compile(r"\b(?:at|by|from|with|and|or|the|an?)[,.;:!?]|\(\)")),
    ("a sentence ending in a colon", re.compile(r":[^\S\n]*(?:\n|$)")),
    ("space at a line's end", re.compile(r"[^\S\n]\n")),
]


# A link is not prose: "example.org/a?b=1" has no empty slot in it.
_LINK = re.compile(r"(?:https?://|\b[\w-]+(?:\.[\w-]+)+/)\S*")


def text_faults(generated: Generated) -> list[str]:
    """What is wrong with a text whatever the coach says: blanks, doubled marks, over-long."""
    text = generated.text
    prose = _LINK.sub("link", text)
    faults = [name for name, pattern in _FAULTS if pattern.search(prose)]
    if generated.channel == Channel.LINKEDIN_NOTE and len(text.rstrip()) > NOTE_CHAR_LIMIT:
        faults.append("over 300 characters")
    if generated.channel in (Channel.EMAIL, Channel.LINKEDIN_MESSAGE):
        limit = 150 if generated.kind.startswith(("thank", "update", "check")) else 100
        if len(COUNT_WORD_RE.findall(text)) > limit + 10:  # + the subject line
            faults.append(f"over {limit} words")
    return faults
