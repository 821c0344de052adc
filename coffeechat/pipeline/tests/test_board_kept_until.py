"""The board's badges are kept past the minute, until their functions say time next changes them
(core.extensions `card_badges(changes_at=...)`): swept over sixteen days of clock in two zones,
on varied conversations (meetings ahead and past, steps falling due), the badges never change
before the instant named, and the board shows what a fresh computation gives."""

import random
import re
from datetime import timedelta
from unittest import mock

import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coffeechat.accounts.models import Profile
from coffeechat.core import extensions
from coffeechat.core.testing import BaseTestCase
from coffeechat.pipeline import views
from coffeechat.pipeline.cards import board_cards
from coffeechat.today.tests import test_today_fast
from coffeechat.today.tests.test_today_fast import MONDAY

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ZONES = ("UTC", "Pacific/Auckland")
# Each form's masked CSRF token differs from view to view; nothing else on the board should.
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@override_settings(CACHES=LOCAL)
class BoardKeptUntilTimeChangesItTests(BaseTestCase):
    # Today's varied conversations: every stage, meetings from three days past to twenty ahead
    # (scheduled, held, cancelled; ready or not), replies, drafts, follow-ups.
    conversation = test_today_fast.TodayEqualsTheFullComputationTests.conversation

    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        rng = random.Random(2026)
        with time_machine.travel(MONDAY, tick=False):
            for number in range(70):
                self.conversation(rng, number)
        self.cards = board_cards(self.alice, views.CARDS_PER_COLUMN)

    def badges_at(self, func, moment, zone: str) -> tuple[dict, object]:
        """What `func` gives the board's cards at `moment`, and the instant it names."""
        functions = extensions.BADGES["board"]
        with time_machine.travel(moment, tick=False), timezone.override(zone):
            return func(self.cards), functions.change_at(func, self.cards, moment)

    def test_every_badge_function_names_when_time_changes_its_badges(self):
        functions = extensions.BADGES["board"]
        self.assertEqual(len(functions), 2)
        for func in functions:
            self.assertTrue(functions.names_changes(func), func.__name__)

    def test_no_badge_changes_before_the_instant_its_function_names(self):
        # From instant to instant named, for sixteen days (time only moves forward here, as
        # stored steps expect), each function on its own: another's sooner instant cannot hide
        # a forgotten rule.
        for func in extensions.BADGES["board"]:
            for zone in ZONES:
                now, named = MONDAY, 0
                while now < MONDAY + timedelta(days=16):
                    badges, until = self.badges_at(func, now, zone)
                    self.assertTrue(until is None or until >= now, func.__name__)
                    before = (until or now + timedelta(days=40)) - timedelta(microseconds=1)
                    if before > now:
                        self.assertEqual(
                            self.badges_at(func, before, zone)[0],
                            badges,
                            f"{func.__name__}: {now} to {until} in {zone}",
                        )
                    if until is None:
                        break
                    named += 1
                    now = max(until, now + timedelta(seconds=1))
                # Meetings pass and steps fall due over the weeks swept: each names instants.
                self.assertGreater(named, 5, f"{func.__name__} in {zone}")

    def board(self, moment, zone: str) -> str:
        with time_machine.travel(moment, tick=False), timezone.override(zone):
            self.client.force_login(self.alice)
            html = self.client.get(reverse("pipeline:board")).content.decode()
        return CSRF.sub("", html)

    def test_the_board_shows_exactly_what_a_fresh_computation_gives_as_time_passes(self):
        kept_views = 0
        worked_out = mock.patch.object(views, "_badges", wraps=views._badges)
        for zone in ZONES:
            Profile.objects.filter(user=self.alice).update(time_zone=zone)
            for hours in range(0, 16 * 24, 7):
                now = MONDAY + timedelta(hours=hours, minutes=(hours * 13) % 60)
                for moment in (now, now + timedelta(seconds=61)):
                    with worked_out as counted:
                        shown = self.board(moment, zone)
                    kept_views += not counted.called
                    cache.clear()
                    # Worked out afresh, and kept again for the next view.
                    self.assertEqual(shown, self.board(moment, zone), f"{moment} in {zone}")
        # The badges were kept across the minute and across the sweep's steps.
        self.assertGreater(kept_views, 20)
