"""In a real browser: a file that is not a backup is refused, a backup with a problem shows it
and cannot be restored, a good one is previewed, confirmed, restored by a worker."""

import json

import pytest
from django.core.management import call_command

from coffeechat.conftest import screenshot
from coffeechat.contacts.models import Contact
from coffeechat.core.testing import make_user, sign_in
from coffeechat.transfer.services.backup import export_json
from coffeechat.transfer.tests.test_export import build_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def upload(page, path) -> None:
    page.goto(page.base_url + "/transfer/export/")
    page.get_by_label("Backup file (JSON)").set_input_files(str(path))
    page.get_by_role("button", name="Upload and preview").click()


def test_it_previews_then_restores_a_backup_through_the_browser(page, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    alice = make_user("alice")
    build_account(alice)
    payload = json.loads(export_json(alice))
    make_user("carol")
    sign_in(page, "carol")

    not_json = tmp_path / "contacts.csv"
    not_json.write_text("name,email\nAda,ada@example.org\n")
    upload(page, not_json)
    page.get_by_text("it is not valid JSON").wait_for()
    screenshot(page, "restore-refused")

    broken = json.loads(json.dumps(payload))
    broken["models"]["followup.actionitem"][0]["fields"]["contact"] = 99
    broken_path = tmp_path / "broken-backup.json"
    broken_path.write_text(json.dumps(broken))
    upload(page, broken_path)
    page.wait_for_url("**/transfer/restore/*/")
    page.get_by_text("1 problem in the file stops the restore").wait_for()
    assert "Follow-up task 1 (Send thanks)" in page.inner_text("#restore-problems")
    assert page.get_by_role("button", name="Restore").count() == 0
    screenshot(page, "restore-problems")
    page.get_by_role("button", name="Discard this file").click()
    page.get_by_text("Restore cancelled: nothing was written").wait_for()

    good = tmp_path / "coffeechat-backup.json"
    good.write_text(json.dumps(payload))
    upload(page, good)
    page.wait_for_url("**/transfer/restore/*/")
    assert page.inner_text('[data-kind="contacts.contact"]') == "2"
    assert "Your profile is replaced" in page.inner_text("#restore-replaced")
    screenshot(page, "restore-preview")
    page.get_by_role("button", name="Restore 11 records").click()
    page.wait_for_url("**/transfer/import/*/progress/")
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    page.get_by_role("heading", name="Restored coffeechat-backup.json").wait_for()
    screenshot(page, "restore-done")
    assert Contact.objects.filter(user__username="carol").count() == 2
