"""In a real browser: from the contact's keep-in-touch card to a check-in written from its slots,
checked by the coach as it is typed, and marked as sent."""

import pytest

from coffeechat.conftest import screenshot
from coffeechat.contacts.models import Touchpoint
from coffeechat.core.testing import make_user, sign_in
from coffeechat.core.tests import factories
from coffeechat.keepintouch.models import SharedItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_writes_a_check_in_from_the_card_with_the_coach_as_you_type(page):
    user = make_user("noor")
    priya = factories.contact(
        user, "Priya Shah", emails=["priya@example.com"], keep_in_touch_days=90
    )
    SharedItem.objects.create(
        user=user,
        contact=priya,
        title="How small teams run research ops",
        url="https://example.org/research-ops",
        note="She said her team is hiring",
    )
    sign_in(page, "noor")
    page.goto(f"{page.base_url}/contacts/{priya.pk}/")
    page.get_by_role("link", name="Write a check-in").click()
    page.wait_for_url(f"**/keep-in-touch/contacts/{priya.pk}/check-in/")

    message = page.get_by_label("Message")
    assert "I came across “How small teams run research ops” and thought of you." in (
        message.input_value()
    )
    assert "hiring" not in message.input_value()  # the saved item's private note stays out
    page.get_by_label("What did you do with their advice?").fill("Joined the meetup you mentioned")
    page.get_by_role("button", name="Write the note from these").click()
    message = page.get_by_label("Message")
    assert "I took your advice and joined the meetup you mentioned." in message.input_value()
    page.locator("#checkin-findings .badge.ok").wait_for()

    kept = message.input_value()
    message.fill(kept + "\nIs your team hiring at the moment?")
    page.locator("#checkin-findings", has_text="hiring").wait_for()
    message.fill(kept)
    page.locator("#checkin-findings .badge.ok").wait_for()
    screenshot(page, "keepintouch-check-in-composer")

    page.get_by_role("button", name="Mark as sent").click()
    page.wait_for_url(f"**/contacts/{priya.pk}/")
    assert Touchpoint.objects.get(contact=priya, kind="update").text == kept.replace("\r\n", "\n")
    assert SharedItem.objects.get(contact=priya).shared_on is not None
