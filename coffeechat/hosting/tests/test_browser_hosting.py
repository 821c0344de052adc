"""In a real browser, host mode from end to end: a host turns on their page and sets times; an
anonymous visitor asks, is stopped by the coach on "Are you hiring?", fixes it, confirms the
address and sends; the host accepts with a time; the visitor books it; both invitations carry
one UID; the host's board shows the conversation they give."""

import re

import icalendar
import pytest
from django.core import mail

from coffeechat.conftest import screenshot
from coffeechat.core.testing import make_user, sign_in
from coffeechat.hosting.models import HostPage, HostRequest, Status
from coffeechat.pipeline.models import Kind, Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")


def _invitation(message) -> icalendar.Event:
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar":
            return icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
    raise AssertionError(f"no invitation in {message.subject!r}")


def test_a_request_goes_from_the_public_form_to_the_hosts_board(page, settings):
    settings.EMAIL_CONFIGURED = True
    make_user("hana")
    sign_in(page, "hana")

    # The host turns the page on and says when they are free.
    page.goto(page.base_url + "/hosting/")
    page.get_by_label("my host page is on").check()
    page.get_by_label("Address").fill("hana-research")
    page.get_by_label("Name shown").fill("Hana Okafor")
    page.get_by_label("Who you are, in one line").fill("UX researcher at Shopify")
    page.locator("#id_field").fill("User research")
    page.get_by_label("What you can talk about").fill("Research operations\nLeaving teaching")
    page.get_by_label("Organisations you know from the inside").fill("Shopify")
    page.get_by_role("button", name="Save page").click()
    page.wait_for_url("**/hosting/")
    page.get_by_label("Weekly windows").fill("Tuesday 14:00-16:00\nThursday 09:00-11:00")
    page.get_by_role("button", name="Save times").click()
    page.wait_for_url("**/hosting/")
    assert page.get_by_text("open times in the coming three weeks").is_visible()
    host = HostPage.objects.get(slug="hana-research")
    assert host.enabled and "Tuesday" in host.weekly_windows
    _sign_out(page)

    # Anyone with the link: the page, then the form.
    page.goto(page.base_url + "/h/hana-research/")
    assert page.get_by_role("heading", name="Hana Okafor").is_visible()
    screenshot(page, "hosting-page")
    page.get_by_role("link", name="Ask for a conversation").click()
    page.wait_for_url("**/h/hana-research/ask/**")
    page.get_by_label("Your name").fill("Sam Asker")
    page.get_by_label("Your e-mail address").fill("sam@example.org")
    page.get_by_label("Who you are").fill(
        "I teach secondary school science and I am exploring user research."
    )
    page.get_by_label("What you hope to learn").fill(
        "How a research team decides which studies to run."
    )
    page.get_by_label("Question 1", exact=True).fill(
        "How did your team decide which studies to run last quarter?"
    )
    page.get_by_label("Question 2", exact=True).fill("Are you hiring?")
    findings = page.locator("#request-findings")
    findings.locator('[data-rule="question.job-ask"]').wait_for()  # live, as they type
    page.locator("input[name=slots]").first.check()
    screenshot(page, "hosting-request-coach")

    # Sent anyway, the server stops it too; fixed, it goes.
    page.get_by_role("button", name="Send the request").click()
    assert page.get_by_text("The coach found a problem").is_visible()
    assert not HostRequest.objects.exists()
    page.get_by_label("Question 2", exact=True).fill(
        "What surprised you most in your first year after leaving teaching?"
    )
    findings.locator('[data-rule="question.job-ask"]').wait_for(state="detached")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url("**/h/hana-research/sent/")
    assert HostRequest.objects.get().status == Status.UNCONFIRMED

    # The address is confirmed from the link in the e-mail.
    link = re.search(r"https?://\S+/h/requests/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm and send my request").click()
    page.wait_for_url(link)
    assert HostRequest.objects.get().status == Status.NEW

    # The host accepts with the time the visitor preferred (ticked already).
    sign_in(page, "hana")
    page.goto(page.base_url + "/hosting/inbox/")
    screenshot(page, "hosting-inbox")
    page.get_by_role("link", name="Sam Asker").click()
    page.wait_for_url("**/hosting/inbox/*/")
    screenshot(page, "hosting-request-detail")
    page.get_by_label("Video link, phone number or place").fill("https://meet.example.com/hana")
    page.get_by_role("button", name="Offer these times").click()
    assert page.get_by_text("Times sent to Sam Asker").is_visible()
    _sign_out(page)

    # The visitor books it.
    mail.outbox.clear()
    page.goto(link)
    page.locator("input[name=slot]").first.check()
    page.get_by_role("button", name="Book this time").click()
    assert page.get_by_text("Booked", exact=False).first.is_visible()
    host_request = HostRequest.objects.get()
    assert host_request.status == Status.SCHEDULED

    # Both invitations parse and carry the same UID, the meeting's.
    to = {message.to[0]: _invitation(message) for message in mail.outbox}
    assert set(to) == {"sam@example.org", "hana@example.org"}
    uids = {str(event["uid"]) for event in to.values()}
    assert uids == {f"{host_request.meeting.uid}@coffeechat"}

    # The host's board shows the conversation they give.
    sign_in(page, "hana")
    page.goto(page.base_url + "/conversations/board/")
    column = page.locator('[data-stage="host_scheduled"]')
    assert column.get_by_role("link", name="Sam Asker").is_visible()
    conversation = host_request.conversation
    assert (conversation.kind, conversation.stage) == (Kind.HOSTING, Stage.HOST_SCHEDULED)
