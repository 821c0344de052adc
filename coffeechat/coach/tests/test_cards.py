"""The coach's answers as cards: one per rule, every place listed, sources by name."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from coffeechat.coach.cards import cards
from coffeechat.coach.engine import _REGISTRY, _load_rule_modules, check
from coffeechat.coach.sources import DALTON, SEED_001, SOURCES, source_name

TWO_JOBS = (
    "Hi Priya,\n\nAre you hiring this year? I would love a job at your firm.\n\n"
    "Would you have 20 minutes for a call next week?\n\nSam"
)


def test_two_findings_of_one_rule_make_one_card_with_two_places() -> None:
    found = [f for f in check("request", TWO_JOBS) if f.rule == "request.mentions-job"]
    assert len(found) >= 2
    (card,) = cards(found, TWO_JOBS)
    assert card.rule == "request.mentions-job"
    assert len(card.places) == len(found)
    assert [p.text for p in card.places] == [TWO_JOBS[f.start : f.end] for f in found]
    assert card.spans == " ".join(
        f"{f.start}-{f.end}" for f in sorted(found, key=lambda f: f.start)
    )


def test_the_partial_shows_one_card_per_rule_with_its_places_and_no_file_names() -> None:
    found = check("request", TWO_JOBS)
    html = render_to_string("coach/_findings.html", {"findings": found, "checked": TWO_JOBS})
    assert html.count('data-rule="request.mentions-job"') == 1
    assert html.count("Leave out jobs") == 1
    assert f"In {sum(f.rule == 'request.mentions-job' for f in found)} places" in html
    assert "<mark>hiring</mark>" in html or "<mark>job</mark>" in html
    assert source_name(SEED_001) in html
    assert ".txt" not in html
    # The live checker's fragment gets dicts; the cards are the same.
    dicts = render_to_string(
        "coach/_findings.html", {"findings": [f.as_dict() for f in found], "checked": TWO_JOBS}
    )
    assert dicts == html


def test_cards_without_the_text_say_how_many_places() -> None:
    found = [f for f in check("request", TWO_JOBS) if f.rule == "request.mentions-job"]
    html = render_to_string("coach/_findings.html", {"findings": found})
    assert f"In {len(found)} places." in html and "<mark>" not in html


def test_every_rule_cites_a_source_from_the_one_list_by_a_name_not_a_file() -> None:
    _load_rule_modules()
    assert _REGISTRY
    for r in _REGISTRY.values():
        assert r.source in SOURCES, r.id
    for name in SOURCES.values():
        assert ".txt" not in name and "_" not in name
    assert source_name(DALTON) == "The 2-Hour Job Search (Steve Dalton)"


def test_every_seed_article_is_in_the_list() -> None:
    seeds = Path("/work/shared/seeds")
    if seeds.is_dir():
        assert {p.name for p in seeds.glob("*.txt")} <= set(SOURCES)


def test_the_coach_imports_no_other_app() -> None:
    root = Path(__file__).resolve().parents[1]
    for path in root.rglob("*.py"):
        text = path.read_text()
        for line in text.splitlines():
            if line.startswith(("from coffeechat.", "import coffeechat.")):
                module = line.split()[1]
                assert module.startswith(("coffeechat.coach", "coffeechat.core")), (path, line)


def test_places_are_quoted_from_the_raw_text_not_an_escaped_copy() -> None:
    text = 'Hi Priya,\r\n\r\nI\'m "keen" & curious: are you hiring?'
    found = [f for f in check("request", text) if f.rule == "request.mentions-job"]
    html = render_to_string("coach/_findings.html", {"findings": found, "checked": text})
    assert "<mark>hiring</mark>" in html
