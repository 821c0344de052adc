"""The one placeholder engine shared by the question bank and the request templates."""

import pytest

from coffeechat.core.placeholders import Placeholder, PlaceholderError, Placeholders

WORDS = Placeholders(
    Placeholder("first_name", "their first name"),
    Placeholder("role", "their role", lambda value: f"the {value} role", "your role"),
    Placeholder("research_point", "a point from your notes"),
)


def test_it_lists_names_in_order_without_repeats() -> None:
    assert WORDS.names_in("{role} and {first_name}, {role}") == ["role", "first_name"]
    assert list(WORDS) == ["first_name", "role", "research_point"]
    assert WORDS.listed() == "{first_name}, {role}, {research_point}"
    assert WORDS.meanings()["role"] == "their role"


def test_it_names_every_unknown_placeholder_and_lists_the_known_ones() -> None:
    with pytest.raises(PlaceholderError) as caught:
        WORDS.check("Hi {frist_name}, {company} and {role}")
    assert str(caught.value) == (
        "Unknown placeholder {frist_name}, {company}. "
        "Available: {first_name}, {role}, {research_point}."
    )


@pytest.mark.parametrize(
    "text", ["Hi {first_name", "Hi first_name}", "{first_name.upper}", "{first_name!r}", "{0}"]
)
def test_it_refuses_malformed_placeholders(text: str) -> None:
    with pytest.raises(PlaceholderError):
        WORDS.check(text)


def test_it_reads_doubled_braces_as_literal_ones() -> None:
    assert WORDS.names_in("{{role}} is not a placeholder") == []
    assert WORDS.fill_message("{{first_name}} = {first_name}", {"first_name": "Ana"}) == (
        "{first_name} = Ana\n"
    )


def test_it_fills_a_sentence_with_shapes_and_fallbacks() -> None:
    assert WORDS.fill_sentence("How did you get into {role}?", {"role": "Analyst"}) == (
        "How did you get into the Analyst role?"
    )
    assert WORDS.fill_sentence("How did you get into {role}?", {"role": "  "}) == (
        "How did you get into your role?"
    )


def test_it_tidies_a_sentence_after_an_empty_fallback() -> None:
    assert WORDS.fill_sentence("{first_name}, what is {role} like?", {}) == (
        "What is your role like?"
    )
    assert WORDS.fill_sentence("Before we stop, {first_name}, who else?", {}) == (
        "Before we stop, who else?"
    )


def test_it_leaves_out_a_message_line_whose_placeholders_are_all_empty() -> None:
    text = "Hi {first_name},\n\nI read: {research_point}\n\nI am exploring {role}.\n\nBye"
    assert WORDS.fill_message(text, {"first_name": "Ana"}) == (
        "Hi Ana,\n\nI am exploring your role.\n\nBye\n"
    )


def test_it_refuses_to_fill_an_unknown_placeholder_even_with_a_value() -> None:
    with pytest.raises(PlaceholderError, match=r"\{company\}"):
        WORDS.fill_sentence("What is {company} like?", {"company": "Acme"})
    with pytest.raises(PlaceholderError, match=r"\{company\}"):
        WORDS.fill_message("What is {company} like?", {"company": "Acme"})


def test_it_extends_a_vocabulary_without_changing_it() -> None:
    scripts = WORDS.extended(Placeholder("opening", "the opening line"))
    assert scripts.fill_message("{opening} {first_name}", {"opening": "Hello", "first_name": "A"})
    assert "opening" in scripts
    assert "opening" not in WORDS
