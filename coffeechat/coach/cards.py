"""The coach's findings as cards a person can act on: one card per rule, every place it applies.

A checker returns one finding per place (nine for nine mentions of a job); a page shows one card
for the rule, its advice once, the places it applies, and its source by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coffeechat.coach.engine import Finding
from coffeechat.coach.sources import source_name

EXCERPT_CONTEXT = 20  # characters either side of a place, in its quoted excerpt


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    text: str  # the words the rule found ("" when the text is not known)
    before: str = ""  # a little context either side, for the excerpt
    after: str = ""


@dataclass
class Card:
    rule: str
    severity: str
    message: str
    source: str  # the id
    source_name: str  # as a person would name it
    suggestion: str = ""
    places: list[Place] = field(default_factory=list)
    whole_text: bool = False  # the rule is about the text as a whole (no one place)

    @property
    def spans(self) -> str:
        """The places as "start-end" pairs separated by spaces, for a script to highlight."""
        return " ".join(f"{p.start}-{p.end}" for p in self.places)


def _get(finding: Finding | dict, key: str):
    if isinstance(finding, dict):
        return finding.get(key)
    return getattr(finding, key)


def _place(start: int, end: int, text: str) -> Place:
    if not text or not 0 <= start <= end <= len(text):
        return Place(start, end, "")
    before = text[max(0, start - EXCERPT_CONTEXT) : start]
    after = text[end : end + EXCERPT_CONTEXT]
    return Place(
        start,
        end,
        text[start:end],
        ("…" if start > EXCERPT_CONTEXT else "") + before.lstrip(),
        after.rstrip() + ("…" if end + EXCERPT_CONTEXT < len(text) else ""),
    )


def cards(findings, text: str = "") -> list[Card]:
    """Group findings (Finding objects or their as_dict()) into one card per rule, in the order
    the checker gave them (most severe first); `text` is the text they were found in, if known."""
    by_rule: dict[str, Card] = {}
    for f in findings or ():
        rule_id = _get(f, "rule")
        card = by_rule.get(rule_id)
        if card is None:
            source = _get(f, "source") or ""
            card = by_rule[rule_id] = Card(
                rule=rule_id,
                severity=str(_get(f, "severity")),
                message=_get(f, "message"),
                source=source,
                source_name=source_name(source),
                suggestion=_get(f, "suggestion") or "",
            )
        start, end = _get(f, "start"), _get(f, "end")
        if start is None or end is None:
            card.whole_text = True
        elif all((p.start, p.end) != (start, end) for p in card.places):
            card.places.append(_place(start, end, text))
    for card in by_rule.values():
        card.places.sort(key=lambda p: p.start)
    return list(by_rule.values())
