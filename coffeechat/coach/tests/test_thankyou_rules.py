"""Each thank-you rule with texts that must trigger it and texts that must not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coffeechat.coach import engine
from coffeechat.coach.engine import CheckContext, Severity
from coffeechat.coach.rules.thankyou import mentions_point, significant_terms

POINTS = [
    "Join the Ontario Water Works Association and go to their spring conference",
    "Talk to Jane Liu at the food bank about volunteer data",
    "Stormwater modelling skills (SWMM) matter more than CAD",
]

GOOD = """Hi Maria,

Thank you for your time yesterday. Your advice to learn SWMM before polishing my CAD skills
changed my plans for the summer: I've signed up for the online course. I'll also reach out to
Jane Liu at the food bank as you suggested.

With thanks,
Priya"""

ENDED = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def findings(text: str, **context: object) -> list[engine.Finding]:
    return engine.check("thankyou", text, CheckContext(**context))  # type: ignore[arg-type]


def fired(text: str, **context: object) -> set[str]:
    return {f.rule for f in findings(text, **context)}


def test_it_registers_the_thankyou_rules() -> None:
    rules = {r.id: r for r in engine.rules_for("thankyou")}
    assert set(rules) >= {
        "thankyou.no-specific-point",
        "thankyou.mentions-job",
        "thankyou.too-long",
        "thankyou.late",
    }
    assert rules["thankyou.no-specific-point"].severity is Severity.PROBLEM
    assert rules["thankyou.mentions-job"].severity is Severity.PROBLEM
    assert rules["thankyou.too-long"].severity is Severity.WARNING
    assert rules["thankyou.late"].severity is Severity.WARNING


def test_it_finds_nothing_in_a_good_thank_you() -> None:
    context = {"note_points": POINTS, "meeting_ended_at": ENDED, "now": ENDED + timedelta(hours=3)}
    assert findings(GOOD, **context) == []


# --- a specific point -------------------------------------------------------------------------


def test_it_flags_a_thank_you_that_mentions_no_point_from_the_notes() -> None:
    text = "Hi Maria, thank you so much for your time and your great advice. It was really helpful!"
    result = [f for f in findings(text, note_points=POINTS)]
    assert [f.rule for f in result] == ["thankyou.no-specific-point"]
    assert result[0].start is None


@pytest.mark.parametrize(
    "text",
    [
        "Thanks! I've joined the Water Works Association already.",
        "Thank you. I'm going to the association's spring conference in April.",
        "Thanks for pointing me to Jane at the food bank.",
        "I'll focus on stormwater modelling this summer, thank you.",
    ],
)
def test_it_accepts_a_point_picked_up_in_other_words(text: str) -> None:
    assert "thankyou.no-specific-point" not in fired(text, note_points=POINTS)


def test_it_does_not_count_thank_you_filler_as_a_point() -> None:
    point = "Great advice about learning, thank you for the time"
    assert significant_terms(point) == set()
    assert not mentions_point("Thank you for the great advice and your time.", point)


def test_it_needs_two_shared_words_for_a_longer_point() -> None:
    point = "Read the municipal infrastructure report from 2024"
    assert not mentions_point("I read a novel on the train.", point)
    assert mentions_point("I've started the infrastructure report you mentioned.", point)


def test_it_skips_the_point_rule_when_there_are_no_notes() -> None:
    assert "thankyou.no-specific-point" not in fired("Thank you for your time!")
    assert "thankyou.no-specific-point" not in fired("Thanks!", note_points=["", "  "])


# --- no job ask -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thanks again! Please let me know if any positions open up.",
        "I've attached my résumé in case your team is hiring.",
        "Could you refer me for the analyst job?",
    ],
)
def test_it_flags_a_job_ask(text: str) -> None:
    result = [f for f in findings(text) if f.rule == "thankyou.mentions-job"]
    assert result and all(f.start is not None for f in result)


@pytest.mark.parametrize(
    "text",
    [
        "Your view of the job market in Halifax was eye-opening.",
        "I'd like to resume our chat about rivers next month.",
        "Thank you for explaining your position on remote work.",
    ],
)
def test_it_accepts_talk_about_the_field_that_is_not_an_ask(text: str) -> None:
    assert "thankyou.mentions-job" not in fired(text)


# --- length -----------------------------------------------------------------------------------


def test_it_warns_about_a_thank_you_over_150_words() -> None:
    text = " ".join(f"word{i}" for i in range(151))
    result = [f for f in findings(text) if f.rule == "thankyou.too-long"]
    assert len(result) == 1
    assert text[result[0].start : result[0].end].startswith("word150")


def test_it_accepts_150_words() -> None:
    assert "thankyou.too-long" not in fired(" ".join(["thanks"] * 150))


# --- timing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("hours", [0, 5, 24])
def test_it_accepts_a_thank_you_within_24_hours(hours: int) -> None:
    now = ENDED + timedelta(hours=hours)
    assert "thankyou.late" not in fired(GOOD, meeting_ended_at=ENDED, now=now)


@pytest.mark.parametrize("delay", [timedelta(hours=24, minutes=1), timedelta(days=3)])
def test_it_warns_when_more_than_24_hours_have_passed(delay: timedelta) -> None:
    result = [
        f
        for f in findings(GOOD, meeting_ended_at=ENDED, now=ENDED + delay)
        if f.rule == "thankyou.late"
    ]
    assert [(f.severity, f.start) for f in result] == [(Severity.WARNING, None)]


def test_it_says_nothing_about_timing_without_both_moments() -> None:
    assert "thankyou.late" not in fired(GOOD, meeting_ended_at=ENDED)
    assert "thankyou.late" not in fired(GOOD, now=ENDED + timedelta(days=5))


# --- a job asked for, or a point about one ----------------------------------------------------


def test_a_job_named_as_a_point_from_the_talk_is_not_an_ask() -> None:
    point = "I enjoyed learning about the entry-level positions in your group and how they rotate."
    ask = "I saw the opening you mentioned; please keep me in mind."
    assert "thankyou.mentions-job" not in fired(point)
    assert "thankyou.mentions-job" in fired(ask)


def test_a_job_asked_for_in_the_thanks_is_a_problem_that_says_why() -> None:
    found = [f for f in findings("Thanks! Could you put in a good word for the analyst job?")]
    job = [f for f in found if f.rule == "thankyou.mentions-job"]
    assert job and job[0].severity is Severity.PROBLEM and job[0].suggestion


def test_every_thank_you_warning_and_problem_says_why_in_one_sentence_and_offers_a_rewrite() -> (
    None
):
    serious = [r for r in engine.rules_for("thankyou") if r.severity is not Severity.TIP]
    assert serious
    for r in serious:
        assert r.message.count(". ") == 0 and len(r.message) < 220, r.id
        assert r.suggestion, r.id
