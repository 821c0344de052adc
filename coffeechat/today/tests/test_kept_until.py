"""Today's list is kept past the minute, until its providers say time next changes it
(core.extensions `changes_at`): swept over sixteen days of clock in two zones, with a real
cache, the kept list must always be what a fresh computation gives at that instant.

A provider whose `changes_at` forgot one of its rules would leave the kept list stale from that
instant to the list's next recomputation; the sweep's instants are irregular, and each is also
viewed again a minute later, so such a gap shows as a difference."""

import random
from datetime import timedelta
from unittest import mock

import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coffeechat.accounts.models import Profile
from coffeechat.contacts.models import Contact
from coffeechat.core import extensions
from coffeechat.core.tests import factories
from coffeechat.hosting.models import HostRequest, Status
from coffeechat.hosting.tests.helpers import host_page
from coffeechat.pipeline.models import CLOSED_STAGES, Conversation
from coffeechat.today import today_items, views
from coffeechat.today.tests import test_today_fast
from coffeechat.today.tests.test_today_fast import MONDAY
from coffeechat.today.views import SHORT_LIST

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@override_settings(CACHES=LOCAL)
class KeptUntilTimeChangesItTests(test_today_fast.TodayEqualsTheFullComputationTests):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        rng = random.Random(7)
        with time_machine.travel(MONDAY, tick=False):
            self.keep_in_touch(rng)
            self.hosting(rng)
        # Closed at odd hours over the past week, so each one's week ends at an instant of its
        # own rather than with the daily refresh of the stored steps.
        for conversation in Conversation.objects.filter(user=self.alice, stage__in=CLOSED_STAGES):
            Conversation.objects.filter(pk=conversation.pk).update(
                stage_changed_at=MONDAY - timedelta(minutes=rng.randint(0, 7 * 24 * 60))
            )
        Profile.objects.filter(user=self.alice).update(weekly_request_goal=3)

    def keep_in_touch(self, rng: random.Random) -> None:
        """Contacts falling due over the days swept, some snoozed."""
        for number in range(12):
            contact = factories.contact(self.alice, f"Friend {number}")
            Contact.objects.filter(pk=contact.pk).update(
                keep_in_touch_days=30,
                keep_in_touch_due_at=MONDAY + timedelta(hours=rng.randint(-48, 16 * 24)),
                snoozed_until=(MONDAY + timedelta(days=rng.randint(0, 12))).date()
                if rng.random() < 0.3
                else None,
            )

    def hosting(self, rng: random.Random) -> None:
        """Requests to answer (some falling overdue) and conversations to give, coming into
        the week, within a day, and past."""
        page = host_page(self.alice)
        for number in range(10):
            scheduled = rng.random() < 0.6
            request = HostRequest.objects.create(
                user=self.alice,
                page=page,
                status=Status.SCHEDULED if scheduled else Status.NEW,
                name=f"Guest {number}",
                email="g@example.org",
                about="a",
                learn="How teams plan research.",
                starts_at=MONDAY + timedelta(hours=rng.randint(-24, 20 * 24))
                if scheduled
                else None,
            )
            HostRequest.objects.filter(pk=request.pk).update(
                updated=MONDAY - timedelta(hours=rng.randint(0, 96))
            )

    def listed(self, now, zone: str) -> tuple[list, int]:
        """Today's shown items and how many more, as the page gives them (kept or not)."""
        with time_machine.travel(now, tick=False):
            self.client.force_login(self.alice)
            context = self.client.get(reverse("today:index")).context
            return list(context["items"]), context["hidden"]

    def fresh(self, now, zone: str) -> tuple[list, int]:
        with time_machine.travel(now, tick=False), timezone.override(zone):
            items = extensions.today_items(self.user(), now)
        return items[:SHORT_LIST], len(items) - len(items[:SHORT_LIST])

    def user(self):
        return type(self.alice).objects.select_related("profile").get(pk=self.alice.pk)

    def provider_at(self, func, moment, zone: str) -> tuple[list, object]:
        """What `func` yields at `moment`, and the instant it names as its next change."""
        user = self.user()
        with time_machine.travel(moment, tick=False), timezone.override(zone):
            return list(func(user, moment)), extensions.PROVIDERS.change_at(func, user, moment)

    def assert_nothing_changes_before(self, func, now, zone: str) -> object:
        """Just before the instant `func` names, it still yields what it yields at `now`: a
        rule that its `changes_at` forgot would change it earlier."""
        listed, until = self.provider_at(func, now, zone)
        self.assertTrue(until is None or until >= now, func.__name__)
        # None: time never changes it, so not within the weeks swept either.
        if until is None or until > now + timedelta(microseconds=1):
            before = (until or now + timedelta(days=40)) - timedelta(microseconds=1)
            self.assertEqual(
                self.provider_at(func, before, zone)[0],
                listed,
                f"{func.__name__}: {now} to {until} in {zone}",
            )
        return until

    def test_the_next_steps_do_not_change_before_the_instant_they_name(self):
        # From instant to instant named, for sixteen days (time only moves forward here, as
        # stored steps expect).
        for zone in ("UTC", "Pacific/Auckland"):
            Profile.objects.filter(user=self.alice).update(time_zone=zone)
            now, named = MONDAY, 0
            while now < MONDAY + timedelta(days=16):
                until = self.assert_nothing_changes_before(today_items.next_steps, now, zone)
                self.assertIsNotNone(until)
                named += 1
                now = max(until, now + timedelta(seconds=1))
            self.assertGreater(named, 30, zone)

    def test_no_other_provider_changes_before_the_instant_it_names(self):
        # These keep nothing, so each is checked at its own instant, from instants spread
        # over sixteen days: another provider's sooner instant cannot hide a forgotten rule.
        others = [func for func in extensions.PROVIDERS if func is not today_items.next_steps]
        self.assertEqual(len(others), 5)
        for zone in ("UTC", "Pacific/Auckland"):
            Profile.objects.filter(user=self.alice).update(time_zone=zone)
            for hours in range(0, 16 * 24, 3):
                now = MONDAY + timedelta(hours=hours, minutes=(hours * 17) % 60)
                for func in others:
                    self.assert_nothing_changes_before(func, now, zone)

    def test_today_lists_exactly_what_the_full_computation_gives_as_time_passes(self):
        kept_views = 0
        # (Patched where the view looks it up, so that a kept view is told from a computed one.)
        computed = mock.patch.object(views, "today_changes_at", wraps=extensions.today_changes_at)
        for zone in ("UTC", "Pacific/Auckland"):
            Profile.objects.filter(user=self.alice).update(time_zone=zone)
            for hours in range(0, 16 * 24, 7):
                now = MONDAY + timedelta(hours=hours, minutes=(hours * 13) % 60)
                for moment in (now, now + timedelta(seconds=61)):
                    with computed as counted:
                        shown = self.listed(moment, zone)
                    kept_views += not counted.called
                    self.assertEqual(shown, self.fresh(moment, zone), f"{moment} in {zone}")
        # The list was kept across the minute and across the sweep's steps, not only computed.
        self.assertGreater(kept_views, 20)

    def test_the_first_items_alone_are_the_first_of_all_with_the_count_of_all(self):
        # Today's short list builds only the items that can be among the first (next steps:
        # the first rows in the database's order, which must be the items' sort order).
        longest = 0
        for zone in ("UTC", "Pacific/Auckland", "America/Los_Angeles"):
            Profile.objects.filter(user=self.alice).update(time_zone=zone)
            for hours in range(0, 16 * 24, 11):
                now = MONDAY + timedelta(hours=hours, minutes=(hours * 7) % 60)
                with time_machine.travel(now, tick=False), timezone.override(zone):
                    user = self.user()
                    everything = extensions.today_items(user, now)
                    longest = max(longest, len(everything))
                    for limit in (1, 4, 15, SHORT_LIST):
                        first, total = extensions.today_first_items(user, now, limit)
                        self.assertEqual(first, everything[:limit], f"{now} in {zone}, {limit}")
                        self.assertEqual(total, len(everything), f"{now} in {zone}")
        self.assertGreater(longest, SHORT_LIST)

    def test_the_next_steps_first_items_read_only_those_rows(self):
        with time_machine.travel(MONDAY, tick=False):
            user = self.user()
            everything = list(today_items.next_steps(user, MONDAY))
            self.assertGreater(len(everything), 10)
            made = mock.patch.object(today_items, "kept", wraps=today_items.kept)
            with made as kept:
                first, total = today_items.first_next_steps(user, MONDAY, 4)
        self.assertEqual(kept.call_count, 4)
        self.assertEqual(total, len(everything))
        self.assertEqual(first, sorted(everything, key=lambda item: item.sort_key)[:4])
