import io
import re
from unittest import mock

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from coffeechat.accounts.models import Profile
from coffeechat.core.testing import BaseTestCase, make_user

GOOD_PASSWORD = "coffee-Beans-2026"


class FirstRunTests(TestCase):
    def test_it_sends_the_first_visitor_to_create_an_account(self):
        response = self.client.get("/")
        self.assertRedirects(response, "/accounts/setup/")
        self.assertRedirects(self.client.get("/accounts/login/"), "/accounts/setup/")

    def test_it_creates_the_first_account_and_starts_onboarding(self):
        response = self.client.post(
            "/accounts/setup/",
            {"username": "ana", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
        )
        self.assertRedirects(response, "/accounts/onboarding/")
        user = User.objects.get(username="ana")
        self.assertFalse(user.profile.onboarded)
        # Until onboarding is done every page leads back to it.
        self.assertRedirects(self.client.get("/contacts/"), "/accounts/onboarding/")

    def test_it_applies_the_password_validators(self):
        response = self.client.post(
            "/accounts/setup/", {"username": "ana", "password1": "123", "password2": "123"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "too short")
        self.assertFalse(User.objects.exists())

    def test_it_closes_setup_once_someone_has_an_account(self):
        make_user("alice")
        self.assertEqual(self.client.get("/accounts/setup/").status_code, 404)
        response = self.client.post(
            "/accounts/setup/",
            {"username": "mallory", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(User.objects.filter(username="mallory").exists())


class SignupTests(TestCase):
    def setUp(self) -> None:
        make_user("alice")

    def test_it_is_closed_by_default(self):
        self.assertEqual(self.client.get("/accounts/signup/").status_code, 404)

    @override_settings(SIGNUP_OPEN=True, EMAIL_CONFIGURED=True)
    def test_it_opens_with_the_setting(self):
        # The whole sign-up, by e-mail, is in test_signup.py.
        page = self.client.get("/accounts/signup/")
        self.assertContains(page, "We e-mail you a link")
        self.assertContains(page, 'name="email"')


@override_settings(EMAIL_CONFIGURED=True, DEFAULT_FROM_EMAIL="coffeechat@example.edu")
class PasswordResetTests(TestCase):
    def setUp(self) -> None:
        self.alice = make_user("alice")

    def ask(self, email: str):
        return self.client.post("/accounts/password/reset/", {"email": email})

    def test_the_sign_in_page_links_to_it(self):
        self.assertContains(self.client.get("/accounts/login/"), 'href="/accounts/password/reset/"')
        self.assertContains(self.client.get("/accounts/password/reset/"), "Send the link")

    def test_it_mails_a_link_that_sets_a_new_password_once(self):
        from django.core import mail

        response = self.ask("ALICE@example.org")
        self.assertRedirects(response, "/accounts/password/reset/sent/")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["alice@example.org"])
        self.assertEqual(message.from_email, "coffeechat@example.edu")
        self.assertEqual(message.subject, "Reset your Coffeechat password")
        link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body)[1]
        form = self.client.get(link, follow=True)
        self.assertContains(form, "Choose a new password")
        self.assertContains(form, "Set password")
        set_password = form.redirect_chain[-1][0]
        done = self.client.post(
            set_password, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
        )
        self.assertRedirects(done, "/accounts/password/reset/done/")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(GOOD_PASSWORD))
        used = self.client.get(link, follow=True)
        self.assertContains(used, "does not work any more", status_code=404)

    def test_it_answers_an_unknown_address_the_same_and_sends_nothing(self):
        from django.core import mail

        known = self.ask("alice@example.org")
        unknown = self.ask("nobody@example.org")
        self.assertRedirects(unknown, "/accounts/password/reset/sent/")
        self.assertEqual(known["Location"], unknown["Location"])
        self.assertEqual(len(mail.outbox), 1)

    @override_settings(EMAIL_CONFIGURED=False)
    def test_it_answers_the_same_when_mail_cannot_be_sent(self):
        with self.assertLogs("coffeechat.accounts.forms", "ERROR"):
            response = self.ask("alice@example.org")
        self.assertRedirects(response, "/accounts/password/reset/sent/")


class LoginTests(BaseTestCase):
    def attempt(self, password: str):
        return self.client.post(
            "/accounts/login/", {"username": "alice", "password": password}, REMOTE_ADDR="10.1.1.1"
        )

    def test_it_signs_in_and_out(self):
        self.assertRedirects(self.attempt("password-for-tests"), "/")
        self.assertEqual(self.client.get("/accounts/logout/").status_code, 405)
        self.client.post("/accounts/logout/")
        self.assertRedirects(self.client.get("/contacts/"), "/accounts/login/?next=/contacts/")


class OnboardingAndProfileTests(BaseTestCase):
    def test_it_saves_onboarding_and_lets_the_user_in(self):
        carol = make_user("carol", onboarded=False)
        self.login(carol)
        response = self.client.post(
            "/accounts/onboarding/",
            {
                "full_name": "Carol Diaz",
                "introduction": "I study economics and want to learn about impact investing.",
                "career_interests": "impact investing",
                "background": "",
                "time_zone": "America/Toronto",
                "default_meeting_minutes": 20,
            },
        )
        self.assertRedirects(response, "/")
        carol.profile.refresh_from_db()
        self.assertTrue(carol.profile.onboarded)
        self.assertEqual(carol.profile.time_zone, "America/Toronto")

    def test_it_edits_the_profile_later(self):
        self.login(self.alice)
        response = self.client.post(
            "/accounts/profile/",
            {
                "full_name": "Alice A.",
                "introduction": "New intro",
                "career_interests": "",
                "background": "",
                "time_zone": "Europe/Paris",
                "default_meeting_minutes": 30,
            },
        )
        self.assertRedirects(response, "/accounts/profile/")
        self.alice.profile.refresh_from_db()
        self.assertEqual(self.alice.profile.introduction, "New intro")
        self.assertEqual(self.alice.profile.default_meeting_minutes, 30)

    def test_it_refuses_an_unknown_time_zone(self):
        self.login(self.alice)
        response = self.client.post(
            "/accounts/profile/",
            {"full_name": "A", "time_zone": "Mars/Olympus", "default_meeting_minutes": 20},
        )
        self.assertContains(response, "Select a valid choice")

    def test_it_changes_the_password(self):
        self.login(self.alice)
        response = self.client.post(
            "/accounts/password/",
            {
                "old_password": "password-for-tests",
                "new_password1": GOOD_PASSWORD,
                "new_password2": GOOD_PASSWORD,
            },
        )
        self.assertRedirects(response, "/accounts/profile/")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(GOOD_PASSWORD))


class CreateUserCommandTests(TestCase):
    def test_it_reads_the_password_from_stdin(self):
        out = io.StringIO()
        with mock.patch("sys.stdin", io.StringIO(GOOD_PASSWORD + "\n")):
            call_command("createuser", "dana", "--password-stdin", stdout=out)
        self.assertIn("Created account dana", out.getvalue())
        self.assertTrue(User.objects.get(username="dana").check_password(GOOD_PASSWORD))
        self.assertTrue(Profile.objects.filter(user__username="dana").exists())

    def test_it_rejects_a_weak_password(self):
        with (
            mock.patch("sys.stdin", io.StringIO("password\n")),
            self.assertRaisesMessage(CommandError, "too common"),
        ):
            call_command("createuser", "dana", "--password-stdin")
        self.assertFalse(User.objects.exists())

    def test_it_refuses_a_taken_name(self):
        make_user("dana")
        with self.assertRaisesMessage(CommandError, "exists already"):
            call_command("createuser", "dana", "--password-stdin")
