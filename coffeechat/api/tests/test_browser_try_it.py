"""The API reference's "Try it": each operation can be sent as the signed-in user from the page
(our own script, through the one fetch helper), and the answer is shown."""

import pytest
from django.urls import reverse

from coffeechat.core.testing import make_user, sign_in
from coffeechat.core.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _try_form(page, method: str, path: str):
    return page.locator(f'form[data-api-try][data-method="{method}"]').filter(
        has=page.locator(f'input[name="path"][value="{path}"]')
    )


def test_it_sends_an_operation_as_you_and_shows_the_answer(page):
    alice = make_user("alice")
    factories.contact(alice, "Priya Shah")
    bob = make_user("bob")
    hidden = factories.contact(bob, "Bob's Contact")
    sign_in(page, "alice")
    page.goto(page.base_url + reverse("api:docs"))

    listing = _try_form(page, "GET", "/api/v1/contacts")
    listing.get_by_role("button").click()
    answer = listing.locator(".api-answer")
    answer.get_by_text("Priya Shah").wait_for()
    assert answer.inner_text().startswith("OK")

    # Another user's contact is a 404 here too, and the page says so.
    one = _try_form(page, "GET", "/api/v1/contacts/{contact_id}")
    one.locator('input[name="path"]').fill(f"/api/v1/contacts/{hidden.pk}")
    one.get_by_role("button").click()
    one.locator(".api-answer").get_by_text("HTTP 404").wait_for()

    # A body that is not JSON is caught before anything is sent.
    create = _try_form(page, "POST", "/api/v1/contacts")
    create.locator("textarea").fill("{not json")
    create.get_by_role("button").click()
    create.locator(".api-answer").get_by_text("not valid JSON").wait_for()
