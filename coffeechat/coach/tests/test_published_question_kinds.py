"""The question kinds added with the second gathering of "don't ask" lists, on published text.

Every example is quoted exactly as it stands in coffeechat/coach/data/questions_published.jsonl
(a test below checks that each one is there, under its source), and every kind is shown on at
least three sources. Only sources of the tuning part are quoted: the held-out part stays a fair
estimate, measured by bench/checker_accuracy.py and never asserted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coffeechat.coach.engine import Severity, check, get_rule

DATA = Path(__file__).resolve().parent.parent / "data"

HR_MAVEN = "http://www.thehrmaven.com/2009/04/informational-interviews.html"
CAREERSHIFT = (
    "https://careershift.com/blog/2014/08/3-ways-job-seekers-ruin-networking-opportunities"
)
JOB_HUNT = "https://www.job-hunt.org/job-search-networking/networking-lunch.shtml"
SAFE_BUSINESS = "https://safebusiness.co.nz/b/top-5-questions-you-cant-ask-at-work"
UC = (
    "https://www.uc.edu/campus-life/careereducation/career-studio/job-search/interviews/"
    "illegal-interview-questions.html"
)
ESOL = "https://esolcareer.blogspot.com/2021_05_09_archive.html"
FORTUNECITY = "https://community.fortunecity.ws/skyscraper/networking/698/illegal.html"
JHASKIN = "https://www.jhaskinlaw.com/blog/2021/02/these-interview-questions-are-illegal/"
CBS = "https://www.cbsnews.com/news/my-boss-keeps-asking-when-i-plan-on-getting-pregnant/"
MAKE_MINE_DECAF = (
    "http://makeminedecaf.blogspot.com/2013/03/on-asking-question-you-should-never-ask.html"
)
YACKLER = (
    "http://theyackler.com/magazine/2020/01/08/please-dont-take-this-very-bad-networking-advice/"
)
ASK_A_MANAGER = (
    "https://www.askamanager.org/2023/07/the-magic-mushrooms-the-underwear-scavenger-hunt-and-"
    "other-awful-workplace-ice-breakers.html"
)
WAIT_WHAT_NOW = "http://www.waitwhatnow.com/ideas/2016/9/13/the-worst-question-in-the-world"
MONKEYSEE = (
    "https://monkeysee.com/what-should-i-do-if-i-find-something-negative-about-the-interviewer-"
    "or-company-in-my-research/"
)
UDACITY = (
    "https://github.com/KendrickPC/Udacity_Data_Structures_-_Algorithms/blob/master/"
    "5_company_research/debrief_2.md"
)
LAYOFFS_PAGE = (
    "http://www.interviewquestionstoask.com/employer/why-were-the-recent-layoffs-necessary.php"
)
POLLOCK = "http://pollockspark.blogspot.com/2009/09/qa-should-i-take-job-at-company-that-is.html"
ZARO = "https://zaro.info/survey-design/what-is-a-double-barreled-question"
BERNOFF = "https://bernoff.com/blog/can-i-pick-your-brain"
SCOT_FUN = "https://www.scot.fun/damentals/you-cannot-pick-my-brain/"
WINE_N_FOOD = "https://winenfood.com/an-insightful-career-question-to-ask-a-mentor"
PAUL_MCLAUGHLIN = "http://paulmclaughlin.ca/2016/06/the-most-common-interviewing-mistake/"
TURNKEY = "https://social.turnkeywebsitesales.com/?p=23218"

# kind -> (rule that must fire, [(source, question as gathered)])
KINDS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "asks which jobs are open, without the word hire": (
        "question.job-ask",
        [
            (HR_MAVEN, "What jobs are open?"),
            (HR_MAVEN, "What jobs are on the horizon?"),
            (CAREERSHIFT, "Do you have any open positions within the company?"),
            (JOB_HUNT, "Would you pass along my resume?"),
        ],
    ),
    "age, and what gives it away": (
        "question.too-personal",
        [
            (SAFE_BUSINESS, "How old are you?"),
            (UC, "What year were you born?"),
            (UC, "What is your date of birth?"),
            (UC, "When did you graduate from high school?"),
            (ESOL, "How long do you plan to work until you retire?"),
        ],
    ),
    "origin, citizenship and politics": (
        "question.too-personal",
        [
            (FORTUNECITY, "What nationality are you?"),
            (FORTUNECITY, "What political party do you belong to?"),
            (UC, "Are you a US citizen?"),
            (ESOL, "Where did you live while you were growing up?"),
        ],
    ),
    "family plans and health": (
        "question.too-personal",
        [
            (JHASKIN, "Do you have plans to get pregnant?"),
            (JHASKIN, "Are you currently on birth control?"),
            (CBS, "When do you plan on getting pregnant?"),
            (MAKE_MINE_DECAF, "So, you're having a baby, aren't you?"),
            (FORTUNECITY, "Do you have any illnesses we should know about?"),
            (ESOL, "Have you experienced any serious illnesses in the past year?"),
            (SAFE_BUSINESS, "Do you have kids? Planning on it soon?"),
        ],
    ),
    "records, habits and money troubles": (
        "question.too-personal",
        [
            (UC, "Have you ever been arrested?"),
            (UC, "Have you ever declared bankruptcy?"),
            (UC, "Have your wages ever been garnished?"),
            (FORTUNECITY, "Do you smoke?"),
            (ASK_A_MANAGER, "Have any of you ever done magic mushrooms?"),
        ],
    ),
    "ice-breakers that make a stranger perform": (
        "question.too-personal",
        [
            (YACKLER, "What makes you smile when you get up in the morning?"),
            (YACKLER, "What's the most important thing I should know about you?"),
            (YACKLER, "What person living or dead would you want to have dinner with and why?"),
            (WAIT_WHAT_NOW, "Can you tell us something interesting about yourself?"),
            (ASK_A_MANAGER, "Have any of you ever done magic mushrooms?"),
        ],
    ),
    "bad news put as blame": (
        "question.controversy",
        [
            (
                MONKEYSEE,
                "Why have you been accused of money laundering or violations of securities law?",
            ),
            (UDACITY, "Can you tell me about the recent data breach at your company?"),
            (LAYOFFS_PAGE, "Why did you lay off people?"),
        ],
    ),
    "asking for everything at once": (
        "question.vague",
        [
            (BERNOFF, "Can I pick your brain?"),
            (SCOT_FUN, "You’re so cool. May I pick your brain?"),
            (WINE_N_FOOD, "What should I do?"),
            (WINE_N_FOOD, "What advice do you have for me?"),
        ],
    ),
    "two things rated at once, or several questions in one": (
        "question.stacked",
        [
            (ZARO, "How much do you enjoy collecting and analysing data?"),
            (
                PAUL_MCLAUGHLIN,
                "When did you arrive at this opinion? What effect did it have on your life? And "
                "would you have done it differently if you could have?",
            ),
            (
                TURNKEY,
                "When did you finally decide to do that, and what inspired you in the first place? "
                "And did it end up being as great as you hoped, or were there parts that didn't "
                "measure up?",
            ),
        ],
    ),
}

CASES = [
    pytest.param(rule_id, text, id=f"{kind}: {source}")
    for kind, (rule_id, examples) in KINDS.items()
    for source, text in examples
]


def _gathered() -> dict[tuple[str, str], dict]:
    lines = (DATA / "questions_published.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return {(r["source"], r["text"]): r for r in rows}


@pytest.mark.parametrize(("rule_id", "text"), CASES)
def test_a_published_dont_ask_question_of_a_new_kind_gets_its_rule(rule_id: str, text: str) -> None:
    findings = check("question", text)
    assert rule_id in {f.rule for f in findings}, [f.rule for f in findings]
    found = next(f for f in findings if f.rule == rule_id)
    # The severity is the rule's, and the finding says why and offers a rewrite.
    assert found.severity is get_rule(rule_id).severity
    assert found.message.strip() and "\n" not in found.message
    assert found.suggestion.startswith(("Try:", "Keep the first question"))


def test_every_example_is_quoted_from_the_gathered_set_and_each_kind_has_three_sources() -> None:
    gathered = _gathered()
    for kind, (_rule_id, examples) in KINDS.items():
        assert len({source for source, _text in examples}) >= 3, kind
        for source, text in examples:
            row = gathered.get((source, text))
            assert row is not None, (source, text)
            assert row["label"] == "dont-ask" and not row["good"]
            assert row.get("split", "development") == "development", text  # see the module doc


def test_severity_follows_what_an_adviser_would_say() -> None:
    # "Don't send this": asking for a job, prying into a private life.
    assert get_rule("question.job-ask").severity is Severity.PROBLEM
    assert get_rule("question.too-personal").severity is Severity.PROBLEM
    # "Most advisers would change this": bad news can be raised, but without blame.
    assert get_rule("question.controversy").severity is Severity.WARNING
    assert get_rule("question.stacked").severity is Severity.WARNING


@pytest.mark.parametrize(
    "text",
    [
        # the counsellor's own tactful phrasing of the same bad press
        pytest.param(
            "There has been a lot of press about the company in the business section and I would "
            "love to know, what the company's perspective is on the issues that I have been "
            "reading about?",
            id=MONKEYSEE,
        ),
        # the page's recommended form of the lay-offs question
        pytest.param("Why were the recent layoffs necessary?", id=LAYOFFS_PAGE),
        pytest.param(
            "I've heard the company is having some difficulty. Can you tell me how this position "
            "might be affected by what is coming?",
            id=POLLOCK,
        ),
    ],
)
def test_bad_news_asked_about_without_blame_passes(text: str) -> None:
    assert "question.controversy" not in {f.rule for f in check("question", text)}


@pytest.mark.parametrize(
    "text",
    [
        "What kind of development opportunities are available to you?",  # in the gathered set
        "What roles are open to someone with a history degree?",  # (ours)
        "What makes you happy in your work?",  # (ours)
        "When did you graduate, and how did you find your first job in the field?",  # (ours)
        "What advice would you give someone starting out?",  # in the gathered set
    ],
)
def test_questions_near_the_new_patterns_pass(text: str) -> None:
    rules = {f.rule for f in check("question", text)}
    assert not rules & {"question.job-ask", "question.too-personal", "question.vague"}, rules
