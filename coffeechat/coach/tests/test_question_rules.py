"""The question checker, rule by rule: questions that must trigger a rule and ones that must not."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from coffeechat.coach.engine import CheckContext, Severity, check, get_rule, has_problem, rules_for
from coffeechat.coach.rules.questions import near_duplicate
from coffeechat.coach.sources import SOURCES


def rule_ids(text: str, context: CheckContext | None = None) -> set[str]:
    return {f.rule for f in check("question", text, context)}


def fires(rule_id: str, text: str, context: CheckContext | None = None) -> bool:
    return rule_id in rule_ids(text, context)


def test_it_registers_every_question_rule_with_a_source_and_severity() -> None:
    expected = {
        "question.yes-no": Severity.WARNING,
        "question.searchable": Severity.PROBLEM,
        "question.job-ask": Severity.PROBLEM,
        "question.too-personal": Severity.PROBLEM,
        "question.stacked": Severity.WARNING,
        "question.vague": Severity.WARNING,
        "question.duplicate": Severity.WARNING,
        "question.untargeted": Severity.TIP,
        "question.mentorship": Severity.PROBLEM,
        "question.public-record": Severity.WARNING,
        "question.controversy": Severity.WARNING,
    }
    found = {r.id: r for r in rules_for("question")}
    assert set(found) == set(expected)
    for rule_id, severity in expected.items():
        r = get_rule(rule_id)
        assert r.severity is severity
        assert r.message and "\n" not in r.message
        assert r.source in SOURCES


# --- yes/no -----------------------------------------------------------------------------------

YES_NO = [
    "Do you like working in public health?",
    "Does the team use agile methods?",
    "Did you always want to be an architect?",
    "Is the work stressful?",
    "Are there many openings for graphic designers these days?",
    "Was it hard to move from teaching into instructional design?",
    "Can a biology graduate get into patent law?",
    "Will automation replace translators?",
    "Would you say the field is growing?",
    "Have you ever regretted leaving consulting?",
    "Has remote work changed how your team collaborates?",
    "Should I get a master's degree first?",
    "Could a self-taught developer compete with graduates?",
    "Could you tell me whether the certificate is worth it?",
    "Looking back, would you choose the same degree?",
    "I read your post on wind farm permits. Did the new rules slow projects down?",
    "Don't you find the travel tiring?",
    "Is it okay to work remotely in this field?",
    "Would it be possible to switch fields later on?",
]
OPEN = [
    "Could you tell me about your move from teaching into instructional design?",
    "Could you describe a week when a product launch was close?",
    "Could you walk me through how a grant application comes together?",
    "Would you describe the moment you decided to leave law?",
    "Can you tell me about a project you are proud of?",
    "Would you share how you prepared for the licensing exam?",
    "Would you be willing to share what surprised you in your first year?",
    "What do you like most and least about hospital pharmacy?",
    "How did you get your first role in urban planning?",
    "In your experience, how do new analysts earn trust quickly?",
    "May I follow up with you once I have read the reports you mentioned?",
    "Is there anyone else I should talk to about museum education?",
    "Is there anything I can help you with in return?",
    "Who else in conservation would you suggest I speak with?",
    "Would it be all right if I kept you posted on how my search goes?",
    "Would it be OK to connect on LinkedIn after today?",
    "Do you mind if I take notes while we talk?",
    "Do you know of other people in hospital pharmacy I could learn from?",
]


@pytest.mark.parametrize("text", YES_NO)
def test_it_warns_about_yes_no_questions(text: str) -> None:
    assert fires("question.yes-no", text)


@pytest.mark.parametrize("text", OPEN)
def test_it_leaves_open_questions_and_invitations_alone(text: str) -> None:
    assert not fires("question.yes-no", text)


def test_it_looks_past_list_bullets_and_numbers() -> None:
    assert fires("question.yes-no", "- Do you like the night shifts?")
    assert fires("question.yes-no", "3) Is the pay fair in social work?")
    assert not fires(
        "question.yes-no", "1. Could you walk me through a typical week as a paramedic?"
    )


def test_it_points_at_the_opening_verb() -> None:
    text = "I read your post on tariffs. Did it change how you advise clients?"
    finding = next(f for f in check("question", text) if f.rule == "question.yes-no")
    assert text[finding.start : finding.end] == "Did"


# --- searchable -------------------------------------------------------------------------------

SEARCHABLE = [
    "What do you do?",
    "What exactly do you do for a living?",
    "What does your company do?",
    "What does the organization actually do?",
    "What is your job title?",
    "What's your role at the company?",
    "Where is your company headquartered?",
    "Where are the firm's head offices located?",
    "How big is your organisation?",
    "How many employees does your company have?",
    "When was the company founded?",
    "What year was your firm established?",
    "Who founded the company?",
    "What services does your agency offer?",
]
NOT_SEARCHABLE = [
    "What do you do on a typical Monday?",
    "What does your company do differently from its competitors?",
    "What does your organisation do to help new graduates settle in?",
    "What is your role in the hiring process?",
    "Where are most jobs in marine biology located?",
    "How many people work in this field in rural areas?",
    "When did you start thinking about a move into policy?",
    "What do you do when a client pushes back on a design?",
    "How has the company changed since you joined?",
]


@pytest.mark.parametrize("text", SEARCHABLE)
def test_it_flags_questions_a_web_search_answers(text: str) -> None:
    assert fires("question.searchable", text)


@pytest.mark.parametrize("text", NOT_SEARCHABLE)
def test_it_leaves_questions_only_the_person_can_answer(text: str) -> None:
    assert not fires("question.searchable", text)


def test_it_knows_the_organisation_by_name() -> None:
    context = CheckContext(organisation="Northwind Logistics")
    assert fires("question.searchable", "What does Northwind Logistics do?", context)
    assert fires("question.searchable", "When was Northwind Logistics founded?", context)
    assert not fires("question.searchable", "What does Northwind Logistics do well?", context)


# --- job ask ----------------------------------------------------------------------------------

JOB_ASKS = [
    "Are you hiring?",
    "Is your team hiring right now?",
    "Do you have any openings for junior designers?",
    "Are there any positions available at your company?",
    "Could you give me an internship this summer?",
    "Would you hire me?",
    "Could you refer me for the analyst opening?",
    "Would you put in a good word for me with the hiring manager?",
    "Could you look over my résumé?",
    "Can I send you my CV?",
    "Would you pass my resume along to HR?",
    "Would you keep me in mind if something opens up?",
    "How can I get a job at your company?",
    "Could you let me know if any internships come up?",
    "Would you be a reference for me?",
    "Do you know anyone who is hiring?",
    "Could I get an interview at your company?",
    "I'd love to work for you. Are there any openings?",
    "Can I apply for a role on your team?",
    "What do you think of my résumé?",
]
NOT_JOB_ASKS = [
    # Seed 004 lists this among good questions: it asks how hiring works, not for a job.
    "When your company has a job opening, where is it posted?",
    "Who else should I talk to?",
    "Who else in this field would you recommend I speak to?",
    "How do people usually get hired at your company?",
    "What entry-level jobs teach the most in this field?",
    "What do hiring managers in nursing look for in a new graduate?",
    "How do employee referrals work in consulting?",
    "What should a strong portfolio for a junior UX role show?",
    "Could you give me a few roles to look into besides policy analysis?",
    "Could you refer me to any good reading on grant writing?",
    "How could I apply my design skills in healthcare?",
    "What would recruiters in publishing want to see on my résumé?",
    "How do people usually land an interview at a consultancy?",
]


@pytest.mark.parametrize("text", JOB_ASKS)
def test_it_flags_asking_for_a_job_referral_or_resume_review(text: str) -> None:
    assert fires("question.job-ask", text)


@pytest.mark.parametrize("text", NOT_JOB_ASKS)
def test_it_allows_questions_about_how_hiring_works(text: str) -> None:
    assert not fires("question.job-ask", text)


# --- too personal -----------------------------------------------------------------------------

TOO_PERSONAL = [
    "How much do you earn?",
    "What is your salary?",
    "What do you make a year?",
    "How old are you?",
    "What year were you born?",
    "Are you married?",
    "Do you have kids?",
    "How does your husband feel about the night shifts?",
    "Do you have any health problems that affect your work?",
    "What is your religion?",
    "Who did you vote for?",
    "What's your annual income?",
    "Are you planning to have kids?",
]
NOT_TOO_PERSONAL = [
    "What is the salary range for entry-level roles in the field?",
    "How does pay in the public sector compare with private practice?",
    "What do you make of the recent merger?",
    "How do people in this field keep a healthy balance with family life?",
    "How did you approach negotiating your salary in your first role?",
    "What benefits matter most when comparing offers in this industry?",
    "What do the partners at your firm look for in a junior associate?",
    "At what stage of your career did you take on your first management role?",
    "How has your faith in the industry's future changed over the years?",
]


@pytest.mark.parametrize("text", TOO_PERSONAL)
def test_it_flags_prying_into_the_persons_own_life(text: str) -> None:
    assert fires("question.too-personal", text)


@pytest.mark.parametrize("text", NOT_TOO_PERSONAL)
def test_it_allows_questions_about_pay_and_life_in_the_field(text: str) -> None:
    assert not fires("question.too-personal", text)


# --- stacked ----------------------------------------------------------------------------------

STACKED = [
    "What do you like about your work? What frustrates you? How do you unwind after a hard week?",
    "What inspired you to pursue impact finance, and how has your history degree shaped it?",
    "How did you choose your specialty and what would you do differently today?",
    "What is a project you are proud of, looking back over the whole of your career so far; what "
    "made it work, and who on the team made the difference?",
    "What are the key challenges in the role and how have you handled them?",
    "Which skills matter most and where did you learn them?? ",
]
NOT_STACKED = [
    # A question with a short follow-up, as career centres print them (Drexel LeBow, KU, Utah State
    # Huntsman in data/questions_published.jsonl).
    "What do you like best about your work? Least?",
    "What is an average day like? What are your major responsibilities?",
    "How did you get your job? What jobs and experiences have led you to your present position?",
    "What do you like most and least about hospital pharmacy?",
    "What would you change about your training, and why?",
    "How and why did you move from journalism into communications?",
    "When your company has a job opening, where is it posted?",
    "What skills and habits separate good auditors from great ones?",
    "I'd love to hear how you chose the programme and what you learned from it.",
    "In your experience, how do new hires learn the unwritten rules?",
]


@pytest.mark.parametrize("text", STACKED)
def test_it_warns_about_several_questions_in_one(text: str) -> None:
    assert fires("question.stacked", text)


@pytest.mark.parametrize("text", NOT_STACKED)
def test_it_leaves_single_questions_with_two_parts_alone(text: str) -> None:
    assert not fires("question.stacked", text)


# --- vague ------------------------------------------------------------------------------------

VAGUE = [
    "Tell me everything about the industry.",
    "What's it like?",
    "What is it like there?",
    "Any advice?",
    "Do you have any tips for me?",
    "Why?",
    "Tell me about your job.",
    "What can you tell me about the field?",
    "What do you think about the industry?",
]
NOT_VAGUE = [
    "What is it like to work nights in an emergency department?",
    "What advice would you give someone moving from retail into supply chain work?",
    "Tell me about the first time you presented to the board.",
    "How did you get into forensic accounting?",
]


@pytest.mark.parametrize("text", VAGUE)
def test_it_warns_about_vague_questions(text: str) -> None:
    assert fires("question.vague", text)


@pytest.mark.parametrize("text", NOT_VAGUE)
def test_it_leaves_focused_questions_alone(text: str) -> None:
    assert not fires("question.vague", text)


# --- duplicate --------------------------------------------------------------------------------

DUPLICATE_PAIRS = [
    ("What do you enjoy most about your job?", "What do you like most about your work?"),
    ("What skills matter most in this field?", "What skills matter most in this field?"),
    (
        "How did you get started in urban planning?",
        "How did you first get started in urban planning?",
    ),
    ("What trends do you see in the industry?", "Which trends do you see in the field?"),
]
DISTINCT_PAIRS = [
    ("What do you enjoy most about your job?", "What do you enjoy least about your job?"),
    ("What skills matter most in this field?", "What training matters most in this field?"),
    ("How did you get started in urban planning?", "Who else should I talk to?"),
]


@pytest.mark.parametrize(("text", "other"), DUPLICATE_PAIRS)
def test_it_warns_about_near_duplicates_in_the_plan(text: str, other: str) -> None:
    context = CheckContext(other_questions=["Who else should I talk to?", other])
    assert fires("question.duplicate", text, context)
    assert near_duplicate(other, text)


@pytest.mark.parametrize(("text", "other"), DISTINCT_PAIRS)
def test_it_leaves_different_questions_in_the_plan_alone(text: str, other: str) -> None:
    assert not fires("question.duplicate", text, CheckContext(other_questions=[other]))


def test_it_needs_a_plan_to_find_duplicates() -> None:
    assert not fires("question.duplicate", "What do you enjoy most about your job?")


# --- untargeted -------------------------------------------------------------------------------


def test_it_tips_when_research_exists_but_the_question_ignores_it() -> None:
    context = CheckContext(
        research_terms=["tidal energy", "Bay of Fundy pilot"], organisation="Harbour Power"
    )
    findings = check("question", "What do you enjoy most about your work?", context)
    assert [(f.rule, f.severity) for f in findings] == [("question.untargeted", Severity.TIP)]


@pytest.mark.parametrize(
    "text",
    [
        "What did the Bay of Fundy pilot teach your team about permits?",
        "How is tidal energy likely to change over the next decade?",
        "What makes Harbour Power different from the utilities you worked at before?",
        "Which skills do engineers in marine renewables need most?",
    ],
)
def test_it_accepts_questions_that_use_the_research(text: str) -> None:
    context = CheckContext(
        research_terms=["tidal energy", "Bay of Fundy pilot"],
        organisation="Harbour Power",
        field="marine renewables",
    )
    assert not fires("question.untargeted", text, context)


def test_it_gives_no_untargeted_tip_without_research() -> None:
    assert not fires("question.untargeted", "What do you enjoy most about your work?")


def test_it_finds_nothing_wrong_with_a_good_question() -> None:
    text = "What skills did you have to build when you moved from nursing into health informatics?"
    assert check("question", text) == []


# --- the labelled set ---------------------------------------------------------------------------

LABELLED = Path(__file__).resolve().parent.parent / "data" / "questions_labelled.jsonl"
QUESTION_RULES = {
    "question.yes-no",
    "question.searchable",
    "question.job-ask",
    "question.too-personal",
    "question.stacked",
    "question.vague",
    "question.duplicate",
    "question.untargeted",
}


def load_labelled() -> list[dict]:
    with LABELLED.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def context_for(row: dict) -> CheckContext:
    extra = row.get("context") or {}
    return CheckContext(
        # a plan never counts the question itself (bench/checker_accuracy.py does the same)
        other_questions=[q for q in row.get("plan") or [] if q != row["text"]],
        research_terms=list(extra.get("research_terms") or []),
        organisation=extra.get("organisation", ""),
        role=extra.get("role", ""),
        field=extra.get("field", ""),
    )


def labelled_accuracy() -> dict[str, float | int]:
    """Share of good questions flagged as a problem; of bad ones given a problem or warning."""
    rows = load_labelled()
    good = [r for r in rows if r["good"]]
    bad = [r for r in rows if not r["good"]]
    good_problem = sum(has_problem(check("question", r["text"], context_for(r))) for r in good)
    bad_caught = sum(
        any(f.severity is not Severity.TIP for f in check("question", r["text"], context_for(r)))
        for r in bad
    )
    return {
        "good": len(good),
        "good_flagged_as_problem": good_problem,
        "good_problem_share": good_problem / len(good),
        "bad": len(bad),
        "bad_caught": bad_caught,
        "bad_caught_share": bad_caught / len(bad),
    }


def test_it_keeps_a_well_formed_labelled_set() -> None:
    rows = load_labelled()
    assert len(rows) >= 160
    assert sum(r["good"] for r in rows) >= 90
    per_rule = Counter(rule for r in rows if not r["good"] for rule in r["expected_rules"])
    for rule_id in QUESTION_RULES:
        assert per_rule[rule_id] >= 8, rule_id
    for row in rows:
        assert set(row) <= {"text", "good", "expected_rules", "plan", "context", "note"}, row
        assert row["text"].strip()
        assert set(row["expected_rules"]) <= QUESTION_RULES, row
        assert bool(row["expected_rules"]) is not row["good"], row
    texts = [r["text"] for r in rows]
    assert len(set(texts)) == len(texts)


def test_it_keeps_the_good_labelled_questions_apart_from_the_bank() -> None:
    from coffeechat.prep.question_bank import bank

    bank = [q.text for q in bank()]
    good = [r["text"] for r in load_labelled() if r["good"]]
    assert not [(g, b) for g in good for b in bank if near_duplicate(g, b)]


def test_it_finds_each_expected_rule_in_the_labelled_set() -> None:
    missed = []
    for row in load_labelled():
        fired = {f.rule for f in check("question", row["text"], context_for(row))}
        missing = set(row["expected_rules"]) - fired
        if missing:
            missed.append((row["text"], sorted(missing)))
    assert missed == []


def test_it_meets_the_accuracy_targets_on_the_labelled_set() -> None:
    figures = labelled_accuracy()
    assert figures["good_problem_share"] <= 0.05, figures
    assert figures["bad_caught_share"] >= 0.85, figures


if __name__ == "__main__":  # python -m coffeechat.coach.tests.test_question_rules
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.test_settings")
    django.setup()
    f = labelled_accuracy()
    print(
        f"good questions flagged as a problem: {f['good_flagged_as_problem']}/{f['good']} "
        f"({f['good_problem_share']:.1%}); bad questions caught: {f['bad_caught']}/{f['bad']} "
        f"({f['bad_caught_share']:.1%})"
    )
