"""What to have ready before a meeting, by format. Ticks are stored as keys on the meeting."""

from coffeechat.meetings.models import MeetingFormat

_BY_FORMAT: dict[str, list[tuple[str, str]]] = {
    MeetingFormat.PHONE: [
        ("phone_quiet", "Find a quiet room where you won't be interrupted"),
        ("phone_signal", "Check you have a strong signal (or use a landline)"),
    ],
    MeetingFormat.VIDEO: [
        ("video_connection", "Test your internet connection"),
        ("video_software", "Open the call software once beforehand: sound, camera, updates"),
        ("video_light", "Sit facing a window or a lamp so your face is lit"),
        ("video_early", "Join the call 3–5 minutes before the start"),
        ("video_mute", "Mute yourself while the other person is speaking"),
    ],
    MeetingFormat.IN_PERSON: [
        ("person_dress", "Dress the way people at their workplace dress"),
        ("person_early", "Plan the journey to arrive about 5 minutes early"),
        ("person_pay", "At a café, be ready to pay for their drink"),
    ],
}

_ALWAYS: list[tuple[str, str]] = [
    ("always_notifications", "Silence notifications on your phone and computer"),
    ("always_notepad", "Have a notepad and pen (or this page) ready"),
    ("always_plan", "Read through your question plan once more"),
]


def items_for(format: str) -> list[tuple[str, str]]:
    """(key, label) pairs for a meeting format, format-specific ones first."""
    return list(_BY_FORMAT.get(format, [])) + list(_ALWAYS)


def keys_for(format: str) -> set[str]:
    return {key for key, _ in items_for(format)}
