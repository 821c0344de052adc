"""In a real browser, under the Content-Security-Policy: the main pages load without a single
violation, and their scripts (site.js first, then the page's own) still do their work."""

import pytest

from coffeechat.core.testing import make_user, sign_in
from coffeechat.core.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Injected by the browser's debugging protocol, so the policy does not apply to it.
COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def watch(page) -> list[str]:
    console = []
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return console


def violations(page, console: list[str]) -> list[str]:
    return console + page.evaluate("window.__violations")


def signed_in_with_a_meeting(page) -> tuple:
    """Alice, signed in: Priya with a conversation and a meeting under way, Sam already met."""
    alice = make_user("alice")
    priya = factories.contact(alice, "Priya Shah", emails=["priya@example.org"])
    conversation = factories.conversation(alice, priya)
    meeting = factories.meeting(alice, conversation, in_days=-0.01)
    sam = factories.contact(alice, "Sam Reed")
    met = factories.conversation(alice, sam, stage="met")
    sign_in(page, "alice")
    return priya, conversation, meeting, met


def test_it_loads_the_main_pages_without_a_policy_violation(page):
    console = watch(page)
    priya, conversation, meeting, met = signed_in_with_a_meeting(page)

    paths = [
        "/",
        "/conversations/board/",
        "/contacts/",
        f"/contacts/{priya.pk}/",
        f"/conversations/{conversation.pk}/",
        f"/conversations/{conversation.pk}/plan/",
        f"/conversations/{conversation.pk}/brief/",
        f"/meetings/{meeting.pk}/",
        f"/conversations/{met.pk}/thanks/",
        "/insights/",
        "/insights/funnel/",
        "/insights/network/",
        "/transfer/",
        "/accounts/profile/",
    ]
    for path in paths:
        page.goto(page.base_url + path)
        assert page.url == page.base_url + path
        # site.js ran: only our own files may run, so this proves it was allowed.
        assert page.evaluate("typeof window.coffeechat.request") == "function", path
        assert violations(page, console) == [], path


def test_it_runs_the_page_scripts_under_the_policy(page):
    console = watch(page)
    priya, conversation, meeting, met = signed_in_with_a_meeting(page)

    # The composer's live checker swaps in the findings fragment.
    page.goto(f"{page.base_url}/conversations/{conversation.pk}/compose/")
    page.get_by_label("Channel").select_option("email")
    page.get_by_role("button", name="Create the draft").click()
    page.wait_for_url("**/outreach/drafts/*/")
    page.locator("#id_body").press("Control+End")
    page.locator("#id_body").press_sequentially(" Are you hiring?")
    page.locator("#findings .finding.problem", has_text="Leave out jobs").wait_for()

    # The copy button of the thank-you page (a listener in site.js now).
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{page.base_url}/conversations/{met.pk}/thanks/")
    copy = page.get_by_role("button", name="Copy")
    copy.click()
    page.get_by_role("button", name="Copied").wait_for()
    assert (
        page.evaluate("navigator.clipboard.readText()")
        == page.get_by_label("Message").input_value()
    )

    # The brief's print button, without printing for real.
    page.goto(f"{page.base_url}/conversations/{conversation.pk}/brief/")
    page.evaluate("window.print = function () { window.__printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") is True

    # Meeting mode saves through the request helper, CSRF token included.
    page.clock.install()
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/live/")
    page.get_by_label("Notes").fill("Ask about the research ops meetup.")
    page.clock.run_for(4000)
    page.wait_for_selector("#save-status:has-text('Saved at')")
    meeting.refresh_from_db()
    assert meeting.notes == "Ask about the research ops meetup."

    assert violations(page, console) == []


def test_it_blocks_an_inline_handler_and_reports_it(page):
    # The check above means something only if the browser enforces the policy here.
    console = watch(page)
    page.goto(page.base_url + "/accounts/login/")
    page.evaluate(
        """document.body.insertAdjacentHTML(
            "beforeend", '<img src="data:," onload="window.__ran = true">')"""
    )
    page.wait_for_function("window.__violations.length > 0")
    assert page.evaluate("window.__ran === undefined")
    assert "script-src-attr inline" in violations(page, console)
