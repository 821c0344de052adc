"""Screenshots of the path comparison, the network and the funnel at desktop and phone width."""

import pytest

from coffeechat.conftest import screenshot
from coffeechat.contacts.models import Contact
from coffeechat.core.testing import make_user
from coffeechat.insights.models import CareerPath
from coffeechat.insights.tests.data import funnel_data, path_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, user) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "password-for-tests")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_it_renders_readable_insights_pages(page):
    alice = make_user("alice")
    data = path_data(alice)
    funnel_data(alice)
    other = CareerPath.objects.create(
        user=alice,
        name="Impact investing",
        fit="Money with a purpose; I worry about the hours.",
        open_questions="How do people move in from research?",
    )
    other.contacts.add(Contact.objects.get(user=alice, display_name="Dee Shah"))
    # A few generations of referrals so the picture has some shape.
    root = Contact.objects.get(user=alice, display_name="Fay Friend")
    parent = root
    for generation in range(1, 4):
        for i in range(2):
            child = Contact.objects.create(
                user=alice,
                display_name=f"Referral {generation}.{i} Müller-Łukasz",
                referred_by=parent,
            )
        parent = child
    login(page, alice)

    page.goto(page.base_url + f"/insights/paths/compare/?p={data['path'].pk}&p={other.pk}")
    assert page.locator("td.gap").count() > 0
    screenshot(page, "insights-compare")

    page.goto(page.base_url + f"/insights/paths/{data['path'].pk}/")
    assert page.get_by_text("Mostly interviews and synthesis").is_visible()
    screenshot(page, "insights-path")

    page.goto(page.base_url + "/insights/network/")
    page.locator("svg.network a").first.wait_for()
    screenshot(page, "insights-network")
    page.locator("svg.network a", has_text="Rae Referred").click()
    page.wait_for_url("**/contacts/*/")

    page.goto(page.base_url + "/insights/funnel/")
    assert page.locator("svg.chart").count() == 5
    screenshot(page, "insights-funnel")
