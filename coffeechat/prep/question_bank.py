"""The built-in question bank: open questions for information interviews, written for Coffeechat.

The questions are data, in `data/question_bank.jsonl`; this module reads and checks that file
once and looks questions up. Every question has a stable slug (plans keep a reference to it), a
topic, a TIARA letter and, for the questions that end a conversation, `closing: true`. Texts may
hold placeholders that `PLACEHOLDERS.fill_sentence` completes from the contact; when a value is
unknown a generic phrase takes its place, so a filled question never shows a literal `{...}`.

The planner reads the bank through `bank`, `by_slug`, `by_topic`, `by_tiara` and
`closing_questions`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from coffeechat.core.placeholders import Placeholder, PlaceholderError, Placeholders

TOPICS: list[tuple[str, str]] = [
    ("career_path", "Career path and background"),
    ("day_to_day", "Day-to-day work"),
    ("skills", "Skills and training"),
    ("trends", "Industry trends and outlook"),
    ("organisation", "The organisation and its culture"),
    ("challenges", "Challenges"),
    ("advice", "Advice"),
    ("resources", "Resources and people"),
    ("next_steps", "Next steps"),
]
TOPIC_LABELS: dict[str, str] = dict(TOPICS)

# TIARA (Steve Dalton): Trends, Insights, Advice, Resources, Assignments.
TIARA: list[str] = ["trends", "insights", "advice", "resources", "assignments"]
TIARA_LABELS: dict[str, str] = {key: key.capitalize() for key in TIARA}


def _role(value: str) -> str:
    # "the Data Analyst role", but "the Product Owner position" rather than "position role".
    if re.search(r"\b(?:role|position|job)$", value, re.IGNORECASE):
        return f"the {value}"
    return f"the {value} role"


# `{role}` reads as "the Data Analyst role" or "your role", so sentences work either way.
PLACEHOLDERS = Placeholders(
    Placeholder("role", "the contact's role", _role, "your role"),
    Placeholder("organisation", "the contact's organisation", fallback="your organisation"),
    Placeholder("industry", "the organisation's industry", fallback="your industry"),
    Placeholder("field", "the field you are exploring", fallback="your field"),
    Placeholder("first_name", "the contact's first name"),
)


@dataclass(frozen=True)
class BankQuestion:
    slug: str
    text: str
    topic: str
    tiara: str
    closing: bool = False

    @property
    def topic_label(self) -> str:
        return TOPIC_LABELS[self.topic]

    @property
    def placeholders(self) -> list[str]:
        return PLACEHOLDERS.names_in(self.text)

    def filled(self, values: dict[str, Any] | None = None) -> str:
        return PLACEHOLDERS.fill_sentence(self.text, values or {})


def values_for_contact(contact: Any, *, field: str = "", industry: str = "") -> dict[str, str]:
    """Placeholder values from a contact (duck-typed, so the bank needs no database)."""
    organisation = getattr(contact, "organisation", None)
    return {
        "first_name": getattr(contact, "first_name", "") or "",
        "role": getattr(contact, "role", "") or "",
        "organisation": getattr(organisation, "name", "") if organisation else "",
        "field": field,
        "industry": industry,
    }


class QuestionBankError(ValueError):
    """The question bank's data file holds something the app cannot use."""


BANK_FILE = Path(__file__).resolve().parent / "data" / "question_bank.jsonl"
_KEYS = {"slug", "topic", "tiara", "closing", "text"}


def load_bank(path: Path) -> tuple[BankQuestion, ...]:
    """Read and check a question bank: one JSON object per line with a unique slug, a known
    topic and TIARA letter, a boolean `closing` and a text with known placeholders only."""
    questions: list[BankQuestion] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path.name} line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise QuestionBankError(f"{where}: not JSON ({error.msg})") from None
            if not isinstance(row, dict) or set(row) != _KEYS:
                raise QuestionBankError(f"{where}: expected exactly the keys {sorted(_KEYS)}")
            slug, topic, tiara, text = row["slug"], row["topic"], row["tiara"], row["text"]
            if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
                raise QuestionBankError(f"{where}: slug {slug!r} is not lower-case-with-dashes")
            if slug in seen:
                raise QuestionBankError(f"{where}: duplicate slug {slug!r}")
            if topic not in TOPIC_LABELS:
                raise QuestionBankError(
                    f"{where}: unknown topic {topic!r}; known ones: {', '.join(TOPIC_LABELS)}"
                )
            if tiara not in TIARA:
                raise QuestionBankError(
                    f"{where}: unknown TIARA letter {tiara!r}; known ones: {', '.join(TIARA)}"
                )
            if not isinstance(row["closing"], bool):
                raise QuestionBankError(f"{where}: closing must be true or false")
            if not isinstance(text, str) or not text.strip():
                raise QuestionBankError(f"{where}: text must not be empty")
            try:
                PLACEHOLDERS.check(text)
            except PlaceholderError as error:
                raise QuestionBankError(f"{where}: {error}") from None
            seen.add(slug)
            questions.append(BankQuestion(slug, text, topic, tiara, row["closing"]))
    return tuple(questions)


@cache
def bank() -> tuple[BankQuestion, ...]:
    """The built-in questions, in the file's order (read once per process)."""
    return load_bank(BANK_FILE)


@cache
def _by_slug() -> dict[str, BankQuestion]:
    return {q.slug: q for q in bank()}


def by_slug(slug: str) -> BankQuestion:
    """The bank question with this slug; KeyError when there is none."""
    return _by_slug()[slug]


def get(slug: str) -> BankQuestion | None:
    return _by_slug().get(slug)


def by_topic(topic: str) -> list[BankQuestion]:
    if topic not in TOPIC_LABELS:
        raise ValueError(f"unknown topic {topic!r}")
    return [q for q in bank() if q.topic == topic]


def by_tiara(letter: str) -> list[BankQuestion]:
    if letter not in TIARA:
        raise ValueError(f"unknown TIARA key {letter!r}")
    return [q for q in bank() if q.tiara == letter]


def closing_questions() -> list[BankQuestion]:
    return [q for q in bank() if q.closing]


@cache
def grouped_by_topic() -> tuple[tuple[str, str, tuple[BankQuestion, ...]], ...]:
    """(key, label, questions) for every topic in order, for pickers and printouts."""
    return tuple((key, label, tuple(by_topic(key))) for key, label in TOPICS)
