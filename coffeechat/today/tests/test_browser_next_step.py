"""In a real browser, one conversation from its draft to keeping in touch, with the clock moved
forward at each point — reply logged, meeting past without meeting mode, a day after it, a week
after, ninety days after — (the server runs in this process, so time-machine moves its clock too):
Today, the board's card and the conversation page's head show the same next step, and nothing
stale. The user acts through the pages: logging the reply, entering the meeting, capturing,
thanking."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from coffeechat.conftest import screenshot
from coffeechat.core.testing import make_user, sign_in
from coffeechat.core.tests import factories
from coffeechat.followup.models import ActionItem
from coffeechat.meetings.models import Meeting
from coffeechat.outreach.models import RequestDraft
from coffeechat.outreach.services import mark_sent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def expect_step(page, conversation, title: str) -> None:
    page.goto(page.base_url + "/")
    assert page.locator(".today-item a", has_text=title).count() == 1, title
    page.goto(page.base_url + "/conversations/board/")
    card = page.locator(f'.board-card[data-id="{conversation.pk}"]')
    assert f"Next: {title}" in card.inner_text(), card.inner_text()
    page.goto(f"{page.base_url}/conversations/{conversation.pk}/")
    assert title in page.locator(".next-step-box").inner_text()


def test_it_keeps_one_fresh_next_step_from_draft_to_keeping_in_touch(page):
    with time_machine.travel(MONDAY - timedelta(days=1), tick=False):
        noor = make_user("noor")
        priya = factories.contact(noor, "Priya Shah", emails=["priya@example.org"])
        priya.keep_in_touch_days = 90
        priya.save()
        conversation = factories.conversation(noor, priya, "request_drafted")
        draft = RequestDraft.objects.create(
            user=noor, conversation=conversation, subject="Hi", body="Hi Priya"
        )
    with time_machine.travel(MONDAY, tick=True):
        sign_in(page, "noor")
        expect_step(page, conversation, "Send your request to Priya Shah")
        mark_sent(draft)
        expect_step(page, conversation, "Wait for Priya Shah's reply")

    # Wednesday: she says yes; logged on the conversation page.
    with time_machine.travel(MONDAY + timedelta(days=2), tick=True):
        page.goto(f"{page.base_url}/conversations/{conversation.pk}/")
        page.locator("summary", has_text="Log their reply").click()
        page.get_by_label("Their answer").select_option("yes")
        page.get_by_role("button", name="Log reply").click()
        page.wait_for_url(f"**/conversations/{conversation.pk}/")
        expect_step(page, conversation, "Schedule the meeting with Priya Shah")
        assert "Wait for" not in page.inner_text("main")

        # The meeting: Friday 09:00, entered on the conversation page.
        page.get_by_label("Date and time").fill("2026-03-06T09:00")
        page.get_by_role("button", name="Schedule").click()
        page.wait_for_url("**/meetings/*/")
        expect_step(page, conversation, "Prepare for Priya Shah")
        screenshot(page, "next-step-prepare")

    meeting = Meeting.objects.get()
    ended = meeting.starts_at + timedelta(minutes=meeting.minutes)
    # The meeting is over and meeting mode was never opened: capture, not silence.
    with time_machine.travel(ended + timedelta(minutes=30), tick=True):
        expect_step(page, conversation, "Capture what you learned from Priya Shah")
    # A day on, captured or not, the thank-you is due.
    with time_machine.travel(ended + timedelta(days=1, hours=1), tick=True):
        expect_step(page, conversation, "Write the thank-you to Priya Shah")
        page.get_by_role("link", name="Write it").click()
        page.wait_for_url("**/thanks/")
        page.get_by_role("button", name="Mark as sent").click()
        page.wait_for_url(f"**/conversations/{conversation.pk}/")
        assert "Write the thank-you" not in page.inner_text("main")
        screenshot(page, "next-step-thanked")

    # She offered an introduction (as capture would note it): a week on, a gentle reminder.
    promise = ActionItem.objects.create(
        user=noor,
        contact=priya,
        conversation=conversation,
        text="Introduce me to Sam",
        owner="theirs",
    )
    with time_machine.travel(ended + timedelta(days=8), tick=True):
        expect_step(page, conversation, "Remind Priya Shah gently: Introduce me to Sam")
    promise.done = True
    promise.save()

    # Ninety days after the last touch, keep in touch (on Today from its per-person list).
    with time_machine.travel(ended + timedelta(days=93), tick=True):
        sign_in(page, "noor")  # the session of three months ago has expired
        expect_step(page, conversation, "Keep in touch with Priya Shah")
