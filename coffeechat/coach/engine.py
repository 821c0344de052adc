"""The coach's rule engine: named, sourced rules that read a text and return findings.

Every checker in Coffeechat (requests, questions, thank-you notes) is a set of rules registered
here under a stage. A rule is plain data plus one function; the web pages, the JSON endpoint and
`coffeechat check` all call `check(stage, text, context)`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from coffeechat.core.channels import Channel


class Severity(StrEnum):
    TIP = "tip"
    WARNING = "warning"
    PROBLEM = "problem"

    @property
    def rank(self) -> int:
        return {"tip": 0, "warning": 1, "problem": 2}[self.value]


@dataclass(frozen=True)
class Span:
    """Where in the text a rule found something (character offsets, end exclusive)."""

    start: int
    end: int


@dataclass
class CheckContext:
    """What a rule may know besides the text itself. Every field is optional."""

    channel: str = Channel.EMAIL
    referrer_name: str = ""  # who suggested the contact, when someone did
    connection: str = ""  # how the user is connected (e.g. "Queen's University alumni")
    contact_name: str = ""
    organisation: str = ""
    role: str = ""
    field: str = ""
    research_terms: list[str] = dataclasses.field(
        default_factory=list
    )  # specific words from research notes
    other_questions: list[str] = dataclasses.field(
        default_factory=list
    )  # the rest of a question plan
    note_points: list[str] = dataclasses.field(
        default_factory=list
    )  # points from meeting notes (thank-you)
    meeting_ended_at: object | None = None  # aware datetime, for the thank-you timing rule
    now: object | None = None  # aware datetime; rules never read the clock themselves


# A rule's function returns nothing for "fine", or spans (None for the text as a whole).
RuleCheck = Callable[[str, CheckContext], Iterable[Span | None]]


@dataclass(frozen=True)
class Rule:
    id: str  # e.g. "request.mentions-job"
    stage: str  # "request", "question", "thankyou", …
    severity: Severity
    message: str  # one line, in our own words
    source: (
        str  # an id from coffeechat.coach.sources.SOURCES (a seed file name, the book, a method)
    )
    check: RuleCheck
    suggestion: str = ""  # a rewrite to offer, in our own words, when one fits every case


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    source: str
    start: int | None = None
    end: int | None = None
    suggestion: str = ""

    def as_dict(self) -> dict:
        found = {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "source": self.source,
            "start": self.start,
            "end": self.end,
        }
        # Only rules that offer a rewrite add the key, so the JSON others read keeps its shape.
        if self.suggestion:
            found["suggestion"] = self.suggestion
        return found


_REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    stage: str,
    severity: Severity | str,
    message: str,
    source: str,
    suggestion: str = "",
) -> Callable[[RuleCheck], RuleCheck]:
    """Register the decorated function as a rule."""

    def register(check: RuleCheck) -> RuleCheck:
        if id in _REGISTRY:
            raise ValueError(f"rule {id!r} is registered twice")
        _REGISTRY[id] = Rule(id, stage, Severity(severity), message, source, check, suggestion)
        return check

    return register


def _load_rule_modules() -> None:
    # Importing the package registers every rule module it lists.
    import coffeechat.coach.rules  # noqa: F401


def rules_for(stage: str) -> list[Rule]:
    _load_rule_modules()
    return [r for r in _REGISTRY.values() if r.stage == stage]


def get_rule(rule_id: str) -> Rule:
    _load_rule_modules()
    return _REGISTRY[rule_id]


def check(stage: str, text: str, context: CheckContext | None = None) -> list[Finding]:
    """Run every rule of a stage; findings come most severe first, then in text order."""
    context = context or CheckContext()
    findings: list[Finding] = []
    for r in rules_for(stage):
        for span in r.check(text, context) or ():
            findings.append(
                Finding(
                    r.id,
                    r.severity,
                    r.message,
                    r.source,
                    None if span is None else span.start,
                    None if span is None else span.end,
                    r.suggestion,
                )
            )
    findings.sort(key=lambda f: (-f.severity.rank, f.start if f.start is not None else -1, f.rule))
    return findings


def has_problem(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.PROBLEM for f in findings)


# Small helpers shared by rule modules.

WORD_RE = re.compile(r"[\w’']+", re.UNICODE)


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def find_spans(pattern: re.Pattern[str], text: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in pattern.finditer(text)]
