"""Personal access tokens: created and revoked on the profile page, shown once, stored hashed,
read-only or read-and-write, last use noted."""

import hashlib
import json
import re
from datetime import timedelta

import time_machine
from django.utils import timezone

from coffeechat.api.models import AccessToken
from coffeechat.api.tokens import create_token
from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


class TokenPageTests(BaseTestCase):
    def test_it_creates_a_token_shown_once_and_stores_only_its_digest(self):
        self.login(self.alice)
        response = self.client.post(
            "/api/tokens/", {"name": "sync script", "access": "write"}, follow=True
        )
        secret = re.search(r'value="(cc_[\w-]+)"', response.content.decode()).group(1)
        token = AccessToken.objects.get(user=self.alice)
        self.assertEqual(token.name, "sync script")
        self.assertTrue(token.can_write)
        self.assertEqual(token.digest, hashlib.sha256(secret.encode()).hexdigest())
        stored = json.dumps(list(AccessToken.objects.values()), default=str)
        self.assertNotIn(secret, stored)
        self.assertTrue(secret.startswith(token.prefix))
        # The next visit lists the token but never shows the secret again.
        again = self.client.get("/accounts/profile/").content.decode()
        self.assertIn("sync script", again)
        self.assertNotIn(secret, again)

    def test_it_creates_read_only_tokens_by_default_choice(self):
        self.login(self.alice)
        self.client.post("/api/tokens/", {"name": "reader", "access": "read"})
        self.assertFalse(AccessToken.objects.get(user=self.alice).can_write)

    def test_it_refuses_a_token_without_a_name(self):
        self.login(self.alice)
        response = self.client.post("/api/tokens/", {"name": "", "access": "read"}, follow=True)
        self.assertFalse(AccessToken.objects.exists())
        self.assertContains(response, "Token name: This field is required.")

    def test_it_revokes_a_token_and_the_api_refuses_it(self):
        token, secret = create_token(self.alice, "old", can_write=True)
        self.assertEqual(self.client.get("/api/v1/contacts", **bearer(secret)).status_code, 200)
        self.login(self.alice)
        self.client.post(f"/api/tokens/{token.pk}/revoke/")
        self.assertFalse(AccessToken.objects.filter(pk=token.pk).exists())
        self.client.logout()
        response = self.client.get("/api/v1/contacts", **bearer(secret))
        self.assertEqual(response.status_code, 401)
        self.assertIn("token", response.json()["error"])

    def test_it_gives_404_on_revoking_someone_elses_token(self):
        token, _ = create_token(self.alice, "mine", can_write=False)
        self.login(self.bob)
        self.assertEqual(self.client.post(f"/api/tokens/{token.pk}/revoke/").status_code, 404)
        self.assertTrue(AccessToken.objects.filter(pk=token.pk).exists())

    def test_it_shows_when_each_token_was_last_used(self):
        create_token(self.alice, "never", can_write=False)
        _, secret = create_token(self.alice, "busy", can_write=False)
        with time_machine.travel("2026-03-02 14:05:00Z", tick=False):
            self.client.get("/api/v1/contacts", **bearer(secret))
        self.login(self.alice)
        page = self.client.get("/accounts/profile/").content.decode()
        self.assertIn("last used 2 Mar 2026, 14:05", page)
        self.assertIn("never used", page)


class TokenAuthTests(BaseTestCase):
    def test_it_notes_the_last_use_at_most_once_a_minute(self):
        token, secret = create_token(self.alice, "t", can_write=False)
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.client.get("/api/v1/contacts", **bearer(secret))
        token.refresh_from_db()
        self.assertEqual(token.last_used_at, start)
        with time_machine.travel(start + timedelta(seconds=30), tick=False):
            self.client.get("/api/v1/contacts", **bearer(secret))
        token.refresh_from_db()
        self.assertEqual(token.last_used_at, start)
        later = start + timedelta(minutes=2)
        with time_machine.travel(later, tick=False):
            self.client.get("/api/v1/contacts", **bearer(secret))
        token.refresh_from_db()
        self.assertEqual(token.last_used_at, later)

    def test_it_refuses_writes_with_a_read_only_token(self):
        contact = factories.contact(self.alice)
        _, secret = create_token(self.alice, "reader", can_write=False)
        response = self.client.post(
            "/api/v1/contacts",
            {"given_name": "Ada"},
            content_type="application/json",
            **bearer(secret),
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("read-only", response.json()["error"])
        for method in ("patch", "delete"):
            response = getattr(self.client, method)(
                f"/api/v1/contacts/{contact.pk}",
                {"role": "x"},
                content_type="application/json",
                **bearer(secret),
            )
            self.assertEqual(response.status_code, 403, method)
        self.assertEqual(Contact.objects.count(), 1)
        self.assertEqual(
            self.client.get(f"/api/v1/contacts/{contact.pk}", **bearer(secret)).status_code, 200
        )

    def test_it_lets_a_read_only_token_use_the_checkers(self):
        _, secret = create_token(self.alice, "reader", can_write=False)
        response = self.client.post(
            "/api/v1/check/request",
            {"text": "Could I ask you about your work?"},
            content_type="application/json",
            **bearer(secret),
        )
        self.assertEqual(response.status_code, 200)

    def test_it_keeps_token_answers_out_of_shared_caches(self):
        _, secret = create_token(self.alice, "t", can_write=False)
        response = self.client.get("/api/v1/contacts", **bearer(secret))
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_it_refuses_unknown_and_malformed_tokens(self):
        create_token(self.alice, "real", can_write=True)
        for value in ("Bearer cc_not-a-real-one", "Bearer ", "Basic abc", "Bearer " + "x" * 500):
            response = self.client.get("/api/v1/contacts", HTTP_AUTHORIZATION=value)
            self.assertEqual(response.status_code, 401, value)

    def test_it_refuses_the_token_of_a_deactivated_user(self):
        _, secret = create_token(self.alice, "t", can_write=True)
        self.alice.is_active = False
        self.alice.save()
        self.assertEqual(self.client.get("/api/v1/contacts", **bearer(secret)).status_code, 401)

    def test_it_accepts_the_session_with_the_csrf_check(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.assertEqual(client.get("/api/v1/contacts").status_code, 200)
        response = client.post(
            "/api/v1/contacts", {"given_name": "Ada"}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF", response.json()["error"])
        self.assertFalse(Contact.objects.exists())
