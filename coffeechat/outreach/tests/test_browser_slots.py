"""Issue 14's "done when": a request for a contact with research notes and no answer to "what
caught your eye" has no research text in it, and the composer asks for that answer."""

import pytest

from coffeechat.core.testing import make_user, sign_in
from coffeechat.core.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_asks_for_the_slot_instead_of_pasting_research(page):
    alice = make_user("alice")
    alice.profile.full_name = "Alice Martin"
    alice.profile.save()
    org = factories.organisation(
        alice,
        "Carbon Trust",
        research_notes="Advises companies on decarbonisation; graduate scheme opens in January.",
    )
    priya = factories.contact(
        alice,
        "Priya Shah",
        org=org,
        emails=["priya@example.org"],
        research_notes="- Leeds alumna (BSc Env Sci 2016).\n- My dissertation supervisor.",
    )
    conversation = factories.conversation(alice, priya)
    sign_in(page, "alice")

    page.goto(f"{page.base_url}/conversations/{conversation.pk}/compose/")
    page.get_by_label("Channel").select_option("email")
    page.get_by_label("Template").select_option("cold")
    page.get_by_role("button", name="Create the draft").click()
    page.wait_for_url("**/outreach/drafts/*/")

    text = page.locator("#id_body").input_value()
    for research in ("Leeds", "dissertation", "decarbonisation", "graduate", "caught my eye"):
        assert research not in text
    slot = page.get_by_label("What about their work caught your eye?")
    assert slot.input_value() == ""
    assert "not filled, so that sentence is left out" in page.locator("#slots").inner_text()
    # The notes are beside the draft, as material.
    assert "My dissertation supervisor." in page.locator(".notes").first.inner_text()

    page.once("dialog", lambda dialog: dialog.accept())
    slot.fill("Your work on heat networks.")
    page.get_by_role("button", name="Put my answers in the draft").click()
    page.wait_for_url("**/outreach/drafts/*/")
    text = page.locator("#id_body").input_value()
    assert "I was struck by your work on heat networks, and I'd like to learn more." in text
    assert page.get_by_label("What about their work caught your eye?").input_value() == (
        "Your work on heat networks."
    )
