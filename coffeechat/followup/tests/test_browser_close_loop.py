"""In a real browser: the close-the-loop update is checked by the coach as it is typed."""

import pytest
from django.utils import timezone

from coffeechat.conftest import screenshot
from coffeechat.contacts.models import Touchpoint
from coffeechat.core.testing import make_user, sign_in
from coffeechat.core.tests import factories
from coffeechat.followup.models import Origin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_update_is_checked_as_you_type(page):
    user = make_user("noor")
    priya = factories.contact(user, "Priya Shah", emails=["priya@example.com"])
    item = factories.action(user, "Read 'Just Enough Research'", contact=priya)
    item.origin, item.done, item.done_at = Origin.ADVICE, True, timezone.now()
    item.save()
    sign_in(page, "noor")
    page.goto(f"{page.base_url}/actions/{item.pk}/close-loop/")

    page.get_by_label("What came of it?").fill("A better plan for my first study")
    page.get_by_role("button", name="Write the update from this").click()
    message = page.get_by_label("Message")
    assert "I have now done it, and it led to a better plan for my first study." in (
        message.input_value()
    )
    page.locator("#update-findings .badge.ok").wait_for()
    kept = message.input_value()
    message.fill(kept + "\nCould you pass my résumé to your manager?")
    page.locator("#update-findings", has_text="résumé").wait_for()
    assert page.locator("#update-findings .finding.problem").count() == 1
    screenshot(page, "followup-close-loop-composer")
    message.fill(kept)
    page.locator("#update-findings .badge.ok").wait_for()
    assert not Touchpoint.objects.filter(kind="update").exists()  # checking logs nothing
    page.get_by_role("button", name="Mark sent").click()
    page.wait_for_url(f"**/contacts/{priya.pk}/")
    assert Touchpoint.objects.get(kind="update").text == kept
