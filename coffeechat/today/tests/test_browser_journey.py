"""A first session in a real browser: sign up, onboard, add people, start, drag, find on Today."""

import pytest

from coffeechat.conftest import screenshot
from coffeechat.pipeline.models import Conversation, Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "coffee-Beans-2026"


def test_it_walks_a_new_user_from_sign_up_to_today(page):
    page.goto(page.base_url + "/")
    assert page.url.endswith("/accounts/setup/")
    page.get_by_label("Username").fill("ana")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    page.wait_for_url("**/accounts/onboarding/")
    page.get_by_label("Your name").fill("Ana Lima")
    page.get_by_label("Your 30-second introduction").fill(
        "I'm Ana, a final-year economics student curious about user research."
    )
    page.get_by_label("Career interests").fill("UX research, fintech")
    page.get_by_label("Your time zone").select_option("Europe/Lisbon")
    screenshot(page, "onboarding")
    page.get_by_role("button", name="Save and start").click()
    page.wait_for_url(page.base_url + "/")

    page.goto(page.base_url + "/organisations/new/")
    page.get_by_label("Name").fill("Stripe, Inc.")
    page.get_by_role("button", name="Save organisation").click()
    page.wait_for_url("**/organisations/*/")

    page.goto(page.base_url + "/contacts/new/")
    page.get_by_label("Given name").fill("Priya")
    page.get_by_label("Family name").fill("Shah")
    page.get_by_label("Organisation").fill("Stripe")
    page.get_by_label("Role").fill("UX researcher")
    page.get_by_label("How you know them").select_option("alumni")
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_url("**/contacts/*/")
    assert "Stripe, Inc." in page.inner_text("main")
    screenshot(page, "contact-detail")

    page.get_by_role("button", name="Start a conversation").click()
    page.wait_for_url("**/conversations/*/")

    page.goto(page.base_url + "/conversations/board/")
    card = page.locator(".board-card", has_text="Priya Shah")
    target = page.locator('.board-column[data-stage="requested"]')
    card.drag_to(target)
    page.wait_for_selector('.board-card[data-moved="requested"]')
    assert target.locator(".board-card", has_text="Priya Shah").count() == 1
    # The moved card shows the next step of its new stage without a reload.
    moved = target.locator(".board-card", has_text="Priya Shah")
    assert "Write your request" not in moved.inner_text()
    assert "Next:" in moved.inner_text()
    screenshot(page, "board")
    assert Conversation.objects.get().stage == Stage.REQUESTED

    page.get_by_role("link", name="Today").click()
    page.wait_for_url(page.base_url + "/")
    assert "Wait for Priya Shah's reply" in page.inner_text("main")
    screenshot(page, "today")
