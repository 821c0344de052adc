"""In a real browser: build a plan from the bank, see it grow too long, drag to reorder, print."""

import re

import pytest
from django.conf import settings
from django.test import Client

from coffeechat.conftest import screenshot
from coffeechat.core.testing import make_user
from coffeechat.core.tests import factories
from coffeechat.pipeline.models import Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Ten bank questions from several topics, in the order the user picks them.
PICKS = [
    ("career_path", "career-first-pull"),
    ("career_path", "career-move-into-role"),
    ("day_to_day", "day-typical-week"),
    ("day_to_day", "day-current-project"),
    ("skills", "skills-underrated"),
    ("trends", "trends-five-years"),
    ("organisation", None),  # the first question the organisation topic offers
    ("challenges", "ch-pressure"),
    ("advice", "adv-stand-out"),
    ("resources", "res-associations"),
]


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF written by Chromium: its page objects are plain `/Type /Page` entries."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def log_in(page, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])


def setup_conversation():
    alice = make_user("alice")
    org = factories.organisation(alice, "Harbour Power", industry="renewable energy")
    contact = factories.contact(
        alice,
        "Priya Shah",
        org=org,
        role="Grid Analyst",
        research_notes=(
            "Leads the **tidal energy** pilot in the Bay of Fundy.\n\n"
            "- Spoke at the 2025 Atlantic Energy Forum about storage\n"
            "- Writes a monthly newsletter on grid balancing\n"
            "- Moved the forecasting team from spreadsheets to a shared Python model in 2024\n"
            "- Mentors new analysts through the Women in Energy programme\n\n"
            "Her team publishes quarterly reports on how tidal output lines up with peak demand, "
            "and she has argued for more battery storage near the coast. She answered questions "
            "from students after her talk and seemed glad to explain how forecasting works."
        ),
        career_story="Physics at Dalhousie, four years at Nova Scotia Power, then Harbour Power.",
        common_ground="We both rowed at university.",
        links=[{"url": "https://example.org/forum-talk", "title": "Forum talk (video)"}],
    )
    conversation = factories.conversation(alice, contact, Stage.SCHEDULED)
    conversation.meeting_minutes = 20
    conversation.intention = "Learn what a grid analyst's week involves and how people get started."
    conversation.talking_points = (
        "Physics degree with a thesis on tidal models\n"
        "Summer internship in a utility's planning team\n"
        "Rowing captain: used to early starts and teamwork\n"
        "Built a small dashboard of tide tables for my department's open day"
    )
    conversation.save()
    return alice, conversation


def test_it_builds_sizes_reorders_and_prints_a_plan(page):
    alice, conversation = setup_conversation()
    log_in(page, alice)
    plan_url = f"{page.base_url}/conversations/{conversation.pk}/plan/"
    page.goto(plan_url)
    assert "0 of about 8" in page.inner_text("#plan-size")

    for number, (topic, slug) in enumerate(PICKS, start=1):
        group = page.locator(f"#topic-{topic}")
        if group.get_attribute("open") is None:
            group.locator("summary").click()
        if slug:
            group.locator(
                f'form:has(input[name=slug][value="{slug}"]) button', has_text="Add"
            ).click()
        else:
            group.get_by_role("button", name=re.compile(r"^Add: ")).first.click()
        page.wait_for_url(re.compile(r"\?topic="))
        page.wait_for_selector(f"#plan-size:has-text('{number} of about 8')")
        if number == 8:
            assert page.locator("#size-warning").count() == 0
            screenshot(page, "prep-plan")
        if number == 9:
            assert page.locator("#size-warning").count() == 1
    warning = page.locator("#size-warning")
    assert "more than 20 minutes allow" in warning.inner_text()
    assert conversation.planned_questions.filter(closing=False).count() == 10

    # Drag the third question to the top.
    items = page.locator("#plan-questions > li")
    third_text = items.nth(2).locator(".plan-text").inner_text().strip(" ⠿\n")
    first_id = items.nth(0).get_attribute("data-id")
    third_id = items.nth(2).get_attribute("data-id")
    items.nth(2).drag_to(items.nth(0), target_position={"x": 20, "y": 4})
    page.wait_for_selector("#plan-questions[data-saved=yes]")
    order = list(conversation.planned_questions.filter(closing=False).values_list("pk", flat=True))
    assert order[:2] == [int(third_id), int(first_id)], order
    page.reload()
    assert third_text in page.locator("#plan-questions > li").first.inner_text()
    # The closing questions still end the plan.
    closing = page.locator("#phase-closing").inner_text()
    assert "Who else would you suggest I talk to" in closing
    assert "May I follow up with you" in closing

    # Back to a normal plan of 8 and print the brief.
    for _ in range(2):
        page.locator("#plan-questions > li").last.get_by_role("button", name="Remove").click()
        page.wait_for_load_state()
    page.wait_for_selector("#plan-size:has-text('8 of about 8')")
    assert page.locator("#size-warning").count() == 0

    page.goto(f"{page.base_url}/conversations/{conversation.pk}/brief/")
    text = page.inner_text("main")
    for expected in [
        "tidal energy",
        "Learn what a grid analyst's week involves",
        "a student exploring user research",
        "Rowing captain",
        third_text,
        "May I follow up with you",
    ]:
        assert expected in text, expected
    screenshot(page, "prep-brief")
    page.emulate_media(media="print")
    screenshot(page, "prep-brief-print")
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        assert pdf.startswith(b"%PDF")
        assert pdf_pages(pdf) == 1, f"{paper}: {pdf_pages(pdf)} pages"


def test_it_shows_readiness_on_the_conversation_and_the_board(page):
    alice, conversation = setup_conversation()
    log_in(page, alice)
    page.goto(f"{page.base_url}/conversations/{conversation.pk}/")
    panel = page.locator("section", has=page.locator("#prep-h"))
    assert "Needs preparation" in panel.inner_text()
    assert "0 of about 8 questions planned" in panel.inner_text()
    screenshot(page, "prep-panel")
    panel.get_by_role("link", name="Open the question plan").click()
    page.wait_for_url("**/plan/")
    page.goto(f"{page.base_url}/conversations/board/")
    card = page.locator(".board-card", has_text="Priya Shah")
    assert "Needs preparation" in card.inner_text()
