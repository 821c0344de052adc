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


def order_in_db(conversation) -> list[int]:
    return list(conversation.planned_questions.filter(closing=False).values_list("pk", flat=True))


def shown_order(page) -> list[int]:
    ids = page.locator("#plan-questions > li").evaluate_all("els => els.map(e => e.dataset.id)")
    return [int(pk) for pk in ids]


def announced(page, words: str) -> None:
    """Wait for the live region to say `words` (it is filled a moment after each change)."""
    page.wait_for_selector(f"#plan-status:has-text({words!r})", state="attached")


def focused_in(page) -> str:
    """The id of the plan question or bank entry holding the focus, and the focused button."""
    return page.evaluate(
        """() => {
        const el = document.activeElement;
        const item = el.closest("li[id]");
        return (item ? item.id : "") + " " + (el.getAttribute("data-plan-action") || el.id);
    }"""
    )


def test_it_builds_sizes_reorders_and_prints_a_plan_without_reloading(page):
    alice, conversation = setup_conversation()
    log_in(page, alice)
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    plan_url = f"{page.base_url}/conversations/{conversation.pk}/plan/"
    page.goto(plan_url)
    assert "0 of about 8" in page.inner_text("#plan-size")
    # Survives only as long as the page is not loaded again.
    page.evaluate("window.notReloaded = true")

    for number, (topic, slug) in enumerate(PICKS, start=1):
        group = page.locator(f"#topic-{topic}")
        if group.get_attribute("open") is None:
            group.locator("summary").click()
        if slug:
            button = group.locator(f'button[data-plan-action=add][value="{slug}"]')
        else:
            button = group.get_by_role("button", name=re.compile(r"^Add: ")).first
            slug = button.get_attribute("value")
        button.click()
        page.wait_for_selector(f"#plan-size:has-text('{number} of about 8')")
        entry = page.locator(f"#bank-{slug}")
        assert "In the plan" in entry.inner_text()
        assert focused_in(page) == f"bank-{slug} bank-{slug}"
        announced(page, "Added to the plan:")
        if number == 8:
            assert page.locator("#size-warning").count() == 0
            screenshot(page, "prep-plan")
        if number == 9:
            assert page.locator("#size-warning").count() == 1
    warning = page.locator("#size-warning")
    assert "more than 20 minutes allow" in warning.inner_text()
    announced(page, "More than 20 minutes allow.")
    assert conversation.planned_questions.filter(closing=False).count() == 10
    assert page.url == plan_url
    assert page.evaluate("window.notReloaded") is True

    # Keyboard: the third question moves up with its button; focus stays on it.
    before = shown_order(page)
    third = before[2]
    page.locator(f"#q-{third} [data-plan-action=up]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#plan-questions > li#q-{third}:nth-child(2)")
    assert order_in_db(conversation)[:3] == [before[0], third, before[1]]
    assert focused_in(page) == f"q-{third} up"
    announced(page, "Now 2 of 10.")
    page.keyboard.press("Enter")  # up again, to the top: Up is disabled there, focus on Down
    page.wait_for_selector(f"#plan-questions > li#q-{third}:first-child")
    assert focused_in(page) == f"q-{third} down"
    assert order_in_db(conversation)[:2] == [third, before[0]]

    # Drag the fourth question to the top.
    items = page.locator("#plan-questions > li")
    dragged_text = items.nth(3).locator(".plan-text").inner_text().strip(" ⠿\n")
    dragged_id = int(items.nth(3).get_attribute("data-id"))
    items.nth(3).drag_to(items.nth(0), target_position={"x": 20, "y": 4})
    announced(page, "New order saved.")
    assert order_in_db(conversation)[:2] == [dragged_id, third]
    assert shown_order(page) == order_in_db(conversation)

    # Remove two from the end with the keyboard: focus moves to the question before.
    for _ in range(2):
        shown = shown_order(page)
        page.locator(f"#q-{shown[-1]} [data-plan-action=remove]").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#q-{shown[-1]}", state="detached")
        assert focused_in(page) == f"q-{shown[-2]} remove"
        announced(page, "Removed from the plan:")
    page.wait_for_selector("#plan-size:has-text('8 of about 8')")
    assert page.locator("#size-warning").count() == 0
    assert page.evaluate("window.notReloaded") is True
    assert page.url == plan_url
    assert blocked == []
    page.check_now()
    # The closing questions still end the plan.
    closing = page.locator("#phase-closing").inner_text()
    assert "Who else would you suggest I talk to" in closing
    assert "May I follow up with you" in closing

    page.goto(f"{page.base_url}/conversations/{conversation.pk}/brief/")
    text = page.inner_text("main")
    for expected in [
        "tidal energy",
        "Learn what a grid analyst's week involves",
        "a student exploring user research",
        "Rowing captain",
        dragged_text,
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


def test_the_plan_works_without_javascript(browser, live_server):
    alice, conversation = setup_conversation()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.base_url = live_server.url
        log_in(page, alice)
        page.goto(f"{live_server.url}/conversations/{conversation.pk}/plan/")
        page.locator("#topic-day_to_day summary").click()
        page.locator('button[data-plan-action=add][value="day-typical-week"]').click()
        page.wait_for_url(re.compile(r"\?topic=day_to_day#topic-day_to_day$"))
        assert "In the plan" in page.inner_text("#bank-day-typical-week")
        assert "1 of about 8" in page.inner_text("#plan-size")
        row = conversation.planned_questions.get(closing=False)
        page.locator(f"#q-{row.pk} [data-plan-action=priority]").click()
        page.wait_for_url(re.compile(rf"#q-{row.pk}$"))
        assert "If time allows" in page.inner_text(f"#q-{row.pk}")
        page.locator(f"#q-{row.pk} [data-plan-action=remove]").click()
        page.wait_for_url(re.compile(r"#phase-questions$"))
        assert "0 of about 8" in page.inner_text("#plan-size")
        assert not conversation.planned_questions.filter(closing=False).exists()
    finally:
        context.close()


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
