"""Rules for a thank-you note after an information interview (stage "thankyou")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from coffeechat.coach.engine import CheckContext, Severity, Span, rule
from coffeechat.coach.rules.request import COUNT_WORD_RE, job_asks_and_mentions
from coffeechat.coach.sources import SEED_000, SEED_001, SEED_002, THANK_YOU_ETIQUETTE

THANKYOU_WORD_LIMIT = 150
THANKYOU_DELAY = timedelta(hours=24)

# Words that say nothing specific about one conversation: every thank-you note has them.
_STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    but by can could did do does doing done for from further had has have having he her here hers
    him his how i if in into is it its just me more most much my no nor not now of off on once
    only or other our ours out over own same she should so some such than that the their theirs
    them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself
    thank thanks thankful grateful gratitude appreciate appreciated time today yesterday week
    advice advise conversation chat talk talked talking meeting meet met call coffee really great
    good wonderful helpful help helped learn learned learning said say told tell mention mentioned
    suggest suggested suggestion insight insights share shared sharing think thought like
    career well lot many way again hope look looking forward note point points""".split()  # noqa: SIM905
)


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, replacement, min_len in (
        ("ies", "y", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= min_len and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def significant_terms(text: str) -> set[str]:
    """Stems of the words in `text` that carry meaning (no stop words, no thank-you filler)."""
    terms = set()
    for raw in re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text):
        word = raw.lower()
        if len(word) < 3 or word in _STOPWORDS or word.isdigit():
            continue
        stem = _stem(word)
        if stem not in _STOPWORDS:
            terms.add(stem)
    return terms


def mentions_point(text: str, point: str) -> bool:
    """Whether `text` picks up `point`: two shared significant words (or all, if it has fewer)."""
    wanted = significant_terms(point)
    if not wanted:
        return False
    return len(wanted & significant_terms(text)) >= min(2, len(wanted))


@rule(
    "thankyou.no-specific-point",
    stage="thankyou",
    severity=Severity.PROBLEM,
    message="None of the points in your notes from the meeting is in the note, so it reads as "
    "if it could follow any conversation.",
    source=SEED_000,
    suggestion='Try: "Your point about X stuck with me; I have already started Y."',
)
def no_specific_point(text: str, context: CheckContext) -> Iterable[Span | None]:
    points = [p for p in context.note_points if significant_terms(p)]
    if points and not any(mentions_point(text, p) for p in points):
        yield None


# A sentence about what the talk taught: the only way a thank-you names a job without asking.
_LEARNED_RE = re.compile(
    r"\b(?:learn(?:ing|ed|t)?|hear(?:ing|d)?)\s+(?:more\s+|a\s+bit\s+)?about\b"
    r"|\b(?:advice|insights?|perspective|tips)\b",
    re.IGNORECASE,
)


@rule(
    "thankyou.mentions-job",
    stage="thankyou",
    severity=Severity.PROBLEM,
    message="Asking for a job, a referral or a look at your résumé in the thank-you makes the "
    "advice look like a means to an end; keep the note to gratitude and what you did with it.",
    source=SEED_001,
    suggestion='Try: "Thank you again; I will let you know how your advice works out."',
)
def mentions_job(text: str, context: CheckContext) -> Iterable[Span | None]:
    # Only an ask: "your view of the job market" or "learning about the graduate positions"
    # is a point from the talk, which is what a thank-you should name. After the meeting,
    # "I am very interested in the position" is a candidacy, so only what was learned counts.
    return job_asks_and_mentions(text, lenient=True, learning=_LEARNED_RE)[0]


@rule(
    "thankyou.too-long",
    stage="thankyou",
    severity=Severity.WARNING,
    message="Over 150 words: a thank-you is read more gladly when it is short.",
    source=SEED_002,
    suggestion="Keep the thanks, one point from the talk and what you will do with it.",
)
def too_long(text: str, context: CheckContext) -> Iterable[Span | None]:
    found = list(COUNT_WORD_RE.finditer(text))
    if len(found) > THANKYOU_WORD_LIMIT:
        yield Span(found[THANKYOU_WORD_LIMIT].start(), found[-1].end())


@rule(
    "thankyou.late",
    stage="thankyou",
    severity=Severity.WARNING,
    message="More than a day has passed since the meeting, and thanks that come late read as an "
    "afterthought.",
    source=THANK_YOU_ETIQUETTE,
    suggestion="Send it today, and open with what you have done since the talk.",
)
def late(text: str, context: CheckContext) -> Iterable[Span | None]:
    ended, now = context.meeting_ended_at, context.now
    if isinstance(ended, datetime) and isinstance(now, datetime) and now - ended > THANKYOU_DELAY:
        yield None


GENERIC_MIN_TERMS = 6


@rule(
    "thankyou.generic",
    stage="thankyou",
    severity=Severity.WARNING,
    message="This note could be sent to anyone: add one thing they told you and what you will do "
    "with it, so they see the time was well spent.",
    source=SEED_000,
    suggestion='Try: "Your point about X stuck with me; I have already started Y."',
)
def generic(text: str, context: CheckContext) -> Iterable[Span | None]:
    # With notes from the meeting, thankyou.no-specific-point judges the same thing more exactly.
    if any(significant_terms(p) for p in context.note_points):
        return
    if len(significant_terms(text)) < GENERIC_MIN_TERMS:
        yield None
