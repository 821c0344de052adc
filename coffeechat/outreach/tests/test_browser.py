"""The issue's "done when": compose from the referral template, see the coach react while typing,
fix it, download the .eml, mark it sent, and see 3B7 on Today three and seven business days on."""

import email
from datetime import UTC, date, datetime, timedelta
from email import policy

import pytest
import time_machine

from coffeechat.conftest import screenshot
from coffeechat.core.testing import make_user
from coffeechat.core.tests import factories
from coffeechat.outreach.business_days import add_business_days
from coffeechat.outreach.models import DraftKind, RequestDraft
from coffeechat.pipeline.models import Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOB_LINE = " By the way, are you hiring?"


def next_monday_a_week_ahead() -> date:
    # In the future, so the browser (on the real clock) keeps the session cookie.
    start = date.today() + timedelta(days=7)
    return start + timedelta(days=(7 - start.weekday()) % 7)


def moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_it_composes_checks_downloads_sends_and_nudges(page):
    alice = make_user("alice")
    alice.profile.full_name = "Alice Martin"
    alice.profile.save()
    shopify = factories.organisation(alice, "Shopify", research_notes="Merchants come first.")
    sam = factories.contact(alice, "Sam Reed", relationship="classmate")
    priya = factories.contact(
        alice,
        "Priya Shah",
        org=shopify,
        role="UX researcher",
        referred_by=sam,
        relationship="referral",
        emails=["priya@example.org"],
        research_notes="- Gave a talk on diary studies with small merchants.",
    )
    factories.contact(alice, "Ana Alves", org=shopify)
    conversation = factories.conversation(alice, priya)
    monday = next_monday_a_week_ahead()

    with time_machine.travel(moment(monday), tick=True):
        page.goto(page.base_url + "/accounts/login/")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill("password-for-tests")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(page.base_url + "/")

        page.goto(f"{page.base_url}/conversations/{conversation.pk}/")
        page.get_by_role("link", name="Write the request").click()
        page.wait_for_url("**/compose/")
        page.get_by_label("Channel").select_option("email")
        page.get_by_label("Template").select_option("referral")
        page.get_by_role("button", name="Create the draft").click()
        page.wait_for_url("**/outreach/drafts/*/")

        body = page.locator("#id_body")
        original = body.input_value()
        assert original.startswith("Hi Priya,\n\nSam Reed suggested I contact you.")
        findings = page.locator("#findings")
        assert findings.get_attribute("aria-live") == "polite"
        assert "Nothing to fix" in findings.inner_text()

        # Typing a job mention brings the problem up without saving…
        body.press("Control+End")
        body.press_sequentially(JOB_LINE)
        findings.locator(".finding.problem", has_text="Leave out jobs").wait_for()
        shown = findings.inner_text()
        assert "Source: Informational interviews: why and how? (Magdalena Mot)" in shown
        assert ".txt" not in shown
        # Clicking the card selects the words it is about in the draft.
        findings.locator(".finding.problem", has_text="Leave out jobs").click()
        selected = body.evaluate("el => el.value.slice(el.selectionStart, el.selectionEnd)")
        assert selected == "hiring"
        assert RequestDraft.objects.get().body == original
        screenshot(page, "outreach-composer-warning")

        # …and taking it out clears it.
        body.fill(original)
        findings.get_by_text("Nothing to fix").wait_for()
        page.get_by_role("button", name="Save and check").click()
        page.get_by_text("Draft saved.").wait_for()

        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download .eml").click()
        path = download_info.value.path()
        with open(path, "rb") as handle:
            message = email.message_from_binary_file(handle, policy=policy.default)
        assert message["To"] == "priya@example.org"
        assert message["Subject"] == "Sam Reed suggested I get in touch"
        assert "Sam Reed suggested I contact you." in message.get_content()
        assert "hiring" not in message.get_content()

        page.get_by_role("button", name="Mark as sent").click()
        page.wait_for_url(f"**/conversations/{conversation.pk}/")
        conversation.refresh_from_db()
        assert conversation.stage == Stage.REQUESTED

    with time_machine.travel(moment(add_business_days(monday, 3)), tick=True):
        page.goto(page.base_url + "/")
        nxt = page.locator(".today-item", has_text="Who to ask next: Sam Reed")
        assert "2. Ana Alves at Shopify" in nxt.inner_text()
        item = page.locator(".today-item", has_text="Ask a second person at Shopify")
        item.wait_for()
        assert "Ana Alves" in item.inner_text()
        assert page.get_by_role("link", name="Follow up with Priya Shah", exact=True).count() == 0
        screenshot(page, "outreach-today-3")

    with time_machine.travel(moment(add_business_days(monday, 7)), tick=True):
        page.goto(page.base_url + "/")
        item = page.locator(".today-item", has_text="Follow up with Priya Shah")
        item.wait_for()
        assert page.locator(".today-item a", has_text="Ask a second person").count() == 0
        item.get_by_role("button", name="Write the follow-up").click()
        page.wait_for_url("**/outreach/drafts/*/")
        follow_up = RequestDraft.objects.get(kind=DraftKind.FOLLOW_UP)
        assert page.locator("#id_subject").input_value() == "Re: Sam Reed suggested I get in touch"
        assert "Hi Priya" in page.locator("#id_body").input_value()
        assert follow_up.conversation == conversation
        screenshot(page, "outreach-follow-up")
