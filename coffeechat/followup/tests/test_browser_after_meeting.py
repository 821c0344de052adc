"""In a real browser: after a captured meeting Today shows the thank-you as due; the composer
asks for its slots with the notes beside it; marking it sent clears the item and moves the stage to
thanked; 90 days later the contact is due to keep in touch, and sharing an article resets it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from coffeechat.conftest import screenshot
from coffeechat.contacts.models import Touchpoint
from coffeechat.core.testing import make_user, sign_in
from coffeechat.core.tests import factories
from coffeechat.keepintouch.models import SharedItem
from coffeechat.meetings import services as meeting_services
from coffeechat.pipeline.models import Conversation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_follows_up_after_a_meeting_from_thanks_to_keeping_in_touch(page):
    user = make_user("noor")
    priya = factories.contact(
        user, "Priya Shah", emails=["priya@example.com"], keep_in_touch_days=90
    )
    conversation = factories.conversation(user, priya, stage="scheduled")
    meeting = factories.meeting(
        user,
        conversation,
        in_days=-0.05,
        notes="Usability testing with five people catches most problems\nAsk about budgets",
    )
    meeting_services.capture(
        meeting,
        marks=[{"mark": "advice", "text": "Join the research ops meetup"}],
        further_contact=True,
        rating=5,
    )
    sign_in(page, "noor")

    # Today: the thank-you is due.
    page.goto(page.base_url + "/")
    item = page.locator(".today-item", has_text="Write the thank-you to Priya Shah")
    assert item.count() == 1
    screenshot(page, "followup-today-thanks-due")
    item.get_by_role("link", name="Write it").click()
    page.wait_for_url("**/conversations/*/thanks/")

    # The notes are beside the draft, never in it; the composer asks in the user's own words.
    draft = page.get_by_label("Message")
    assert "sability testing" not in draft.input_value()
    assert "Usability testing with five people" in page.locator("#material").inner_text()
    page.get_by_label("What did they say that stayed with you?").fill(
        "Your point that usability testing with five people catches most problems"
    )
    page.get_by_label("What will you do with their advice?").fill("Join the research ops meetup")
    page.get_by_role("button", name="Write the note from these").click()
    assert (
        "Next, I will join the research ops meetup, and I'll let you know how it goes."
        in page.get_by_label("Message").input_value()
    )
    assert page.locator("#thanks-findings .badge.ok").count() == 1
    # The coach answers as you type (coach/live.js), and calms down again.
    message = page.get_by_label("Message")
    kept = message.input_value()
    message.fill(kept + "\nAre you hiring at the moment?")
    page.locator("#thanks-findings", has_text="hiring").wait_for()
    message.fill(kept)
    page.locator("#thanks-findings .badge.ok").wait_for()
    screenshot(page, "followup-thank-you-composer")
    page.get_by_role("button", name="Mark as sent").click()
    page.wait_for_url(f"**/conversations/{conversation.pk}/")
    assert Conversation.objects.get(pk=conversation.pk).stage == "thanked"
    assert Touchpoint.objects.filter(contact=priya, kind="thank_you").count() == 1
    page.goto(page.base_url + "/")
    assert page.locator(".today-item", has_text="Write the thank-you").count() == 0

    # 90 days later (the server's clock moved too) Priya is due to keep in touch.
    with time_machine.travel(timezone.now() + timedelta(days=91), tick=True):
        sign_in(page, "noor")  # the session has expired meanwhile
        keep = page.locator(".today-item", has_text="Keep in touch with Priya Shah")
        assert keep.count() == 1
        screenshot(page, "followup-today-keep-in-touch")
        keep.get_by_role("link", name="Log a touch").click()
        page.wait_for_url(f"**/contacts/{priya.pk}/*")
        page.get_by_label("Article or news").fill("How small teams run research ops")
        page.get_by_label("Link").fill("https://example.org/research-ops")
        page.get_by_role("button", name="Save as shared today").click()
        page.wait_for_url(f"**/contacts/{priya.pk}/")
        assert page.locator("#kit-h ~ ul", has_text="How small teams run research ops").count()
        screenshot(page, "followup-contact-shared-with")
        assert SharedItem.objects.get(contact=priya).shared_on == timezone.localdate()
        assert Touchpoint.objects.filter(contact=priya, kind="shared").count() == 1
        page.goto(page.base_url + "/")
        assert page.locator(".today-item", has_text="Keep in touch with Priya").count() == 0
