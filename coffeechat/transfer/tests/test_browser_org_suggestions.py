"""In a real browser: the import preview asks about an organisation written another way, and
the choice made there is what the import saves."""

import pytest

from coffeechat.conftest import screenshot
from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.testing import make_user
from coffeechat.transfer.tests.test_org_suggestions import CSV

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_preview_lets_the_user_use_an_existing_organisation(page, tmp_path):
    ana = make_user("ana")
    arup = Organisation.objects.create(user=ana, name="Arup Group Ltd")
    Organisation.objects.create(user=ana, name="Meta")
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("password-for-tests")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(page.base_url + "/")

    upload = tmp_path / "Connections.csv"
    upload.write_bytes(CSV)
    page.goto(page.base_url + "/transfer/")
    page.get_by_label("Contacts file").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_url("**/transfer/import/*/")
    section = page.locator("#organisations")
    assert "Arcadis" not in section.inner_text()
    assert "1 organisation name in the file may be one you already have" in page.inner_text("main")
    assert page.get_by_label("Keep “Arup” as a new organisation").is_checked()
    page.get_by_label("Use your “Arup Group Ltd”").check()
    page.get_by_role("button", name="Save these choices").click()
    page.wait_for_url("**/transfer/import/*/")
    assert page.get_by_label("Use your “Arup Group Ltd”").is_checked()
    screenshot(page, "import-organisation-suggestion")

    page.get_by_role("button", name="Import 4 rows").click()
    page.wait_for_url("**/transfer/import/*/progress/")
    ada = Contact.objects.get(user=ana, given_name="Ada")
    assert ada.organisation_id == arup.pk
    assert not Organisation.objects.filter(user=ana, name="Arup").exists()

    page.goto(page.base_url + "/contacts/new/")
    page.locator("[name=given_name]").fill("Priya")
    page.locator("[name=organisation_name]").fill("Arup")
    page.get_by_role("button", name="Save contact").click()
    page.get_by_text("which looks like the same organisation").wait_for()
    screenshot(page, "contact-organisation-suggestion")
    page.get_by_label("No, add “Arup” as a new organisation").check()
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_url("**/contacts/*/")
    assert Contact.objects.get(user=ana, given_name="Priya").organisation.name == "Arup"
