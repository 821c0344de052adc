from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.test import TestCase, override_settings

from coffeechat.accounts.models import LoginFailure
from coffeechat.core.testing import BaseTestCase

RIGHT = "password-for-tests"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class LoginThrottleTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.clock = self.enterContext(time_machine.travel(START, tick=False))

    def attempt(self, username: str, password: str, ip: str = "10.1.1.1", **headers):
        self.client.logout()
        return self.client.post(
            "/accounts/login/",
            {"username": username, "password": password},
            REMOTE_ADDR=ip,
            **headers,
        )

    def signed_in(self) -> bool:
        return "_auth_user_id" in self.client.session

    def later(self, seconds: float) -> None:
        self.clock.shift(timedelta(seconds=seconds))

    def test_it_does_not_hold_another_user_behind_the_same_address(self):
        for _ in range(5):
            self.attempt("alice", "wrong")
        response = self.attempt("bob", RIGHT)
        self.assertRedirects(response, "/")
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.bob.pk)

    def test_it_slows_guessing_at_one_account_with_growing_waits(self):
        for _ in range(5):
            self.attempt("alice", "wrong")
        # Now even the right password waits: the guesser cannot tell it was right.
        response = self.attempt("alice", RIGHT)
        self.assertContains(response, "Too many failed sign-ins. Wait 2 seconds")
        self.assertFalse(self.signed_in())
        self.assertEqual(LoginFailure.objects.count(), 5)  # a refused try is not a guess
        self.later(2)
        self.assertContains(self.attempt("alice", "wrong"), "Please enter a correct")
        self.assertContains(self.attempt("alice", "wrong"), "Wait 4 seconds")
        self.later(4)
        self.attempt("alice", "wrong")
        self.assertContains(self.attempt("alice", RIGHT), "Wait 8 seconds")
        self.later(8)
        self.assertRedirects(self.attempt("alice", RIGHT), "/")

    def test_it_lets_the_owner_in_from_elsewhere_while_one_address_guesses(self):
        for _ in range(6):
            self.attempt("alice", "wrong", ip="203.0.113.9")
        self.assertRedirects(self.attempt("alice", RIGHT, ip="10.1.1.1"), "/")

    @override_settings(LOGIN_ACCOUNT_FAILURE_LIMIT=6)
    def test_it_slows_guessing_spread_over_many_addresses_but_never_for_long(self):
        for n in range(6):
            self.attempt("alice", "wrong", ip=f"198.51.100.{n}")
        response = self.attempt("alice", RIGHT, ip="10.1.1.1")
        self.assertContains(response, "Wait 2 seconds")
        for n in range(6, 20):
            self.later(61)
            self.attempt("alice", "wrong", ip=f"198.51.100.{n}")
        self.assertContains(self.attempt("alice", RIGHT), "Wait 60 seconds")  # the longest
        self.later(60)
        self.assertRedirects(self.attempt("alice", RIGHT), "/")

    def test_it_forgets_this_address_failures_after_a_success(self):
        for _ in range(3):
            self.attempt("alice", "wrong")
        self.attempt("alice", "wrong", ip="198.51.100.1")
        self.attempt("alice", RIGHT)
        self.assertEqual(
            list(LoginFailure.objects.values_list("ip_address", flat=True)), ["198.51.100.1"]
        )

    def test_it_ignores_a_claimed_address_without_a_trusted_proxy(self):
        for n in range(5):
            self.attempt("alice", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        self.assertEqual(
            set(LoginFailure.objects.values_list("ip_address", flat=True)), {"10.1.1.1"}
        )
        response = self.attempt("alice", RIGHT, HTTP_X_FORWARDED_FOR="192.0.2.77")
        self.assertContains(response, "Too many failed sign-ins")

    @override_settings(TRUSTED_PROXIES=1)
    def test_it_takes_the_address_the_trusted_proxy_added(self):
        # The client's own claim comes first; our one proxy appended the real address.
        for _ in range(5):
            self.attempt(
                "alice", "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5"
            )
        self.assertEqual(
            set(LoginFailure.objects.values_list("ip_address", flat=True)), {"203.0.113.5"}
        )
        other = self.attempt("alice", RIGHT, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
        self.assertRedirects(other, "/")

    @override_settings(TRUSTED_PROXIES=("127.0.0.1",))
    def test_it_trusts_a_named_proxy_only(self):
        self.attempt("alice", "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
        self.attempt("alice", "wrong", ip="10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.5")
        self.assertEqual(
            sorted(LoginFailure.objects.values_list("ip_address", flat=True)),
            ["10.9.9.9", "203.0.113.5"],
        )

    @override_settings(LOGIN_GLOBAL_FAILURE_LIMIT=10)
    def test_it_holds_a_failing_address_during_a_surge_but_not_a_clean_one(self):
        # One address sprays many names once each: no per-name limit is reached.
        for n in range(10):
            self.attempt(f"user{n}", "wrong", ip="203.0.113.66")
        self.assertContains(self.attempt("alice", RIGHT, ip="203.0.113.66"), "Wait")
        self.assertRedirects(self.attempt("alice", RIGHT, ip="10.1.1.1"), "/")


@override_settings(SIGNUP_OPEN=True, SIGNUP_LIMIT=3, EMAIL_CONFIGURED=True)
class SignupThrottleTests(TestCase):
    def sign_up(self, username: str, ip: str = "10.1.1.1"):
        self.client.logout()
        return self.client.post(
            "/accounts/signup/",
            {"username": username, "password1": "coffee-Beans-2026", "password2": "x"},
            REMOTE_ADDR=ip,
        )

    def test_it_refuses_a_fourth_sign_up_from_one_address_within_the_hour(self):
        for n in range(3):
            self.assertEqual(self.sign_up(f"sam{n}").status_code, 200)
        response = self.sign_up("sam9")
        self.assertContains(response, "Too many sign-ups from your address", status_code=429)
        self.assertEqual(self.sign_up("sam9", ip="10.2.2.2").status_code, 200)
        with time_machine.travel(datetime.now(UTC) + timedelta(hours=1, seconds=1)):
            self.assertEqual(self.sign_up("sam9").status_code, 200)

    def test_well_formed_sign_ups_count_too_and_a_refused_one_sends_nothing(self):
        for n in range(3):
            response = self.client.post(
                "/accounts/signup/",
                {
                    "username": f"sam{n}",
                    "email": f"sam{n}@example.org",
                    "password1": "coffee-Beans-2026",
                    "password2": "coffee-Beans-2026",
                },
                REMOTE_ADDR="10.1.1.1",
            )
            self.assertRedirects(response, "/accounts/signup/sent/")
        self.assertEqual(self.sign_up("sam9").status_code, 429)
        self.assertEqual(len(mail.outbox), 3)
