"""The one list of channels a message goes out on: requests, follow-ups and thank-yous.

It lives in core because the coach (below outreach) checks drafts per channel, outreach stores
them, and thank-yous pick from a few of the same channels.
"""

from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    LINKEDIN_NOTE = "linkedin-note", "LinkedIn connection note"
    LINKEDIN_MESSAGE = "linkedin-message", "LinkedIn message"
    PHONE = "phone", "Phone script"
    VOICEMAIL = "voicemail", "Voicemail script"
    CARD = "card", "Short card"


REQUEST_CHANNELS: tuple[Channel, ...] = (
    Channel.EMAIL,
    Channel.LINKEDIN_NOTE,
    Channel.LINKEDIN_MESSAGE,
    Channel.PHONE,
    Channel.VOICEMAIL,
)
# Written requests, the ones `coffeechat check request --channel` reads from a file.
WRITTEN_REQUEST_CHANNELS: tuple[Channel, ...] = (
    Channel.EMAIL,
    Channel.LINKEDIN_NOTE,
    Channel.LINKEDIN_MESSAGE,
)
# A connection note is limited in characters instead; spoken scripts are not read as text.
WORD_LIMITED_CHANNELS: frozenset[Channel] = frozenset({Channel.EMAIL, Channel.LINKEDIN_MESSAGE})
THANK_YOU_CHANNELS: tuple[Channel, ...] = (Channel.EMAIL, Channel.LINKEDIN_MESSAGE, Channel.CARD)


def choices(channels: tuple[Channel, ...]) -> list[tuple[str, str]]:
    """(value, label) pairs for a form or a model field limited to these channels."""
    return [(channel.value, channel.label) for channel in channels]
