"""In the browser: paste a thread on a conversation, check the preview, log their reply; then
the same from a .eml file chosen in the file field."""

from pathlib import Path

import pytest

from coffeechat.conftest import screenshot
from coffeechat.core.testing import make_user, sign_in
from coffeechat.core.tests import factories
from coffeechat.outreach.models import Reply
from coffeechat.pipeline.models import Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CORPUS = Path(__file__).parent / "threads"


def test_it_logs_their_reply_from_a_pasted_thread(page):
    alice = make_user("alice")
    alice.email = "sam.taylor@example.org"
    alice.save()
    priya = factories.contact(alice, "Priya Natarajan", emails=["priya@northwind.example"])
    conversation = factories.conversation(alice, priya, stage=Stage.REQUESTED)
    sign_in(page, "alice")

    page.goto(f"{page.base_url}/conversations/{conversation.pk}/")
    page.get_by_role("link", name="Paste the e-mail thread").click()
    thread = (CORPUS / "gmail_two_replies.txt").read_text()
    page.get_by_role("textbox", name="The e-mail thread").fill(thread)
    page.get_by_role("button", name="Read the thread").click()

    page.get_by_role("heading", name="Check before logging").wait_for()
    assert page.get_by_label("Arrived").input_value() == "2025-03-05T16:41"
    assert "green scarf" in page.get_by_label("Their message").input_value()
    screenshot(page, "paste-thread-preview")
    assert not Reply.objects.exists()

    page.get_by_label("Their answer").select_option("yes")
    page.get_by_role("button", name="Log their reply").click()
    page.get_by_text("Reply logged: yes.").wait_for()
    reply = Reply.objects.get()
    assert str(reply.replied_on) == "2025-03-05"


def test_it_reads_a_chosen_eml_file(page):
    alice = make_user("alice")
    priya = factories.contact(alice, "Priya Natarajan", emails=["priya@northwind.example"])
    conversation = factories.conversation(alice, priya, stage=Stage.REQUESTED)
    sign_in(page, "alice")

    page.goto(f"{page.base_url}/conversations/{conversation.pk}/reply/thread/")
    page.get_by_label("Or a saved e-mail (.eml)").set_input_files(str(CORPUS / "apple_html.eml"))
    page.get_by_role("button", name="Read the thread").click()
    page.get_by_role("heading", name="Check before logging").wait_for()
    assert page.get_by_label("Their message").input_value().startswith("Next Wednesday at 14:00")


def test_a_dropped_eml_file_is_read(page):
    alice = make_user("alice")
    priya = factories.contact(alice, "Priya Natarajan", emails=["priya@northwind.example"])
    conversation = factories.conversation(alice, priya, stage=Stage.REQUESTED)
    sign_in(page, "alice")

    page.goto(f"{page.base_url}/conversations/{conversation.pk}/reply/thread/")
    dropped = page.evaluate_handle(
        """(text) => {
            const data = new DataTransfer();
            data.items.add(new File([text], "reply.eml", {type: "message/rfc822"}));
            return data;
        }""",
        (CORPUS / "gmail_download.eml").read_text(),
    )
    page.dispatch_event("[data-thread-drop]", "drop", {"dataTransfer": dropped})
    page.get_by_role("heading", name="Check before logging").wait_for()
    assert page.get_by_label("Arrived").input_value() == "2025-03-05T16:41"
