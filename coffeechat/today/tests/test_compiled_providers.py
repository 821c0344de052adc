"""Today after a change builds no query through the ORM: once the next steps are stored, its
providers only run queries compiled once per connection (core.compiled), whoever asks and
whenever. A provider that went back to building its queries per call would cost several
milliseconds per view again (issue 20); this guards that without timing anything."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from coffeechat.core.extensions import today_items
from coffeechat.core.testing import BaseTestCase, built_by_the_orm
from coffeechat.core.tests import factories
from coffeechat.pipeline.models import Stage


class TodayBuildsNoQueryTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        for user in (self.alice, self.bob):
            organisation = factories.organisation(user, "Acme")
            for n, stage in enumerate([Stage.PROSPECT, Stage.REQUESTED, Stage.SCHEDULED]):
                contact = factories.contact(user, f"Person {n}", org=organisation)
                factories.conversation(user, contact, stage)
            factories.contact(user, "Not asked yet")
            factories.action(user, "Send the article", due=timezone.localdate())

    def built_for_today(self, user, now) -> list[str]:
        with built_by_the_orm() as built:
            self.assertTrue(today_items(user, now))
        return built

    def test_a_view_with_its_steps_stored_builds_nothing(self):
        now = timezone.now()
        for user in (self.alice, self.bob):
            today_items(user, now)  # builds the queries and stores the steps
        self.assertEqual(self.built_for_today(self.bob, now), [])
        self.assertEqual(self.built_for_today(self.alice, now + timedelta(minutes=5)), [])


class BoardBuildsNoQueryTests(TodayBuildsNoQueryTests):
    """The board's cards, counts and badges (next step, readiness) likewise."""

    def test_a_view_with_its_steps_stored_builds_nothing(self):
        for user in (self.alice, self.bob):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("pipeline:board")).status_code, 200)
        with built_by_the_orm() as built:
            response = self.client.get(reverse("pipeline:board"))
        self.assertContains(response, "Person 2")
        # Signing in, and the user's data token (core.freshness).
        self.assertEqual(
            sorted(built), ["accounts_profile", "auth_user", "core_dataversion", "django_session"]
        )
