"""The coach on the public request form, with the host's own page as the context.

The request composer's rules read a whole letter; this form asks for its parts, so only the
request rules that fit a part run on "who I am" and "what I hope to learn" (a job ask, a
placeholder left in), and every question rule runs on each question, knowing the host's name,
organisations, field and topics (a question the page already answers is a lazy one).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.utils import timezone

from coffeechat.coach import engine
from coffeechat.coach.engine import CheckContext, Finding, Severity

# The request rules that make sense on one part of a request rather than a whole letter.
PART_RULES = {"request.mentions-job", "request.placeholder"}


@dataclass
class Part:
    name: str  # the form field
    label: str
    text: str
    findings: list[Finding]

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.PROBLEM]


def context_for(page) -> CheckContext:
    organisations = page.organisation_list
    return CheckContext(
        contact_name=page.display_name,
        organisation=organisations[0] if organisations else "",
        role=page.headline,
        field=page.field,
        research_terms=page.topic_list + organisations + page.move_list,
        now=timezone.now(),
    )


def check_request(page, *, about: str, learn: str, questions: list[str]) -> list[Part]:
    """One part per field with text, each with its findings (most severe first)."""
    context = context_for(page)
    parts = []
    for name, label, text in (
        ("about", "Who you are", about),
        ("learn", "What you hope to learn", learn),
    ):
        if text.strip():
            found = [f for f in engine.check("request", text, context) if f.rule in PART_RULES]
            parts.append(Part(name, label, text, found))
    filled = [q for q in questions if q.strip()]
    for number, question in enumerate(questions, 1):
        if not question.strip():
            continue
        others = [q for q in filled if q is not question]
        question_context = dataclasses.replace(context, other_questions=others)
        found = engine.check("question", question, question_context)
        parts.append(Part(f"question_{number}", f"Question {number}", question, found))
    return parts


def has_problems(parts: list[Part]) -> bool:
    return any(part.problems for part in parts)


def verdict(parts: list[Part]) -> list[dict]:
    """The findings to keep with the request, for the host: each names its field."""
    return [
        {**finding.as_dict(), "field": part.label, "text": part.text}
        for part in parts
        for finding in part.findings
    ]
