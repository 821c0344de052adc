"""In a real browser: upload a LinkedIn export, read the preview, commit, watch it finish, find
the contacts."""

import pytest
from django.core.management import call_command

from coffeechat.conftest import screenshot
from coffeechat.contacts.models import Contact
from coffeechat.core.testing import make_user
from coffeechat.transfer.tests.helpers import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_imports_a_linkedin_export_through_the_browser(page, settings):
    # As in production: the import is queued in the database and the page polls its progress.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_user("ana")
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("password-for-tests")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(page.base_url + "/")

    page.goto(page.base_url + "/transfer/")
    page.get_by_label("Contacts file").set_input_files(str(FIXTURES / "linkedin_current.csv"))
    page.get_by_label("Format").select_option("auto")
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_url("**/transfer/import/*/")
    assert page.inner_text('[data-count="new"]') == "5"
    assert page.inner_text('[data-count="errors"]') == "0"
    assert "Юрий" in page.inner_text("main")
    screenshot(page, "import-preview")

    page.get_by_role("button", name="Import 5 rows").click()
    page.wait_for_url("**/transfer/import/*/progress/")
    page.get_by_text("Waiting for a worker…").wait_for()
    # A worker (on this machine or another) runs the queued import; the page notices by itself.
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    page.get_by_role("heading", name="Imported linkedin_current.csv").wait_for()
    assert page.inner_text('[data-count="new"]') == "5"
    screenshot(page, "import-done")
    page.get_by_role("link", name="See your contacts").click()
    page.wait_for_url("**/contacts/")
    main = page.inner_text("main")
    for name in ("Ada Lovelace", "Grace Hopper", "Юрий Гагарин"):
        assert name in main
    assert Contact.objects.filter(user__username="ana").count() == 5
