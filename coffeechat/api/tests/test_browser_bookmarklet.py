"""The bookmarklet on a page shaped like a LinkedIn profile: it opens our capture window with the
page's title, address and the selected text; the user confirms; a second capture of the same
person is offered for merging. Screenshots of the capture window and the profile's tokens."""

from urllib.parse import unquote

import pytest

from coffeechat.api.tokens import create_token
from coffeechat.conftest import ARTIFACTS, screenshot
from coffeechat.contacts.models import Contact
from coffeechat.core.testing import make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROFILE_URL = "https://www.linkedin.com/in/priya-shah-42/"
# A third-party profile page with a Content-Security-Policy that allows no script at all, as
# strict as any site's can be: the bookmarklet must not need to load anything into it.
PROFILE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>(2) Priya Shah - Staff Designer - Monzo | LinkedIn</title></head>
<body><main><section class="top-card">
<h1 id="name">Priya Shah</h1>
<div id="headline">Staff Designer at Monzo</div>
<p>London, England · 500+ connections</p>
</section><section><h2>About</h2><p id="about">I lead design research for savings.</p></section>
</main></body></html>"""


def _artifact(name: str) -> str:
    ARTIFACTS.mkdir(exist_ok=True)
    return str(ARTIFACTS / name)


def _serve_profile(page) -> None:
    page.route(
        PROFILE_URL,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": "default-src 'none'; script-src 'none'"},
            body=PROFILE_PAGE,
        ),
    )


def _bookmarklet_code(page) -> str:
    page.goto(page.base_url + "/accounts/profile/")
    href = page.get_by_role("link", name="Save to Coffeechat").get_attribute("href")
    assert href.startswith("javascript:")
    return unquote(href.removeprefix("javascript:"))


def _click_bookmarklet(page, code: str):
    """What clicking the bookmark does: run its code on the current page; it opens a window."""
    with page.expect_popup() as opened:
        page.evaluate(code)
    popup = opened.value
    popup.wait_for_load_state()
    return popup


def test_it_saves_a_profile_page_and_offers_a_merge_the_second_time(page):
    alice = make_user("alice")
    create_token(alice, "Phone sync", can_write=False)
    sign_in(page, "alice")
    code = _bookmarklet_code(page)
    _serve_profile(page)

    page.goto(PROFILE_URL)
    popup = _click_bookmarklet(page, code)
    assert popup.url.startswith(page.base_url + "/capture/?url=")
    assert popup.get_by_label("Given name").input_value() == "Priya"
    assert popup.get_by_label("Family name").input_value() == "Shah"
    assert popup.get_by_label("Role").input_value() == "Staff Designer"
    assert popup.get_by_label("Organisation").input_value() == "Monzo"
    assert popup.get_by_label("LinkedIn URL").input_value() == PROFILE_URL
    assert not Contact.objects.exists()  # nothing is saved before the user confirms
    popup.get_by_role("button", name="Save contact").click()
    popup.get_by_role("heading", name="Priya Shah is in Coffeechat").wait_for()
    contact = Contact.objects.get(user=alice)
    assert (contact.display_name, contact.role, str(contact.organisation)) == (
        "Priya Shah",
        "Staff Designer",
        "Monzo",
    )
    assert contact.linkedin_url == PROFILE_URL
    popup.close()

    # Again, with the About text selected: the same person is offered for merge.
    page.evaluate(
        """() => { const range = document.createRange();
        range.selectNodeContents(document.getElementById('about'));
        window.getSelection().removeAllRanges(); window.getSelection().addRange(range); }"""
    )
    popup = _click_bookmarklet(page, code)
    assert popup.get_by_label("Notes").input_value() == "I lead design research for savings."
    merge = popup.get_by_role("button", name="Merge into Priya Shah")
    assert merge.is_visible()
    popup.set_viewport_size({"width": 1280, "height": 900})
    popup.screenshot(path=_artifact("capture-window-desktop.png"), full_page=True)
    popup.set_viewport_size({"width": 375, "height": 800})
    popup.screenshot(path=_artifact("capture-window-phone.png"), full_page=True)
    merge.click()
    popup.get_by_role("heading", name="Priya Shah is in Coffeechat").wait_for()
    assert Contact.objects.filter(user=alice).count() == 1
    contact.refresh_from_db()
    assert contact.research_notes == "I lead design research for savings."

    # The page fixture checks width and axe on the pages the main tab opens: open the capture
    # window's pages there too.
    done = popup.url
    popup.close()
    page.goto(done)
    page.goto(page.base_url + "/capture/?title=Priya%20Shah%20-%20Designer&url=" + PROFILE_URL)
    # A token made on the profile page: its secret is shown once, then only its prefix.
    page.goto(page.base_url + "/accounts/profile/")
    page.get_by_label("Token name").fill("Calendar script")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("New token").input_value()
    assert secret.startswith("cc_")
    screenshot(page, "profile-tokens")
    page.reload()
    assert page.get_by_label("New token").count() == 0
    assert page.get_by_text("Calendar script").is_visible()
    # The API reference linked from the tokens card (checked for width and axe at the end).
    page.get_by_role("link", name="Coffeechat API").click()
    page.get_by_role("heading", name="Coffeechat API").wait_for()
