"""The one placeholder engine: `{first_name}`-style slots in questions, requests and scripts.

An app declares its vocabulary once as a `Placeholders` of `Placeholder`s (name, what it means
to the user, how a value reads in a sentence, and the words used when the value is unknown), then
validates users' texts with `check` and fills texts with `fill_sentence` (one question: fallbacks
and tidy punctuation) or `fill_message` (a letter or a script: a line whose placeholders all come
out empty is left out). `{{` and `}}` stand for literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

_NAME_RE = re.compile(r"[a-z_]+")
# `{{` and `}}` first, so an escaped brace is never read as the start of a placeholder.
_TOKEN_RE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class PlaceholderError(ValueError):
    """A text names a placeholder the vocabulary does not have, or its braces do not match."""


def _as_is(value: str) -> str:
    return value


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str
    # How a known value reads in a sentence: `{role}` becomes "the Data Analyst role".
    shape: Callable[[str], str] = _as_is
    # The words used when the value is unknown, so a filled text never shows a literal `{…}`.
    fallback: str = ""


def _tokens(text: str) -> Iterator[tuple[str, str | None]]:
    """(literal text, placeholder name or None) pieces; raises PlaceholderError when malformed."""
    position = 0
    for match in _TOKEN_RE.finditer(text):
        literal = text[position : match.start()]
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            yield literal + token[0], None
        elif token in ("{", "}"):
            raise PlaceholderError(
                f"Unmatched {token!r} in {text[:60]!r}: write {{{{ or }}}} for a literal brace."
            )
        else:
            name = match.group(1)
            if not _NAME_RE.fullmatch(name):
                raise PlaceholderError(
                    f"Unknown placeholder {token}: use a plain name like {{first_name}}."
                )
            yield literal, name
    yield text[position:], None


class Placeholders:
    """One app's vocabulary of placeholders, in the order the user is shown them."""

    def __init__(self, *placeholders: Placeholder) -> None:
        self._by_name = {p.name: p for p in placeholders}

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def extended(self, *more: Placeholder) -> Placeholders:
        """This vocabulary and a few more names, for texts the app writes but users do not."""
        return Placeholders(*self._by_name.values(), *more)

    def meanings(self) -> dict[str, str]:
        """Name → what it means, for help texts."""
        return {name: p.meaning for name, p in self._by_name.items()}

    def listed(self) -> str:
        return ", ".join(f"{{{name}}}" for name in self._by_name)

    def names_in(self, text: str) -> list[str]:
        """The placeholder names a text uses, in order, without repeats; raises
        PlaceholderError when a brace is unmatched or a name is not a plain name."""
        return list(dict.fromkeys(name for _literal, name in _tokens(text) if name))

    def check(self, text: str) -> None:
        """Raise PlaceholderError naming every unknown placeholder and listing the known ones."""
        unknown = [name for name in self.names_in(text) if name not in self]
        if unknown:
            named = ", ".join(f"{{{name}}}" for name in unknown)
            raise PlaceholderError(f"Unknown placeholder {named}. Available: {self.listed()}.")

    def _filled(self, text: str, values: Mapping[str, Any]) -> tuple[str, bool]:
        """The text with every placeholder filled, and whether all of them came out empty."""
        self.check(text)
        parts: list[str] = []
        any_placeholder = False
        all_empty = True
        for literal, name in _tokens(text):
            parts.append(literal)
            if name is None:
                continue
            placeholder = self._by_name[name]
            value = str(values.get(name) or "").strip()
            piece = placeholder.shape(value) if value else placeholder.fallback
            any_placeholder = True
            all_empty = all_empty and not piece.strip()
            parts.append(piece)
        return "".join(parts), any_placeholder and all_empty

    def fill_sentence(self, text: str, values: Mapping[str, Any]) -> str:
        """Fill one sentence; an unknown or blank value takes its fallback words, and the
        punctuation an empty fallback leaves behind ("Before we wrap up, , whose…") is tidied."""
        filled, _empty = self._filled(text, values)
        filled = re.sub(r"\s+([,?.!])", r"\1", filled)
        filled = re.sub(r",\s*,", ",", filled)
        filled = re.sub(r"^\s*,\s*", "", filled)
        filled = re.sub(r"\s{2,}", " ", filled).strip()
        return filled[:1].upper() + filled[1:]

    def fill_message(self, text: str, values: Mapping[str, Any]) -> str:
        """Fill a message of several lines; a line whose placeholders all come out empty is left
        out, so a missing value never leaves a dangling sentence behind."""
        self.check(text)
        lines = []
        for line in text.split("\n"):
            filled, empty = self._filled(line, values)
            if not empty:
                lines.append(filled)
        rendered = "\n".join(lines)
        # Dropped lines can leave three or more line breaks in a row; paragraphs stay one blank.
        return re.sub(r"\n{3,}", "\n\n", rendered).strip() + ("\n" if rendered.strip() else "")


# --- drafts built from named slots ------------------------------------------------------------
#
# The app's own drafts (requests, scripts, follow-ups) are written as paragraphs of sentences,
# each sentence a list of alternatives in order of preference. The first alternative whose slots
# are all filled is used; an empty alternative ("") means the sentence may be left out. Nothing is
# ever printed with a slot left blank, and free notes are never spliced in: a slot's value is
# what the user wrote for that slot, or a plain fact (a name, the organisation, a number).


@dataclass(frozen=True)
class Slot:
    """A slot the user fills in a composer, in their own words."""

    name: str
    prompt: str  # the question the composer asks
    finishes: str  # the sentence the answer completes, so the user writes a phrase that fits
    example: str
    # The answer starts with a verb ("Next, I will …"): a capital on it is only the user's habit.
    verb: bool = False

    def reads(self, value: str) -> str:
        """The user's answer as it reads inside this slot's sentence."""
        return phrase(value, verb=self.verb)


# A phrase that continues a sentence ("I was struck by …") starts in lower case unless it starts
# with a name; these are the common first words that are not names.
_COMMON_FIRST = frozenset(
    {"a", "an", "the", "your", "their", "his", "her", "its", "my", "our"}
    | {"how", "what", "why", "when", "where", "who", "which", "that", "this", "those", "these"}
)
SLOT_MAX_LENGTH = 300


def phrase(value: str, *, verb: bool = False) -> str:
    """A user's answer to a slot as it reads inside a sentence: no closing stop, and a common
    first word in lower case ("Your talk on X." -> "your talk on X"); with `verb`, any first word
    written as a capitalised word ("Join the meetup" -> "join the meetup"), never "I"."""
    value = re.sub(r"\s+", " ", value).strip().rstrip(".!;:, ")
    first = value.split(" ", 1)[0]
    capitalised = first[:1].isupper() and first[1:] == first[1:].lower()
    if verb and capitalised and not re.match(r"I\b", first) or first.lower() in _COMMON_FIRST:
        value = first.lower() + value[len(first) :]
    return value


def sentence(value: str) -> str:
    """Free text that stands as sentences of its own (the introduction) ends with a stop."""
    value = re.sub(r"\s+", " ", value).strip().rstrip(":;, ")
    if value and value[-1] not in ".!?":
        value += "."
    return value


def answers_from(data: Mapping[str, Any], slots: Mapping[str, Slot]) -> dict[str, str]:
    """The user's answers to these slots as typed in a composer (`slot-<name>` fields), each cut
    to the length the form allows; an unanswered slot is an empty string."""
    return {
        name: str(data.get(f"slot-{name}", "") or "").strip()[:SLOT_MAX_LENGTH] for name in slots
    }


@dataclass(frozen=True)
class Sentence:
    alternatives: tuple[str, ...]
    # Slots the sentence needs without printing them ("Could you call me back?" needs a phone).
    needs: tuple[str, ...] = ()
    # When the draft is over its channel's limit, sentences of the lowest rank give way first
    # (to their next alternative, or out when "" is one).
    rank: int = 5


def S(*alternatives: str, needs: tuple[str, ...] = (), rank: int = 5) -> Sentence:
    return Sentence(tuple(alternatives), needs, rank)


@dataclass(frozen=True)
class Paragraph:
    sentences: tuple[Sentence, ...]
    sep: str = " "  # " " for prose; "\n" for a sign-off or a script's lines


def P(*sentences: Sentence, sep: str = " ") -> Paragraph:
    return Paragraph(tuple(sentences), sep)


def slot_names(paragraphs: tuple[Paragraph, ...]) -> list[str]:
    """Every slot the paragraphs name, in order, without repeats."""
    names: list[str] = []
    for paragraph in paragraphs:
        for sentence in paragraph.sentences:
            for text in sentence.alternatives:
                names += [name for _literal, name in _tokens(text) if name]
            names += sentence.needs
    return list(dict.fromkeys(names))


def _clean(value: Any) -> str:
    return re.sub(r"[ \t]+", " ", str(value or "")).strip()


def _fill_alternative(text: str, values: Mapping[str, str]) -> str | None:
    """The alternative with its slots filled, or None when one of them is empty."""
    parts: list[str] = []
    for literal, name in _tokens(text):
        parts.append(literal)
        if name is None:
            continue
        value = values.get(name, "")
        if not value:
            return None
        parts.append(value)
    return "".join(parts)


def tidy(text: str) -> str:
    """Tidy what joining filled slots can leave: doubled spaces, a stop after a value's own stop,
    a space before punctuation."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"[ \t]+([,.;:!?])", r"\1", text)
    text = re.sub(r"([.!?])\.", r"\1", text)
    text = re.sub(r",([.!?,])", r"\1", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def compose_slots(
    paragraphs: tuple[Paragraph, ...],
    values: Mapping[str, Any],
    *,
    fits: Callable[[str], bool] = lambda text: True,
) -> str:
    """The draft from these paragraphs: each sentence takes its first alternative whose slots are
    all filled, or is left out. While the text does not `fit` (a channel's limit), the sentence
    of lowest rank that can give way moves to its next alternative."""
    cleaned = {name: _clean(value) for name, value in values.items()}
    sentences = [s for p in paragraphs for s in p.sentences]
    choices: dict[int, list[str]] = {}
    for index, sentence in enumerate(sentences):
        if any(not cleaned.get(name) for name in sentence.needs):
            choices[index] = []
            continue
        filled = []
        for alternative in sentence.alternatives:
            text = _fill_alternative(alternative, cleaned) if alternative else ""
            if text is not None:
                filled.append(text)
        choices[index] = filled
    chosen = {index: 0 for index in choices}

    def render() -> str:
        out, index = [], 0
        for paragraph in paragraphs:
            picked = []
            for _sentence in paragraph.sentences:
                options = choices[index]
                if chosen[index] < len(options) and options[chosen[index]]:
                    picked.append(options[chosen[index]])
                index += 1
            if picked:
                out.append(paragraph.sep.join(picked))
        return tidy("\n\n".join(out)).strip() + "\n"

    text = render()
    while not fits(text):
        movable = [i for i in choices if chosen[i] + 1 < len(choices[i])]
        if not movable:
            break
        lowest = min(movable, key=lambda i: (sentences[i].rank, -i))
        chosen[lowest] += 1
        text = render()
    return text
