"""The built-in question bank: size, coverage, placeholders, and that it passes our own checker."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from coffeechat.coach.engine import CheckContext, Severity, check
from coffeechat.coach.rules.questions import near_duplicate
from coffeechat.prep import question_bank
from coffeechat.prep.question_bank import (
    PLACEHOLDERS,
    TIARA,
    TOPICS,
    BankQuestion,
    QuestionBankError,
    bank,
    by_slug,
    by_tiara,
    by_topic,
    closing_questions,
    grouped_by_topic,
    load_bank,
    values_for_contact,
)

BANK = bank()

SAMPLE_VALUES = {
    "role": "Policy Analyst",
    "organisation": "Harbour Power",
    "industry": "energy",
    "field": "renewable energy",
    "first_name": "Priya",
}


def test_it_holds_at_least_120_questions_with_unique_slugs() -> None:
    assert len(BANK) >= 120
    slugs = [q.slug for q in BANK]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", s) for s in slugs)
    assert len({q.text for q in BANK}) == len(BANK)


def test_it_lists_the_topics_in_order_with_labels() -> None:
    assert TOPICS == [
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
    assert TIARA == ["trends", "insights", "advice", "resources", "assignments"]


def test_it_covers_every_topic_and_every_tiara_letter() -> None:
    topic_keys = [key for key, _label in TOPICS]
    for key in topic_keys:
        assert len(by_topic(key)) >= 8, key
    for letter in TIARA:
        assert len(by_tiara(letter)) >= 8, letter
    assert all(q.topic in topic_keys and q.tiara in TIARA for q in BANK)
    assert [key for key, _label, _qs in grouped_by_topic()] == topic_keys
    assert sum(len(qs) for _key, _label, qs in grouped_by_topic()) == len(BANK)


def test_it_looks_questions_up_by_slug_and_topic() -> None:
    question = by_slug("day-typical-week")
    assert question.topic == "day_to_day"
    assert question.topic_label == "Day-to-day work"
    assert question in by_topic("day_to_day")
    assert question_bank.get("no-such-question") is None
    with pytest.raises(KeyError):
        by_slug("no-such-question")
    with pytest.raises(ValueError):
        by_topic("gossip")
    with pytest.raises(ValueError):
        by_tiara("t")


def test_it_is_made_of_frozen_questions() -> None:
    question = BANK[0]
    assert isinstance(question, BankQuestion)
    with pytest.raises(AttributeError):
        question.text = "changed"  # type: ignore[misc]


def test_it_marks_the_closing_questions() -> None:
    closing = {q.slug for q in closing_questions()}
    # who else to talk to, may I follow up, can I help you in return
    assert {"res-talk-to", "next-follow-up", "next-help-you"} <= closing
    assert all(q.closing for q in closing_questions())
    assert not by_slug("career-first-pull").closing


def test_it_uses_only_known_placeholders() -> None:
    known = set(question_bank.PLACEHOLDERS)
    used = {name for q in BANK for name in q.placeholders}
    assert used <= known
    assert {"role", "organisation", "industry", "field", "first_name"} <= used


def test_it_fills_placeholders_from_values() -> None:
    text = "How is {organisation} adjusting to the shifts in {industry}, as seen from {role}?"
    filled = PLACEHOLDERS.fill_sentence(
        text, {"organisation": "Harbour Power", "industry": "energy", "role": "Policy Analyst"}
    )
    assert filled == (
        "How is Harbour Power adjusting to the shifts in energy, as seen from the Policy Analyst "
        "role?"
    )


def test_it_falls_back_to_generic_words_when_a_value_is_missing() -> None:
    text = "How did {first_name} get into {field} at {organisation} in {industry} and {role}?"
    filled = PLACEHOLDERS.fill_sentence(text, {"field": "  ", "organisation": None})
    assert filled == (
        "How did get into your field at your organisation in your industry and your role?"
    )
    assert "{" not in filled


def test_it_tidies_up_after_an_empty_first_name() -> None:
    question = by_slug("res-next-name")
    assert question.filled() == (
        "Before we wrap up, whose name comes to mind as someone I should meet next?"
    )
    assert question.filled({"first_name": "Priya"}) == (
        "Before we wrap up, Priya, whose name comes to mind as someone I should meet next?"
    )
    assert PLACEHOLDERS.fill_sentence("{first_name}, what drew you to nursing?", {}) == (
        "What drew you to nursing?"
    )


def test_it_does_not_double_the_word_role() -> None:
    assert PLACEHOLDERS.fill_sentence(
        "How did you move into {role}?", {"role": "Product Owner role"}
    ) == ("How did you move into the Product Owner role?")


def test_it_names_an_unknown_placeholder() -> None:
    with pytest.raises(ValueError, match=r"\{company\}"):
        PLACEHOLDERS.fill_sentence("What is {company} like to work for?", {"company": "Acme"})


def test_it_reads_values_from_a_contact() -> None:
    contact = SimpleNamespace(
        first_name="Priya", role="Policy Analyst", organisation=SimpleNamespace(name="Harbour")
    )
    assert values_for_contact(contact, field="renewable energy") == {
        "first_name": "Priya",
        "role": "Policy Analyst",
        "organisation": "Harbour",
        "field": "renewable energy",
        "industry": "",
    }
    lone = SimpleNamespace(first_name="Sam", role="", organisation=None)
    assert values_for_contact(lone)["organisation"] == ""


@pytest.mark.parametrize("values", [{}, SAMPLE_VALUES], ids=["generic", "filled"])
def test_it_passes_our_own_checker_with_no_problem_or_warning(values: dict) -> None:
    context = CheckContext(organisation=values.get("organisation", ""))
    failures = []
    for question in BANK:
        text = PLACEHOLDERS.fill_sentence(question.text, values)
        assert not re.search(r"[{}]", text), question.slug
        findings = [f for f in check("question", text, context) if f.severity is not Severity.TIP]
        if findings:
            failures.append((question.slug, text, [f.rule for f in findings]))
    assert failures == []


def test_it_has_no_near_duplicates() -> None:
    pairs = [
        (a.slug, b.slug)
        for a, b in itertools.combinations(BANK, 2)
        if near_duplicate(a.text, b.text)
    ]
    assert pairs == []


def test_it_reads_as_questions() -> None:
    for question in BANK:
        assert question.text.endswith("?"), question.slug
        assert question.text.count("?") == 1, question.slug
        assert PLACEHOLDERS.names_in(question.text) == question.placeholders


def test_it_reads_the_bank_once() -> None:
    assert bank() is bank()
    assert isinstance(bank(), tuple)


GOOD_ROW = {
    "slug": "day-typical-week",
    "topic": "day_to_day",
    "tiara": "insights",
    "closing": False,
    "text": "What does a typical week in {role} look like?",
}


def _bank_file(tmp_path: Path, *rows: dict | str) -> Path:
    path = tmp_path / "question_bank.jsonl"
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_it_loads_a_well_formed_file() -> None:
    path = Path(question_bank.BANK_FILE)
    assert load_bank(path) == bank()


def test_it_keeps_the_order_and_the_closing_flag(tmp_path: Path) -> None:
    closing = {**GOOD_ROW, "slug": "next-follow-up", "closing": True}
    loaded = load_bank(_bank_file(tmp_path, GOOD_ROW, "", closing))
    assert [(q.slug, q.closing) for q in loaded] == [
        ("day-typical-week", False),
        ("next-follow-up", True),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"topic": "gossip"}, r"line 2: unknown topic 'gossip'; known ones: career_path, "),
        ({"tiara": "t"}, r"line 2: unknown TIARA letter 't'; known ones: trends, insights"),
        ({"text": "Is {company} nice?"}, r"line 2: Unknown placeholder \{company\}\. Available"),
        ({"text": "Is {role nice?"}, r"line 2: Unmatched"),
        ({"slug": "Day Typical"}, r"line 2: slug 'Day Typical' is not lower-case-with-dashes"),
        ({"closing": "yes"}, r"line 2: closing must be true or false"),
        ({"text": " "}, r"line 2: text must not be empty"),
        ({"colour": "red"}, r"line 2: expected exactly the keys"),
        ({"slug": "day-typical-week"}, r"line 2: duplicate slug 'day-typical-week'"),
    ],
)
def test_it_refuses_a_bad_row_naming_its_line(tmp_path: Path, change: dict, message: str) -> None:
    with pytest.raises(QuestionBankError, match=rf"^question_bank\.jsonl {message}"):
        load_bank(_bank_file(tmp_path, GOOD_ROW, {**GOOD_ROW, "slug": "day-other", **change}))


def test_it_refuses_a_line_that_is_not_json(tmp_path: Path) -> None:
    with pytest.raises(QuestionBankError, match=r"line 1: not JSON"):
        load_bank(_bank_file(tmp_path, "{slug: 1}"))
