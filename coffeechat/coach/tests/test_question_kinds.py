"""The kinds of question issue 15 found missing or over-flagged, on published examples.

Each example says where it was published (the full list, with URLs, is in
data/questions_published.jsonl); the examples "(ours)" are written for the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coffeechat.coach.engine import CheckContext, Severity, check

DATA = Path(__file__).resolve().parent.parent / "data"


def rules(text: str) -> set[str]:
    return {f.rule for f in check("question", text, CheckContext())}


def serious(text: str) -> bool:
    return any(
        f.severity.rank >= Severity.WARNING.rank for f in check("question", text, CheckContext())
    )


JOB_ASKS = [
    "How do I get hired here?",  # recruiterscouch.com
    "Can you help me get my foot in the door?",  # huffingtonpost.ca (Shannon Kelly)
    "Do you think that you will be able to find me a job in your unit?",  # govloop.com
    "How would I get an offer on your team?",  # (ours, from the issue)
    "Anything opening up soon?",  # (ours)
    "Could you put in a word for me with the design lead?",  # (ours)
    "Could you pass on my CV to your manager?",  # (ours)
    "Are there any positions on your team right now?",  # (ours)
]
NOT_JOB_ASKS = [
    "How do people usually get hired here?",
    "When you hire a new graduate, what do you look for?",  # ncsu.edu
    "What impresses you when interviewing candidates for entry-level positions?",  # uark.edu
    "What entry-level jobs are best for learning as much as possible in this field?",  # usu.edu
]


@pytest.mark.parametrize("text", JOB_ASKS)
def test_it_catches_job_asks_in_any_phrasing(text: str) -> None:
    assert "question.job-ask" in rules(text)


@pytest.mark.parametrize("text", NOT_JOB_ASKS)
def test_it_lets_questions_about_how_hiring_works_pass(text: str) -> None:
    assert "question.job-ask" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "What does a copy editor do?",  # watchherwork.com
        "What degree do you need to get into advertising?",  # watchherwork.com
        "What does an actuary do, exactly?",  # (ours, from the issue)
        "What does your company do?",  # aliciamorga.com
        "How many employees does your company have?",  # watchherwork.com
    ],
)
def test_it_flags_basics_a_web_search_answers(text: str) -> None:
    assert "question.searchable" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "What does a product manager's typical day look like here?",  # aliciamorga.com
        "What do you do in a typical day?",  # unt.edu
    ],
)
def test_it_leaves_day_to_day_questions_alone(text: str) -> None:
    assert "question.searchable" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Where did you complete your undergrad?",  # huffingtonpost.ca
        "Which university did you go to?",  # (ours)
        "How long have you worked at the firm?",  # (ours)
        "What other roles have you worked in?",  # github.com/KendrickPC (Udacity lesson)
        "Where else have you worked?",  # (ours)
        "What was your previous job?",  # (ours)
    ],
)
def test_it_warns_about_the_persons_public_record(text: str) -> None:
    assert "question.public-record" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Will you be my mentor?",  # recruiterscouch.com
        "Dolores, I think you're great. Would you be my mentor?",  # lukasliebich.com
        "Could you mentor me over the next year?",  # (ours)
    ],
)
def test_it_flags_mentorship_asked_at_once(text: str) -> None:
    assert "question.mentorship" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "What jobs and experiences have led you to your present position?",  # drexel.edu
        "What was your career path; what steps did you take to reach this position?",  # ncsu.edu
        "Can you tell me about your career path and how you got here?",  # unt.edu
    ],
)
def test_it_lets_a_question_about_the_path_behind_the_record_pass(text: str) -> None:
    assert "question.public-record" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "What are your political and religious beliefs?",  # chiccrossings.com
        "What are your religious or political views?",  # (ours)
        "Who are you voting for?",  # (ours)
        "Which party did you vote for last time?",  # (ours)
    ],
)
def test_it_flags_beliefs_and_votes_however_they_are_phrased(text: str) -> None:
    assert "question.too-personal" in rules(text)


def test_it_lets_the_politics_of_the_work_pass() -> None:
    assert "question.too-personal" not in rules("How do politics shape funding in your agency?")


def test_it_lets_a_question_about_mentors_pass() -> None:
    assert "question.mentorship" not in rules("Who was your mentor in this field?")  # unt.edu


@pytest.mark.parametrize(
    "text",
    [
        "Which part of town do you live in?",
        "How old were you when you started here?",
        "If you were an animal, which one would you be?",
        "What superpower would you pick?",
        "How much do you make?",
    ],
)
def test_it_flags_intrusive_personal_questions(text: str) -> None:
    # The examples (ours); no published don't-ask list in the set names them yet.
    assert "question.too-personal" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Do you have any tips for someone starting out?",  # issue 15
        "Is there a usual route into this work?",  # issue 15
        "Do you have any additional advice to help me prepare?",  # canisius.edu (NACE)
        "Are there any additional certifications or training you would recommend?",  # unt.edu
        "Do you have any suggestions for publications or articles I should read about this field?",
        "Is a graduate degree recommended?",  # ncsu.edu
        "Do you work mostly alone, or mostly with other people?",  # eastern.edu
        "Did I leave out any important questions that would be helpful?",  # drexel.edu
        "Can I please have one of your business cards?",  # edublogs
    ],
)
def test_it_does_not_call_recommended_openers_yes_no(text: str) -> None:
    assert "question.yes-no" not in rules(text)


# Don't-ask items the rules leave alone on purpose, because career centres recommend nearly the
# same question, so a rule broad enough to catch them would flag those too: "Can you tell me a
# bit about your career path?", "What is the best way to get started in this field?", the
# courtesy the app's own bank closes with ("Is there anything I can help you with in return?"),
# and "how is work going", which careeraddict.com itself offers in place of its bad example (a
# rule cannot know whether the person still works where the user thinks). A new miss fails below.
KNOWN_MISSES = {
    "What was your career journey?",  # danmall.com
    "So … how can I help you?",  # people-results.com
    "What’s the best way to break into Hollywood?",  # scot.fun
    "How is your job going at XXX company?",  # careeraddict.com
}


def test_published_dont_ask_questions_are_flagged_and_recommended_ones_rarely() -> None:
    # On the part of the development set the rules were tuned on; the held-out part is measured
    # by bench/checker_accuracy.py, not asserted, so that it stays a fair estimate.
    rows = [
        json.loads(line)
        for line in (DATA / "questions_published.jsonl").read_text().splitlines()
        if line.strip()
    ]
    assert all(r["source"].startswith("http") for r in rows)
    tuned = [r for r in rows if r.get("split", "development") == "development"]
    bad = [r["text"] for r in tuned if not r["good"]]
    good = [r["text"] for r in tuned if r["good"]]
    assert {t for t in bad if not serious(t)} == KNOWN_MISSES
    problems = [
        t for t in good if any(f.severity is Severity.PROBLEM for f in check("question", t))
    ]
    assert len(problems) <= 0.03 * len(good), problems
    warned = [t for t in good if any(f.severity is Severity.WARNING for f in check("question", t))]
    assert len(warned) <= 0.08 * len(good), warned


def test_a_finding_offers_a_rewrite_and_the_partial_shows_it() -> None:
    from django.template.loader import render_to_string

    found = check("question", "Are you hiring?")
    job = next(f for f in found if f.rule == "question.job-ask")
    assert "find their way into your team" in job.suggestion
    assert job.as_dict()["suggestion"] == job.suggestion
    html = render_to_string("coach/_findings.html", {"findings": found})
    assert "find their way into your team" in html
