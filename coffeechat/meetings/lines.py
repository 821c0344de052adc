"""The meeting's notes as lines to mark, and what can be read from one line without asking:
its key, a link in it, and the person it names."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")
_SPACES = re.compile(r"\s+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"’”"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINKEDIN = re.compile(r"(?:https?://)?(?:[\w-]+\.)?linkedin\.com/[^\s,;]+", re.IGNORECASE)
_PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
# How a note usually introduces a person: "talk to Sam", "ask Lucía at Acme", "intro to …".
_LEAD_IN = re.compile(
    r"^(?:(?:you\s+)?(?:should|could|might|must)\s+)?"
    r"(?:(?:talk|speak|chat)(?:\s+to|\s+with)?|ask|contact|reach\s+out\s+to|get\s+in\s+touch\s+with"
    r"|meet|e-?mail|call|write\s+to|intro(?:duction)?\s+to|introduce\s+me\s+to|try"
    r"|person|name|referral|who\s+else)\b[\s:–—-]*",
    re.IGNORECASE,
)
_PARTICLES = {"de", "da", "del", "della", "di", "van", "von", "der", "den", "le", "la", "bin", "al"}
_NOT_NAMES = {
    "i",
    "we",
    "she",
    "he",
    "they",
    "you",
    "it",
    "me",
    "us",
    "her",
    "him",
    "them",
    "my",
    "our",
    "their",
    "his",
    "your",
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "also",
    "maybe",
    "perhaps",
    "and",
    "or",
    "but",
    "so",
    "if",
    "when",
    "who",
    "what",
    "where",
    "why",
    "how",
}
_ORGANISATION_AFTER = {"at", "from", "with", "of", "@"}
_PUNCTUATION = ",;:.()[]!?–—"

MAX_LINE = 2000


def normalise(text: str) -> str:
    return _SPACES.sub(" ", _BULLET.sub("", text)).strip()


def line_key(text: str) -> str:
    """The same words give the same key, whatever the spacing, bullet or case."""
    return hashlib.sha256(normalise(text).casefold().encode("utf-8")).hexdigest()[:16]


def short(text: str, length: int = 50) -> str:
    text = normalise(text)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def first_link(text: str) -> str:
    match = _URL.search(text)
    if not match:
        return ""
    url = match.group(0).rstrip(_TRAILING)
    return url if url.lower().startswith("http") else "https://" + url


@dataclass(frozen=True)
class Line:
    key: str
    text: str
    question: str = ""  # the planned question this note answers, if any
    topic: str = ""


def lines_of(notes: str, questions=()) -> list[Line]:
    """One item per non-empty line of the free notes, then one per question note; a line that
    repeats an earlier one (same words) is shown once."""
    lines: list[Line] = []
    seen: set[str] = set()

    def add(raw: str, question: str = "", topic: str = "") -> None:
        text = normalise(raw)[:MAX_LINE]
        key = line_key(text)
        if len(text) < 2 or key in seen:
            return
        seen.add(key)
        lines.append(Line(key, text, question, topic))

    for raw in notes.splitlines():
        add(raw)
    for question in questions:
        for raw in question.note.splitlines():
            add(raw, question.text, question.topic)
    return lines


@dataclass(frozen=True)
class Person:
    name: str
    organisation: str = ""
    reach: str = ""


def guess_person(text: str) -> Person:
    """Who a line names, where they work and how to reach them, as far as the words say.

    "Talk to Sam Okoro at Acme, sam@acme.example" → Sam Okoro, Acme, sam@acme.example. An empty
    name means the line names nobody we can tell; the page then asks for the name.
    """
    text = normalise(text)
    reach = ""
    for pattern in (_EMAIL, _LINKEDIN, _PHONE):
        match = pattern.search(text)
        if match:
            reach = match.group(0).rstrip(_TRAILING)
            text = (text[: match.start()] + text[match.end() :]).strip()
            break
    text = _URL.sub("", text).strip(" ,;:–—-")
    words = _LEAD_IN.sub("", text, count=1).split()
    # The first run of capitalised words that does not start with "She", "The" and the like.
    name: list[str] = []
    for start, word in enumerate(words):
        if word.strip(_PUNCTUATION + "'\"’”").lower() not in _NOT_NAMES:
            name = _capitalised_run(words[start:], limit=4, particles=True)
            if name:
                words = words[start:]
                break
    if not name:
        return Person("", "", reach)
    organisation = ""
    after = words[len(name) :]
    if after and after[0].startswith("("):
        organisation = " ".join(_capitalised_run(after, limit=5))
    else:
        for index, word in enumerate(after):
            if word.lower() in _ORGANISATION_AFTER:
                organisation = " ".join(_capitalised_run(after[index + 1 :], limit=5))
                break
    return Person(" ".join(name)[:300], organisation[:200], reach[:500])


def _capitalised_run(words: list[str], *, limit: int, particles: bool = False) -> list[str]:
    """The leading words that start with a capital letter (or digit, for organisations), up to
    the first punctuation; "van", "de" and friends may sit inside a name."""
    run: list[str] = []
    for word in words:
        if run and word.startswith("("):
            break
        clean = word.strip(_PUNCTUATION + "'\"’”")
        if not clean:
            break
        capital = clean[0].isupper() or (not particles and clean[0].isdigit())
        inside = particles and run and clean.lower() in _PARTICLES
        if not (capital or inside):
            break
        run.append(clean)
        names = [w for w in run if w.lower() not in _PARTICLES]
        if len(names) >= limit or word[-1] in _PUNCTUATION:
            break
    while run and run[-1].lower() in _PARTICLES:
        run.pop()
    return run
