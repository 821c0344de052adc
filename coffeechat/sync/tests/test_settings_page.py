"""The sync page: the app password stored encrypted, https required, turning sync off."""

from django.test import override_settings

from coffeechat.core.testing import BaseTestCase
from coffeechat.sync.crypto import CredentialsUnreadable, decrypt
from coffeechat.sync.models import SyncAccount, SyncItem


class SettingsPageTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def post(self, **fields):
        data = {
            "server_url": "https://caldav.fastmail.com/",
            "username": "alice@fastmail.example",
            "password": "abcd-efgh-ijkl",
            "calendar_name": "Coffeechat",
            "addressbook_url": "",
        }
        data.update(fields)
        return self.client.post("/sync/", data)

    def test_the_profile_links_to_the_set_up(self):
        response = self.client.get("/accounts/profile/")
        self.assertContains(response, 'href="/sync/"')
        self.assertContains(response, "Set up sync")

    def test_the_app_password_is_stored_encrypted(self):
        response = self.post()
        self.assertRedirects(response, "/sync/", fetch_redirect_response=False)
        account = SyncAccount.objects.get(user=self.alice)
        self.assertNotIn("abcd-efgh-ijkl", account.password_encrypted)
        self.assertEqual(decrypt(account.password_encrypted), "abcd-efgh-ijkl")
        page = self.client.get("/sync/")
        self.assertNotContains(page, "abcd-efgh-ijkl")
        self.assertNotContains(page, account.password_encrypted)

    def test_an_empty_password_keeps_the_saved_one(self):
        self.post()
        self.post(password="", calendar_name="Meetings")
        account = SyncAccount.objects.get(user=self.alice)
        self.assertEqual(
            (decrypt(account.password_encrypted), account.calendar_name),
            ("abcd-efgh-ijkl", "Meetings"),
        )

    def test_a_new_secret_key_asks_for_the_password_again(self):
        self.post()
        token = SyncAccount.objects.get().password_encrypted
        with (
            override_settings(SECRET_KEY="another-secret-key-for-this-test-only-0123456789"),
            self.assertRaisesMessage(CredentialsUnreadable, "enter it again"),
        ):
            decrypt(token)

    def test_bad_input_names_the_field_and_saves_nothing(self):
        response = self.post(password="")
        self.assertContains(response, "Enter the app password", status_code=400)
        response = self.post(server_url="http://cloud.example.org/remote.php/dav/")
        self.assertContains(response, "Use an https:// address", status_code=400)
        response = self.post(addressbook_url="http://cloud.example.org/card/")
        self.assertContains(response, "Use an https:// address", status_code=400)
        response = self.post(server_url="not a url")
        self.assertContains(response, "Enter a valid URL", status_code=400)
        self.assertFalse(SyncAccount.objects.exists())

    def test_plain_http_is_accepted_for_a_server_on_this_machine(self):
        self.post(server_url="http://127.0.0.1:5232/")
        self.assertTrue(SyncAccount.objects.filter(user=self.alice).exists())

    @override_settings(SYNC_LOCAL_SERVERS=False)
    def test_a_shared_instance_refuses_servers_on_its_own_network(self):
        for url in (
            "http://127.0.0.1:5232/",
            "https://localhost/dav/",
            "https://10.0.0.7/dav/",
            "https://[::1]/dav/",
            "https://169.254.169.254/",
        ):
            response = self.post(server_url=url)
            self.assertContains(
                response, "does not sync with servers on its own machine", status_code=400
            )
        response = self.post(addressbook_url="https://192.168.1.20/card/")
        self.assertContains(response, "does not sync with servers on its own", status_code=400)
        self.assertFalse(SyncAccount.objects.exists())

    def test_turning_sync_off_forgets_the_password_and_the_record(self):
        self.post()
        SyncItem.objects.create(user=self.alice, kind="contact", uid="x")
        response = self.client.post("/sync/disconnect/")
        self.assertRedirects(response, "/accounts/profile/", fetch_redirect_response=False)
        self.assertFalse(SyncAccount.objects.exists())
        self.assertFalse(SyncItem.objects.exists())

    def test_each_user_sees_only_their_own_account(self):
        self.post()
        self.login(self.bob)
        page = self.client.get("/sync/")
        self.assertNotContains(page, "alice@fastmail.example")
        self.assertContains(page, "Turn on sync")
        self.client.post("/sync/disconnect/")
        self.assertTrue(SyncAccount.objects.filter(user=self.alice).exists())
