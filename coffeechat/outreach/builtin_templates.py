"""The request templates we ship, written as named slots (users add their own rows).

Each text is paragraphs of sentences (`core.placeholders.S` and `P`); a sentence lists its
wordings in order of preference and the first whose slots are all filled is used, so a slot the
user has not filled leaves its sentence out. Research notes are never spliced in: the composer
shows them beside the draft as material, and asks for the slots below in the user's own words.

Slots: from the contact {first_name} {organisation} {referrer}; from the profile {my_name}
{signature} {introduction} {my_phone} {my_email}; from the conversation {minutes} {window}; and
the ones the user fills in the composer (`USER_SLOTS`).
"""

from dataclasses import dataclass

from coffeechat.core.channels import Channel
from coffeechat.core.placeholders import P, Paragraph, S, Slot

# The slots a user fills in the composer, in the order they are asked.
USER_SLOTS: dict[str, Slot] = {
    s.name: s
    for s in [
        Slot(
            "caught_eye",
            "What about their work caught your eye?",
            "I was struck by …",
            "your talk on heat pumps at Leeds Climate Week",
        ),
        Slot(
            "learn",
            "What would you most like to learn from them?",
            "I'd love to hear …",
            "how you moved from research into consulting",
        ),
        Slot("school", "Where did you both study?", "We both studied at …", "Leeds"),
        Slot("event", "Where did you meet?", "We met at …", "the Leeds Climate Week"),
    ]
}
# Profile fields a channel cannot do without; the composer links to the profile when one is empty.
PROFILE_NEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    Channel.VOICEMAIL: (("my_phone", "your phone number"), ("my_email", "your e-mail address")),
}


@dataclass(frozen=True)
class BuiltinTemplate:
    key: str
    name: str
    subject: tuple[Paragraph, ...]
    body: tuple[Paragraph, ...]  # e-mail and LinkedIn message
    note: tuple[Paragraph, ...]  # LinkedIn connection note: 300 characters at most
    opening: tuple[str, ...]  # the spoken scripts' line that names the connection


_GREETING = P(S("Hi {first_name},"))
_EXIT = P(S("If now is a busy time, no need to reply; I completely understand.", "", rank=0))
_INTRODUCTION = S("{introduction}", "", rank=1)
_CAUGHT_EYE = P(S("I was struck by {caught_eye}.", "", rank=3))
_LEARN = S("I'd love to hear {learn}.", "", rank=2)
_SIGN_OFF = P(S("Thank you,"), S("{signature}", "{my_name}"), sep="\n")
_NOTE_END = (S("No worries if not.", "", rank=0), S("{my_name}"))

BUILTIN_TEMPLATES: dict[str, BuiltinTemplate] = {
    t.key: t
    for t in [
        BuiltinTemplate(
            key="referral",
            name="Referral",
            subject=(P(S("{referrer} suggested I get in touch", "A question about your work")),),
            body=(
                _GREETING,
                P(
                    S(
                        "{referrer} suggested I contact you.",
                        "I hope you don't mind me writing out of the blue.",
                    ),
                    _INTRODUCTION,
                ),
                _CAUGHT_EYE,
                P(
                    S("Would you have {minutes} minutes for a call or a coffee {window}?"),
                    S(
                        "I'd love to hear {learn}.",
                        "I'd love to hear how you see your field.",
                        "",
                        rank=2,
                    ),
                ),
                _EXIT,
                _SIGN_OFF,
            ),
            note=(
                P(
                    S("Hi {first_name},"),
                    S("{referrer} suggested I reach out.", "I hope you don't mind a note."),
                    S("I was struck by {caught_eye}.", "", rank=3),
                    S(
                        "Could I ask you a few questions about your work at {organisation} in a "
                        "{minutes}-minute call {window}?",
                        "Could I ask you a few questions about your work in a {minutes}-minute "
                        "call {window}?",
                    ),
                    *_NOTE_END,
                ),
            ),
            opening=("{referrer} suggested I give you a call.", "I hope you don't mind my call."),
        ),
        BuiltinTemplate(
            key="alumni",
            name="Alumni",
            subject=(P(S("A fellow graduate with a question about your work")),),
            body=(
                _GREETING,
                P(
                    S(
                        "We both studied at {school}, which is why I'm writing.",
                        "We studied at the same school, which is why I'm writing.",
                    ),
                    _INTRODUCTION,
                ),
                _CAUGHT_EYE,
                P(
                    S(
                        "Would you be open to a {minutes}-minute chat {window} about how you "
                        "came to your work at {organisation}?",
                        "Would you be open to a {minutes}-minute chat {window} about how you "
                        "came to your work?",
                    ),
                    _LEARN,
                ),
                _EXIT,
                _SIGN_OFF,
            ),
            note=(
                P(
                    S("Hi {first_name},"),
                    S("we both studied at {school}.", "we share an alma mater."),
                    S("I was struck by {caught_eye}.", "", rank=3),
                    S(
                        "Would you be open to a {minutes}-minute chat {window} about your work "
                        "at {organisation}?",
                        "Would you be open to a {minutes}-minute chat {window} about your work?",
                    ),
                    S("No pressure if now is busy.", "", rank=0),
                    S("{my_name}"),
                ),
            ),
            opening=("We both studied at {school}.", "We went to the same school."),
        ),
        BuiltinTemplate(
            key="known",
            name="Someone you know",
            subject=(P(S("Could I pick your brain for {minutes} minutes?")),),
            body=(
                _GREETING,
                P(
                    S("I hope you're well!"),
                    S("I'm exploring a new direction, and you were the first person I thought of."),
                ),
                P(_LEARN),
                P(
                    S("Could we talk for {minutes} minutes {window}?"),
                    S(
                        "I'd value your honest view of {organisation} and your work there.",
                        "I'd value your honest view of your work.",
                        "",
                        rank=2,
                    ),
                ),
                P(S("If it's a hectic month, just say so and I'll try again later.", "", rank=0)),
                P(S("Thanks,"), S("{signature}", "{my_name}"), sep="\n"),
            ),
            note=(
                P(
                    S("Hi {first_name},"),
                    S("I'm exploring a new direction and would value your view."),
                    S("Could we talk for {minutes} minutes {window}?"),
                    S("Only if you have time.", "", rank=0),
                    S("{my_name}"),
                ),
            ),
            opening=("It's been a while; I hope you're well.",),
        ),
        BuiltinTemplate(
            key="event",
            name="Met at an event",
            subject=(P(S("Following up from {event}", "Following up from the event")),),
            body=(
                _GREETING,
                P(
                    S(
                        "We met at {event}, and I've kept thinking about what you said.",
                        "We spoke briefly at an event recently, and I've kept thinking about "
                        "what you said.",
                    ),
                    _INTRODUCTION,
                ),
                _CAUGHT_EYE,
                P(
                    S(
                        "Would you have {minutes} minutes {window} to tell me more about your "
                        "work at {organisation}?",
                        "Would you have {minutes} minutes {window} to tell me more about your "
                        "work?",
                    ),
                    _LEARN,
                ),
                _EXIT,
                _SIGN_OFF,
            ),
            note=(
                P(
                    S("Hi {first_name},"),
                    S(
                        "we met at {event} and I enjoyed our chat.",
                        "we met at an event and I enjoyed our chat.",
                    ),
                    S(
                        "Would you have {minutes} minutes {window} to tell me more about your "
                        "work at {organisation}?",
                        "Would you have {minutes} minutes {window} to tell me more about your "
                        "work?",
                    ),
                    *_NOTE_END,
                ),
            ),
            opening=("We met at {event} recently.", "We met at an event recently."),
        ),
        BuiltinTemplate(
            key="cold",
            name="Cold",
            subject=(
                P(S("A question about your work at {organisation}", "A question about your work")),
            ),
            body=(
                _GREETING,
                P(
                    S(
                        "I was struck by {caught_eye}, and I'd like to learn more.",
                        "I came across your work at {organisation} and would like to learn more.",
                        "I came across your work and would like to learn more.",
                    ),
                ),
                P(_INTRODUCTION),
                P(
                    S(
                        "Would you be open to a {minutes}-minute call {window} so I can hear how "
                        "you see your field?"
                    ),
                    S("A short reply pointing me elsewhere would help too.", "", rank=0),
                ),
                _EXIT,
                _SIGN_OFF,
            ),
            note=(
                P(
                    S("Hi {first_name},"),
                    S(
                        "I was struck by {caught_eye}.",
                        "your work at {organisation} caught my eye.",
                        "your work caught my eye.",
                        rank=3,
                    ),
                    S(
                        "Would you be open to a {minutes}-minute call {window} about how you see "
                        "your field?"
                    ),
                    S("Entirely fine if not.", "", rank=0),
                    S("{my_name}"),
                ),
            ),
            opening=(
                "I was struck by {caught_eye}.",
                "I came across your work at {organisation}.",
                "I came across your work.",
            ),
        ),
    ]
}


def phone_script(opening: tuple[str, ...]) -> tuple[Paragraph, ...]:
    """A call: who you are, the connection, the ask, and a better time if now is not good."""
    return (
        P(
            S("Hello {first_name}, this is {my_name}."),
            S(*opening),
            _INTRODUCTION,
            _LEARN,
            S("Would you have {minutes} minutes {window} for a short conversation?"),
            S("If now isn't good, when would be a better time to call back?"),
            sep="\n",
        ),
    )


def voicemail_script(opening: tuple[str, ...]) -> tuple[Paragraph, ...]:
    """A message: name, phone and e-mail, the name and phone again, and when you will try again."""
    return (
        P(
            S("Hello {first_name}, this is {my_name}."),
            S(*opening),
            S(
                "I'd love {minutes} minutes of your time {window} to learn about your work at "
                "{organisation}.",
                "I'd love {minutes} minutes of your time {window} to learn about your work.",
            ),
            S(
                "You can reach me on {my_phone} or by e-mail at {my_email}.",
                "You can reach me on {my_phone}.",
                "You can reach me by e-mail at {my_email}.",
            ),
            S("Again, this is {my_name}, on {my_phone}.", ""),
            S("Could you call me back when it suits you?", "", needs=("my_phone",)),
            S("If I miss you, I'll try again later this week."),
            sep="\n",
        ),
    )


FOLLOW_UP_BODY = (
    _GREETING,
    P(
        S(
            "I wrote to you last week at {referrer}'s suggestion.",
            "I wrote to you last week to ask for a short conversation.",
        ),
        S("I know how full inboxes get, so I'm bringing my note back to the top."),
        S("Would {minutes} minutes {window} suit you?"),
    ),
    P(S("If the timing is wrong, no reply is needed; thank you either way.")),
    P(S("{signature}", "{my_name}"), sep="\n"),
)
