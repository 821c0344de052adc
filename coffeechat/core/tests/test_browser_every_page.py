"""In a real browser: every main page, with realistic (and a few awkward) data, so the page
fixture checks each one at 375, 768 and 1280 px for width and with axe-core (conftest.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coffeechat.conftest import screenshot
from coffeechat.core.testing import make_user, sign_in
from coffeechat.core.tests import factories
from coffeechat.insights.models import CareerPath
from coffeechat.pipeline.models import Stage

LONG_URL = "https://www.example.com/research-operations/handbook/interviewing-stakeholders-well"
# A LinkedIn export with the long unbroken values real ones have.
AWKWARD_CSV = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Maximiliane,Oberhausen-Schwarzenberg,"
    "https://www.linkedin.com/in/maximiliane-oberhausen-schwarzenberg-0123456789abcdef,"
    "maximiliane.oberhausen-schwarzenberg@internationalisierungsberatung.example.com,"
    "Internationalisierungsberatungsgesellschaft GmbH,"
    "Principal Researcher/Designer/Strategist (Payments-Infrastructure),07 Dec 2025\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,Programmer,10 Dec 2025\n"
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_busy_account():
    alice = make_user("alice")
    stripe = factories.organisation(alice, "Stripe, Inc.", website="https://stripe.com")
    factories.organisation(alice, "Internationalisierungsberatungsgesellschaft GmbH")
    priya = factories.contact(
        alice,
        "Priya Shah",
        org=stripe,
        role="Senior user researcher, payments platform",
        emails=["priya.shah.user.research.payments@stripe.example.com"],
        linkedin_url="https://www.linkedin.com/in/priya-shah-user-research-payments-0123456789/",
    )
    factories.touchpoint(alice, priya, text="Met at the research ops meetup in Lisbon.")
    scheduled = factories.conversation(alice, priya, stage=Stage.SCHEDULED)
    upcoming = factories.meeting(alice, scheduled, in_days=2, place="https://meet.example.com/p")
    sam = factories.contact(alice, "Sam Reed", org=stripe, emails=["sam@example.org"])
    met = factories.conversation(alice, sam, stage=Stage.MET)
    past = factories.meeting(
        alice,
        met,
        in_days=-0.2,
        notes=f"Talked about research ops.\nRead {LONG_URL}\nAsk Lee about the meetup.",
    )
    live = factories.meeting(
        alice, factories.conversation(alice, factories.contact(alice, "Lee Park")), in_days=-0.01
    )
    # One conversation in every other stage, so the board has no empty lane.
    for stage in Stage:
        if stage not in (Stage.SCHEDULED, Stage.MET):
            factories.conversation(alice, factories.contact(alice, f"Alex {stage.label}"), stage)
    # Two people who look like one, for duplicates and merge.
    jordan = factories.contact(alice, "Jordan Lee", emails=["jordan@example.org"])
    twin = factories.contact(alice, "Jordan Lee", emails=["jordan@example.org"])
    path = CareerPath.objects.create(user=alice, name="UX research", fit="Curious")
    path.conversations.add(met)
    factories.action(alice, due=timezone.localdate() - timedelta(days=1), contact=priya)
    return {
        "stripe": stripe,
        "priya": priya,
        "scheduled": scheduled,
        "upcoming": upcoming,
        "met": met,
        "past": past,
        "live": live,
        "jordan": jordan,
        "twin": twin,
        "path": path,
    }


def test_it_shows_every_main_page_fitting_and_accessible(page, tmp_path):
    data = a_busy_account()
    sign_in(page, "alice")
    conversation = data["scheduled"].pk
    paths = [
        "/",
        "/conversations/board/",
        "/contacts/",
        f"/contacts/{data['priya'].pk}/",
        "/contacts/new/",
        "/organisations/",
        f"/organisations/{data['stripe'].pk}/",
        f"/conversations/{conversation}/",
        f"/conversations/{conversation}/compose/",
        f"/conversations/{conversation}/plan/",
        f"/conversations/{conversation}/brief/",
        f"/meetings/{data['upcoming'].pk}/",
        f"/meetings/{data['live'].pk}/live/",
        f"/meetings/{data['past'].pk}/capture/",
        f"/conversations/{data['met'].pk}/",
        f"/conversations/{data['met'].pk}/thanks/",
        "/keep-in-touch/",
        f"/keep-in-touch/contacts/{data['priya'].pk}/check-in/",
        "/outreach/next/",
        "/insights/",
        "/insights/funnel/",
        "/insights/network/",
        "/insights/paths/compare/",
        f"/insights/paths/{data['path'].pk}/",
        f"/insights/paths/{data['path'].pk}/links/?q=alex",
        "/transfer/",
        "/transfer/export/",
        "/transfer/duplicates/",
        f"/transfer/merge/{data['jordan'].pk}/?other={data['twin'].pk}",
        "/accounts/profile/",
        f"/conversations/{conversation}/reply/thread/",
        "/sync/",
        "/contacts/999999/",
    ]
    for path in paths:
        response = page.goto(page.base_url + path)
        assert response.status == (404 if path == "/contacts/999999/" else 200), path

    # An import's preview and its progress page, through the real upload.
    page.goto(page.base_url + "/transfer/")
    export = tmp_path / "Connections.csv"
    export.write_text(AWKWARD_CSV)
    page.get_by_label("Contacts file").set_input_files(str(export))
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_url("**/transfer/import/*/")
    page.check_now()  # the preview redirects to the progress page once committed
    page.get_by_role("button", name="Import 2 rows").click()
    page.wait_for_url("**/transfer/import/*/progress/")

    for name, path in (
        ("today", "/"),
        ("board", "/conversations/board/"),
        ("conversation", f"/conversations/{conversation}/"),
        ("capture", f"/meetings/{data['past'].pk}/capture/"),
    ):
        page.goto(page.base_url + path)
        screenshot(page, f"layout-{name}")


def test_the_link_pages_buttons_keep_their_word_on_a_phone(page):
    # In a narrow table cell, a one-word button broke into "Lin" and "k".
    data = a_busy_account()
    sign_in(page, "alice")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(page.base_url + f"/insights/paths/{data['path'].pk}/links/?q=alex")
    buttons = page.get_by_role("button", name="Link", exact=True)
    assert buttons.count() >= 5
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        assert box["height"] < 48, box  # one line: the button's own 40 px and its border
    screenshot(page, "layout-path-links-phone")
