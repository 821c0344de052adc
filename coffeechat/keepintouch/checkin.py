"""The keep-in-touch check-in: a short note to someone you have met, built from named slots.

The seeds ask for three things when staying in touch: say what you did with their advice (002),
share news or a resource they would like (003, 002, 004), and offer help in return (001). Each is
a slot the user answers in the composer; an empty slot leaves its sentence out, so a check-in
with nothing filled is a short hello with an offer of help.
"""

from __future__ import annotations

from coffeechat.coach.rules.request import COUNT_WORD_RE
from coffeechat.core.channels import Channel, choices
from coffeechat.core.placeholders import P, Paragraph, S, Slot, compose_slots
from coffeechat.keepintouch.models import SharedItem

CHANNELS = choices((Channel.EMAIL, Channel.LINKEDIN_MESSAGE))
SUBJECT = "Keeping in touch"
PROFILE_NEEDS = ("my_name",)
WORD_LIMIT = 150  # the coach's limit for a note of thanks or news

SLOTS: dict[str, Slot] = {
    s.name: s
    for s in [
        Slot(
            "did_advice",
            "What did you do with their advice?",
            "Since we talked, I took your advice and …",
            "joined the research ops meetup you mentioned",
            verb=True,
        ),
        Slot(
            "read",
            "Something you read that they'd like",
            "I came across … and thought of you.",
            "an article on district heating in Leeds",
        ),
        Slot(
            "link",
            "Its link, if it has one",
            "…and thought of you. [link]",
            "https://example.org/a",
        ),
        Slot(
            "ask_after",
            "Something of theirs to ask after",
            "I hope … is going well.",
            "the heat network project you were starting",
        ),
        Slot(
            "news",
            "Your own news, in a line",
            "On my side, …",
            "I've started a part-time course in data analysis",
        ),
    ]
}

_BODY = (
    P(S("Hi {first_name},")),
    P(
        S("It's been a while since we talked, and you came to mind."),
        S("I hope {ask_after} is going well.", "I hope all is well with you.", rank=2),
    ),
    P(
        S("Since we talked, I took your advice and {did_advice}.", "", rank=4),
        S("On my side, {news}.", "", rank=1),
    ),
    P(
        S("I came across {read} and thought of you.", "", rank=3),
        S("{link}", "", needs=("read",), rank=3),
        sep="\n",
    ),
    P(S("If there's anything I can do for you in return, just say.", "", rank=0)),
)

FORMS: dict[str, tuple[Paragraph, ...]] = {
    # No name, no sign-off: the composer asks for the name instead of signing with nothing.
    Channel.EMAIL: (*_BODY, P(S("Best wishes,\n{signature}", "Best wishes,\n{my_name}", ""))),
    Channel.LINKEDIN_MESSAGE: (*_BODY, P(S("{my_name}", ""))),
}


def _within_limit(text: str) -> bool:
    return len(COUNT_WORD_RE.findall(text)) <= WORD_LIMIT


def compose(
    *, first_name: str, profile: dict[str, str], answers: dict[str, str], channel: str
) -> str:
    """The check-in on this channel from the user's answers to `SLOTS` and their profile."""
    values = {
        **profile,
        "first_name": first_name,
        **{name: slot.reads(answers.get(name, "")) for name, slot in SLOTS.items()},
    }
    # A link is printed as given, a closing stop and all.
    values["link"] = " ".join(str(answers.get("link", "")).split())
    return compose_slots(FORMS.get(channel, FORMS[Channel.EMAIL]), values, fits=_within_limit)


def saved_for(contact) -> SharedItem | None:
    """The newest thing saved for this contact and not sent yet: the "something you read"
    the composer starts from (its title and link, never its private note)."""
    return (
        SharedItem.objects.filter(user=contact.user, contact=contact, shared_on__isnull=True)
        .order_by("-created", "-id")
        .first()
    )
