"""The request templates we ship, written for this app as plain data (users add their own rows).

Placeholders: {first_name} {my_name} {organisation} {role} {referrer} {intention} {minutes}
{window} {introduction} {research_point}. A line whose placeholders are all empty is left out,
so a missing research note never leaves half a sentence behind.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class BuiltinTemplate:
    key: str
    name: str
    subject: str
    body: str  # e-mail and LinkedIn message
    note: str  # LinkedIn connection note: 300 characters at most once filled in


_SIGN_OFF = "Thank you,\n{my_name}"
_EXIT = "If now is a busy time, no need to reply; I completely understand."

BUILTIN_TEMPLATES: dict[str, BuiltinTemplate] = {
    t.key: t
    for t in [
        BuiltinTemplate(
            key="referral",
            name="Referral",
            subject="{referrer} suggested I get in touch",
            body=(
                "Hi {first_name},\n\n"
                "{referrer} suggested I contact you. {introduction}\n\n"
                "Your work caught my eye: {research_point}\n\n"
                "Would you have {minutes} minutes for a call or a coffee {window}? "
                "I'd love to hear how you see your field.\n\n"
                f"{_EXIT}\n\n{_SIGN_OFF}"
            ),
            note=(
                "Hi {first_name}, {referrer} suggested I reach out. Could I ask you a few "
                "questions about your work at {organisation} in a {minutes}-minute call {window}? "
                "No worries if not. {my_name}"
            ),
        ),
        BuiltinTemplate(
            key="alumni",
            name="Alumni",
            subject="A fellow graduate with a question about your work",
            body=(
                "Hi {first_name},\n\n"
                "We studied at the same school, which is why I'm writing. {introduction}\n\n"
                "Your work caught my eye: {research_point}\n\n"
                "Would you be open to a {minutes}-minute chat {window} about your path into "
                "{role}?\n\n"
                f"{_EXIT}\n\n{_SIGN_OFF}"
            ),
            note=(
                "Hi {first_name}, we share an alma mater. Would you be open to a {minutes}-minute "
                "chat {window} about your path into your work at {organisation}? No pressure if "
                "now is busy. {my_name}"
            ),
        ),
        BuiltinTemplate(
            key="known",
            name="Someone you know",
            subject="Could I pick your brain for {minutes} minutes?",
            body=(
                "Hi {first_name},\n\n"
                "I hope you're well! I'm exploring a new direction and you were the first person "
                "I thought of.\n\n"
                "What I'd most like to learn: {intention}\n\n"
                "Your work caught my eye: {research_point}\n\n"
                "Could we talk for {minutes} minutes {window}? I'd value your honest view of "
                "{organisation} and your work there.\n\n"
                "If it's a hectic month, just say so and I'll try again later.\n\n"
                "Thanks,\n{my_name}"
            ),
            note=(
                "Hi {first_name}, I'm exploring a new direction and would value your view. Could "
                "we talk for {minutes} minutes {window}? Only if you have time. {my_name}"
            ),
        ),
        BuiltinTemplate(
            key="event",
            name="Met at an event",
            subject="Following up from the event",
            body=(
                "Hi {first_name},\n\n"
                "We spoke briefly at the event, and I've kept thinking about what you said. "
                "{introduction}\n\n"
                "Your work caught my eye: {research_point}\n\n"
                "Would you have {minutes} minutes {window} to tell me more about your work at "
                "{organisation}?\n\n"
                f"{_EXIT}\n\n{_SIGN_OFF}"
            ),
            note=(
                "Hi {first_name}, we met at the event and I enjoyed our chat. Would you have "
                "{minutes} minutes {window} to tell me more about your work at {organisation}? "
                "No worries if not. {my_name}"
            ),
        ),
        BuiltinTemplate(
            key="cold",
            name="Cold",
            subject="A question about your work at {organisation}",
            body=(
                "Hi {first_name},\n\n"
                "Your work caught my eye: {research_point}\n\n"
                "{introduction}\n\n"
                "Would you be open to a {minutes}-minute call {window} so I can hear how you see "
                "your field? A short reply pointing me elsewhere would help too.\n\n"
                f"{_EXIT}\n\n{_SIGN_OFF}"
            ),
            note=(
                "Hi {first_name}, your work at {organisation} caught my eye. Would you be open to "
                "a {minutes}-minute call {window} about how you see your field? Entirely fine if "
                "not. {my_name}"
            ),
        ),
    ]
}

# Spoken scripts do not change much between kinds; the opening line carries the connection.
PHONE_SCRIPT = (
    "Hello {first_name}, this is {my_name}. {opening}\n"
    "{introduction}\n"
    "What I'd most like to learn: {intention}\n"
    "Would you have "
    "{minutes} minutes {window} for a short conversation?\n"
    "If now isn't good, when would be a better time to call back?"
)
VOICEMAIL_SCRIPT = (
    "Hello {first_name}, this is {my_name}. {opening}\n"
    "I'd love {minutes} minutes of your time {window} to learn about your work at "
    "{organisation}.\n"
    "You can reach me at {my_phone} or {my_email}. Again, {my_name}, {my_phone}.\n"
    "Could you call me back when it suits you? If I miss you, I'll try again later this week."
)
FOLLOW_UP_SUBJECT = "Re: {subject}"
FOLLOW_UP_BODY = (
    "Hi {first_name},\n\n"
    "I wrote to you last week at {referrer}'s suggestion.\n"
    "I know how full inboxes get, so I'm bringing my note back to the top. "
    "Would {minutes} minutes {window} suit you?\n\n"
    "If the timing is wrong, no reply is needed; thank you either way.\n\n"
    "{my_name}"
)

OPENINGS = {
    "referral": "{referrer} suggested I give you a call.",
    "alumni": "We went to the same school.",
    "known": "It's been a while, I hope you're well.",
    "event": "We met at the event recently.",
    "cold": "I came across your work at {organisation}.",
}
