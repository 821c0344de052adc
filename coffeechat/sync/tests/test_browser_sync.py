"""In the browser: set up sync from the profile against the test Radicale, see a failure listed
with its reason, fix the password and see the meeting sent."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from coffeechat.conftest import screenshot
from coffeechat.core.testing import make_user, sign_in
from coffeechat.core.tests import factories
from coffeechat.meetings import services as meetings
from coffeechat.meetings.models import Meeting
from coffeechat.sync.models import ItemState, SyncItem
from coffeechat.sync.tests.radicale_server import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_sets_up_sync_shows_a_failure_and_tries_again(page, radicale):
    alice = make_user("alice")
    priya = factories.contact(alice, "Priya Natarajan", emails=["priya@northwind.example"])
    conversation = factories.conversation(alice, priya)
    meetings.schedule(
        Meeting(user=alice, conversation=conversation, starts_at=timezone.now() + timedelta(days=3))
    )
    book = radicale.make_addressbook(f"book-{uuid.uuid4().hex[:8]}")
    sign_in(page, "alice")

    page.goto(f"{page.base_url}/accounts/profile/")
    page.get_by_role("link", name="Set up sync").click()
    page.get_by_label("Server address").fill(radicale.url)
    page.get_by_label("User name").fill("alice")
    page.get_by_label("App password").fill("a-wrong-password")
    page.get_by_label("Address book address").fill(book)
    page.get_by_role("button", name="Turn on sync").click()
    page.get_by_text("Sync turned on.").wait_for()
    page.get_by_text("refused the user name or app password").wait_for()
    screenshot(page, "sync-settings-failure")

    # Saving the settings sends the meetings to come again, the failed one included.
    page.get_by_label("App password").fill(PASSWORD)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Sync settings saved.").wait_for()
    page.goto(f"{page.base_url}/accounts/profile/")
    page.get_by_text("1 meeting in the calendar").wait_for()
    assert SyncItem.objects.get().state == ItemState.SYNCED
    screenshot(page, "sync-profile")
