"""In a real browser: schedule a video meeting, download the invitation, run meeting mode with a
sped-up clock (5-minute signal, marks, notes, reload, offline and back), end it and capture by
marking the lines of the notes (a referral, advice from selected words, an added promise)."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from coffeechat.conftest import ARTIFACTS, screenshot
from coffeechat.contacts.models import Contact
from coffeechat.core.testing import make_user, sign_in
from coffeechat.core.tests import factories
from coffeechat.followup.models import ActionItem
from coffeechat.meetings.models import Capture, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_runs_a_meeting_from_scheduling_to_capture(page, tmp_path):
    from coffeechat.prep.models import PlannedQuestion

    user = make_user("mia")
    contact = factories.contact(user, "Priya Shah", emails=["priya@example.com"])
    conversation = factories.conversation(user, contact)
    texts = [
        "How did you get into service design?",
        "What does a normal week look like?",
        "What would you learn first in my place?",
    ]
    questions = [
        PlannedQuestion.objects.create(user=user, conversation=conversation, text=t, position=i)
        for i, t in enumerate(texts, start=1)
    ]
    sign_in(page, "mia")

    # Schedule a 20-minute video call.
    page.goto(page.base_url + conversation.get_absolute_url())
    when = timezone.localtime(timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    page.get_by_label("Date and time").fill(when)
    page.get_by_label("20 minutes").check()
    page.get_by_label("Format").select_option("video")
    page.get_by_label("Phone number, video link or place").fill("https://meet.example.com/priya")
    page.get_by_role("button", name="Schedule").click()
    page.wait_for_url("**/meetings/*/")
    meeting = Meeting.objects.get(user=user)
    assert meeting.minutes == 20 and meeting.format == "video"
    screenshot(page, "meeting-detail")

    # Download the invitation and read it back.
    with page.expect_download() as info:
        page.get_by_role("button", name="Download .ics").click()
    path = tmp_path / "invite.ics"
    info.value.save_as(path)
    event = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]
    assert str(event["uid"]) == f"{meeting.uid}@coffeechat"
    assert str(event["conference"]) == "https://meet.example.com/priya"
    meeting.refresh_from_db()
    assert meeting.invitation_sent_at is not None  # downloaded from the page: counts as sent

    # Meeting mode, with the page's clock under the test's control.
    page.clock.install()
    page.goto(page.base_url + f"/meetings/{meeting.pk}/live/")
    page.get_by_role("button", name="Start the clock").click()
    assert page.inner_text("#clock") == "20:00"
    first, second = (page.locator(f"li[data-id='{q.pk}']") for q in questions[:2])
    first.get_by_label("Asked").check()
    second.get_by_label("Skipped").check()
    second.get_by_placeholder("Short note").fill("come back to this")
    page.locator(f"li[data-id='{questions[2].pk}']").get_by_role(
        "button", name="Move earlier"
    ).click()
    page.get_by_label("Notes").fill("Portfolio: show process, not just screens.")
    page.clock.run_for(4000)
    page.wait_for_selector("#save-status:has-text('Saved at')")
    meeting.refresh_from_db()
    assert meeting.notes == "Portfolio: show process, not just screens."

    # Fifteen minutes in: the 5-minute signal and the closing questions.
    assert page.is_hidden("#signal")
    page.clock.fast_forward("15:00")
    page.clock.run_for(1000)
    page.wait_for_selector("#signal:has-text('5 minutes left')")
    assert "warn" in page.get_attribute("#live", "class")
    assert page.is_visible("text=Who else would be good for me to talk to?")
    screenshot(page, "meeting-mode")
    # Full-page shots move sticky and fixed parts; also keep what a phone really shows.
    page.set_viewport_size({"width": 375, "height": 740})
    page.locator(f"li[data-id='{questions[1].pk}']").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "meeting-mode-phone-screen.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    # Reload mid-meeting: everything is still there, and the clock keeps running.
    page.reload()
    assert page.get_by_label("Notes").input_value() == (
        "Portfolio: show process, not just screens."
    )
    assert first.get_by_label("Asked").is_checked()
    assert second.get_by_label("Skipped").is_checked()
    assert second.get_by_placeholder("Short note").input_value() == "come back to this"
    order = page.eval_on_selector_all("li[data-id]", "els => els.map(e => +e.dataset.id)")
    assert order == [questions[0].pk, questions[2].pk, questions[1].pk]
    assert page.is_visible("#signal")

    # Offline: typing goes on, kept on the device; back online it reaches the server.
    page.context.set_offline(True)
    notes = page.get_by_label("Notes")
    notes.fill(notes.input_value() + "\nAsk Sam at Acme about the research team.")
    page.clock.run_for(4000)
    page.wait_for_selector('#save-status:has-text("Can\'t reach the server")')
    meeting.refresh_from_db()
    assert "Sam at Acme" not in meeting.notes
    page.context.set_offline(False)
    page.clock.run_for(4000)
    page.wait_for_selector("#save-status:has-text('Saved at')")
    meeting.refresh_from_db()
    assert meeting.notes.endswith("Ask Sam at Acme about the research team.")

    # Past the end: the overrun shows.
    page.clock.fast_forward("06:00")
    page.clock.run_for(1000)
    page.wait_for_selector('#signal:has-text("Time\'s up")')
    assert page.inner_text("#clock").startswith("+")

    # End the meeting: the notes are on the capture page, line by line, to be marked.
    page.get_by_role("button", name="End meeting").click()
    page.wait_for_url("**/capture/")
    assert page.locator("li.capture-line", has_text="come back to this").count() == 1
    portfolio = page.locator("li.capture-line", has_text="Portfolio: show process")
    sam = page.locator("li.capture-line", has_text="Ask Sam at Acme")
    # Only the field the mark needs shows: a name for a person, a date for a promise.
    assert sam.get_by_label("Name").is_hidden() and sam.get_by_label("Due").is_hidden()
    sam.get_by_label("Mark as").select_option("Person to contact")
    assert sam.get_by_label("Name").get_attribute("placeholder") == "Sam"
    sam.get_by_label("Name").fill("Sam Okoro")
    # Selecting words in a line marks just those words.
    page.evaluate(
        """words => {
            const text = [...document.querySelectorAll("[data-line-text]")]
                .find(node => node.textContent.includes(words)).firstChild;
            const range = document.createRange();
            range.setStart(text, text.textContent.indexOf(words));
            range.setEnd(text, text.textContent.indexOf(words) + words.length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            text.parentNode.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        "show process, not just screens",
    )
    assert portfolio.locator("[data-line-part]").is_visible()
    portfolio.get_by_label("Mark as").select_option("Advice")
    extra = page.locator("li.capture-line", has=page.get_by_label("What"))
    extra.get_by_label("What").fill("Send Priya my case study")
    extra.get_by_label("Mark as").select_option("Promise of mine")
    extra.get_by_label("Due").fill(timezone.localdate().isoformat())
    page.get_by_label("How useful was it? (private)").select_option("5")
    screenshot(page, "meeting-capture")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Save what I took away").click()
    page.wait_for_url("**" + conversation.get_absolute_url())

    new = Contact.objects.get(user=user, display_name="Sam Okoro")
    assert new.referred_by == contact
    assert new.organisation.name == "Acme"
    assert Capture.objects.get(meeting=meeting).text == "show process, not just screens"
    promise = ActionItem.objects.get(user=user)
    assert (promise.text, promise.owner) == ("Send Priya my case study", "mine")
    assert promise.due == timezone.localdate()
    meeting.refresh_from_db()
    assert (meeting.status, meeting.rating) == ("held", 5)
    conversation.refresh_from_db()
    assert conversation.stage == "met"
    statuses = dict(
        PlannedQuestion.objects.filter(conversation=conversation).values_list("pk", "status")
    )
    assert statuses[questions[0].pk] == "asked" and statuses[questions[1].pk] == "skipped"

    # Back on the capture page, the marked lines show as captured and can't be marked again.
    page.goto(page.base_url + f"/meetings/{meeting.pk}/capture/")
    assert sam.get_by_text("Captured: Person to contact").is_visible()
    assert sam.get_by_label("Mark as").count() == 0
    assert portfolio.get_by_text("Captured: Advice").is_visible()
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "meeting-capture-phone-screen.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "meeting-captured")


def test_it_says_saved_only_once_what_was_typed_during_a_save_is_saved(page):
    """Notes typed while a save is on its way go out right after it, before "Saved at"."""
    user = make_user("noa")
    contact = factories.contact(user, "Priya Shah")
    meeting = factories.meeting(user, factories.conversation(user, contact), in_days=0)
    sign_in(page, "noa")
    page.clock.install()
    page.goto(page.base_url + f"/meetings/{meeting.pk}/live/")
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)

    # Hold the first save on its way to the server.
    held = []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route(f"**/meetings/{meeting.pk}/live/save/", hold_the_first)
    page.get_by_label("Notes").fill("First thought.")
    page.clock.run_for(3500)
    while not held:
        page.wait_for_timeout(20)
    page.get_by_label("Notes").fill("First thought. Then a second one.")
    held[0].continue_()

    page.wait_for_selector("#save-status:has-text('Saved at')")
    meeting.refresh_from_db()
    assert meeting.notes == "First thought. Then a second one."


def test_it_keeps_both_versions_when_another_device_saved_meanwhile(page):
    """The laptop saves notes while the phone's page is open: the phone's next save gets a
    conflict (409), shows it and keeps both texts; nothing is dropped."""
    from coffeechat.meetings import services

    user = make_user("oli")
    meeting = factories.meeting(user, factories.conversation(user), in_days=0)
    sign_in(page, "oli")
    page.clock.install()
    page.goto(page.base_url + f"/meetings/{meeting.pk}/live/")
    services.apply_live(meeting, {"notes": {"value": "From the laptop."}}, base=0)

    page.get_by_label("Notes").fill("From the phone.")
    page.clock.run_for(3500)
    page.wait_for_selector("#save-status:has-text('both versions of the notes are kept')")
    page.clock.run_for(3500)
    page.wait_for_selector("#save-status:has-text('Saved at')")
    assert "both versions of the notes are kept" in page.inner_text("#save-status")
    meeting.refresh_from_db()
    assert meeting.notes == "From the laptop.\nFrom the phone."
    assert page.get_by_label("Notes").input_value() == meeting.notes
