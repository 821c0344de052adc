"""Sign-up by e-mail confirmation: the form answers every well-formed sign-up the same, and
only the message sent to the address says whether the name or the address is in use."""

import email
import hashlib
import re
from datetime import UTC, datetime, timedelta
from email import policy
from unittest import mock

import time_machine
from django.contrib.auth import hashers
from django.contrib.auth.models import User
from django.core import mail
from django.test import TestCase, override_settings

from coffeechat.accounts.models import PendingSignup, Profile
from coffeechat.core.smtp_testing import smtp_settings, start_server
from coffeechat.core.testing import make_user
from coffeechat.core.tests.test_no_500_walk import BOUNDARY_VALUES

PASSWORD = "coffee-Beans-2026"
LINK = re.compile(r"http://testserver(/accounts/signup/confirm/[^/\s]+/)")


def form(username: str, address: str) -> dict:
    return {"username": username, "email": address, "password1": PASSWORD, "password2": PASSWORD}


@override_settings(SIGNUP_OPEN=True, EMAIL_CONFIGURED=True, DEFAULT_FROM_EMAIL="cc@example.edu")
class SignupByEmailTests(TestCase):
    def setUp(self) -> None:
        self.alice = make_user("alice")  # alice@example.org

    def sign_up(self, username: str = "sam", address: str = "sam@example.org"):
        self.client.logout()
        return self.client.post("/accounts/signup/", form(username, address))

    def test_it_makes_the_account_only_once_the_mailed_link_is_confirmed(self):
        response = self.sign_up()
        self.assertRedirects(response, "/accounts/signup/sent/")
        self.assertContains(self.client.get("/accounts/signup/sent/"), "Check your e-mail")
        self.assertFalse(User.objects.filter(username="sam").exists())
        [message] = mail.outbox
        self.assertEqual(message.to, ["sam@example.org"])
        self.assertEqual(message.from_email, "cc@example.edu")
        self.assertEqual(message.subject, "Confirm your new Coffeechat account")
        link = LINK.search(message.body)[1]

        # Opening the link (as a mail scanner would) makes nothing; the button does.
        page = self.client.get(link)
        self.assertContains(page, "Create my account")
        self.assertContains(page, "sam@example.org")
        self.assertFalse(User.objects.filter(username="sam").exists())
        self.assertRedirects(self.client.post(link), "/accounts/onboarding/")
        sam = User.objects.get(username="sam")
        self.assertEqual(sam.email, "sam@example.org")
        self.assertTrue(sam.check_password(PASSWORD))
        self.assertTrue(Profile.objects.filter(user=sam).exists())
        self.assertEqual(int(self.client.session["_auth_user_id"]), sam.pk)

        # The link works once.
        self.client.logout()
        self.assertContains(self.client.get(link), "does not work any more", status_code=404)
        self.assertContains(self.client.post(link), "does not work any more", status_code=404)
        self.assertEqual(User.objects.filter(username="sam").count(), 1)

    def test_it_answers_a_taken_name_or_address_exactly_as_a_free_one(self):
        free = self.sign_up("sam", "sam@example.org")
        taken_name = self.sign_up("ALICE", "newcomer@example.org")
        taken_address = self.sign_up("someone", "Alice@Example.org")
        for response in (taken_name, taken_address):
            self.assertEqual(response.status_code, free.status_code)
            self.assertEqual(response["Location"], free["Location"])
            self.assertEqual(response.content, free.content)
        self.assertEqual(User.objects.count(), 1)
        self.assertEqual(list(PendingSignup.objects.values_list("username", flat=True)), ["sam"])

        confirm, name_taken, has_account = mail.outbox
        self.assertTrue(LINK.search(confirm.body))
        self.assertEqual(name_taken.to, ["newcomer@example.org"])
        self.assertEqual(name_taken.subject, "Choose another Coffeechat user name")
        self.assertIn(
            'user name "ALICE" and this e-mail address. That user name is already taken',
            name_taken.body,
        )
        self.assertIn("http://testserver/accounts/signup/", name_taken.body)
        self.assertEqual(has_account.to, ["Alice@Example.org"])
        self.assertEqual(has_account.subject, "You already have a Coffeechat account")
        self.assertIn('with the user name "alice"', has_account.body)
        self.assertIn("http://testserver/accounts/password/reset/", has_account.body)
        for message in (name_taken, has_account):
            self.assertIsNone(LINK.search(message.body))

    def test_it_does_the_same_slow_work_whatever_the_case(self):
        # Hashing the password is the slow step; skipping it when the name is taken would
        # tell the name apart by the time the answer takes.
        for username, address in (("sam", "s@example.org"), ("alice", "n@example.org")):
            with (
                self.subTest(username=username),
                mock.patch(
                    "coffeechat.accounts.signup.make_password", wraps=hashers.make_password
                ) as hashing,
            ):
                self.sign_up(username, address)
                hashing.assert_called_once_with(PASSWORD)
        self.assertEqual(len(mail.outbox), 2)

    def test_it_keeps_only_digests_of_the_link_and_the_password(self):
        self.sign_up()
        token = LINK.search(mail.outbox[0].body)[1].split("/")[-2]
        pending = PendingSignup.objects.get()
        self.assertEqual(pending.token_hash, hashlib.sha256(token.encode()).hexdigest())
        self.assertNotIn(PASSWORD, pending.password)
        self.assertTrue(hashers.check_password(PASSWORD, pending.password))

    def test_a_link_expires_after_a_day(self):
        self.sign_up()
        link = LINK.search(mail.outbox[0].body)[1]
        later = datetime.now(UTC) + timedelta(hours=24, minutes=1)
        with time_machine.travel(later):
            self.assertEqual(self.client.post(link).status_code, 404)
            self.sign_up("other", "other@example.org")  # and expired ones are forgotten
        self.assertEqual(list(PendingSignup.objects.values_list("username", flat=True)), ["other"])
        self.assertFalse(User.objects.filter(username="sam").exists())

    def test_a_name_taken_after_the_link_was_sent_is_not_made_twice(self):
        self.sign_up("sam", "sam@example.org")
        self.sign_up("Sam", "other@example.org")
        first, second = (LINK.search(m.body)[1] for m in mail.outbox)
        self.client.post(first)
        self.client.logout()
        response = self.client.post(second)
        self.assertContains(response, "no longer free", status_code=409)
        self.assertEqual(User.objects.filter(username__iexact="sam").count(), 1)
        self.assertFalse(PendingSignup.objects.exists())

    def test_it_still_checks_what_was_typed(self):
        response = self.client.post(
            "/accounts/signup/",
            {"username": "sam", "email": "not an address", "password1": "1", "password2": "1"},
        )
        self.assertContains(response, "Enter a valid email address")
        self.assertContains(response, "too short")
        self.assertEqual(mail.outbox, [])
        response = self.client.post("/accounts/signup/", {**form("sam", ""), "email": ""})
        self.assertContains(response, "This field is required")

    def test_it_answers_the_same_when_the_message_cannot_be_sent(self):
        with (
            mock.patch("coffeechat.accounts.signup.send_email", side_effect=_mail_error()),
            self.assertLogs("coffeechat.accounts.signup", "ERROR"),
        ):
            response = self.sign_up()
        self.assertRedirects(response, "/accounts/signup/sent/")

    def test_no_value_in_any_field_gives_a_500_or_half_an_account(self):
        # The form walk (core/tests/test_no_500_walk.py) walks pages as a signed-in user, to
        # whom sign-up is closed; the same values here, for a visitor.
        for value in BOUNDARY_VALUES:
            with self.subTest(value=value[:30]):
                fields = {"username": value, "email": value, "password1": value}
                response = self.client.post("/accounts/signup/", {**fields, "password2": value})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'class="errorlist')
        bad = self.client.post(
            "/accounts/signup/confirm/%E2%98%95%00x/", {"csrfmiddlewaretoken": "x"}
        )
        self.assertEqual(bad.status_code, 404)
        self.assertEqual((User.objects.count(), PendingSignup.objects.count()), (1, 0))
        self.assertEqual(mail.outbox, [])

    @override_settings(EMAIL_CONFIGURED=False)
    def test_it_says_sign_up_needs_mail_when_the_instance_has_none(self):
        page = self.client.get("/accounts/signup/")
        self.assertContains(page, "no mail server set up", status_code=503)
        self.assertNotContains(page, "<form", status_code=503)
        self.assertEqual(self.sign_up().status_code, 503)
        self.assertFalse(PendingSignup.objects.exists())

    def test_it_sends_the_link_through_a_real_smtp_server(self):
        inbox, port = start_server(self)
        with smtp_settings(port):
            self.assertRedirects(self.sign_up(), "/accounts/signup/sent/")
        [envelope] = inbox.envelopes
        self.assertEqual(envelope.rcpt_tos, ["sam@example.org"])
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        link = LINK.search(message.get_content())[1]
        self.assertRedirects(self.client.post(link), "/accounts/onboarding/")


def _mail_error():
    from coffeechat.core.mail import MailError

    return MailError("down")
