"""Today reads readiness only for meetings that start within its week (`meetings_until` in
today.facts): what it lists must be exactly what the full computation (the board's) gives, on
varied data, in two time zones, with the clock moving so that meetings come into the week,
start and end, and requests pass their 3B7 days."""

import random
import unittest
from datetime import UTC, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.contacts.services import others_at
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.followup.models import Owner
from coffeechat.meetings.checklists import keys_for
from coffeechat.meetings.models import MeetingFormat, MeetingStatus
from coffeechat.outreach.models import DraftKind, Outcome, Reply, RequestDraft
from coffeechat.pipeline.models import ACTIVE_STAGES, CLOSED_STAGES
from coffeechat.prep.tests.test_readiness import prepared
from coffeechat.today import today_items
from coffeechat.today.facts import steps_for
from coffeechat.today.next_step import Step
from coffeechat.today.panels import _card_step

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MEETING_DAYS = [-3, -0.5, -0.02, 0.2, 1, 2.5, 2.9, 3.2, 5, 6.9, 7.1, 7.6, 10, 20]


def full_steps(conversations, now, meetings_until=None):
    """steps_for as the board calls it: readiness for every meeting to come."""
    return steps_for(conversations, now)


class TodayEqualsTheFullComputationTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        rng = random.Random(2026)
        with time_machine.travel(MONDAY, tick=False):
            for number in range(70):
                self.conversation(rng, number)

    def conversation(self, rng: random.Random, number: int) -> None:
        """A conversation at a random stage, with some of: meetings ahead or past (ready or
        not, held, cancelled), a reply, drafts and follow-ups, action items of either side."""
        user = self.alice
        stage = rng.choice(ACTIVE_STAGES + CLOSED_STAGES)
        name = f"Person {number}"
        if rng.random() < 0.5:  # research, intention, talking points and a question plan
            conv = prepared(user, name, stage=stage)
        else:
            conv = factories.conversation(user, factories.contact(user, name), stage)
        if rng.random() < 0.5:
            conv.requested_at = MONDAY - timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 9))
            conv.save()
        for _ in range(rng.choice([0, 1, 1, 2])):
            form = rng.choice(MeetingFormat.values)
            factories.meeting(
                user,
                conv,
                in_days=rng.choice(MEETING_DAYS),
                format=form,
                status=rng.choice([MeetingStatus.SCHEDULED] * 4 + list(MeetingStatus.values)),
                invitation_sent_at=MONDAY if rng.random() < 0.8 else None,
                checklist_done=sorted(keys_for(form)) if rng.random() < 0.8 else [],
            )
        if rng.random() < 0.3:
            Reply.objects.create(
                user=user,
                conversation=conv,
                outcome=rng.choice(Outcome.values),
                replied_on=(MONDAY - timedelta(days=rng.randint(0, 25))).date(),
            )
        if rng.random() < 0.4:
            sent = MONDAY - timedelta(days=rng.randint(0, 12)) if rng.random() < 0.6 else None
            RequestDraft.objects.create(
                user=user,
                conversation=conv,
                kind=rng.choice(DraftKind.values),
                body="Hello",
                sent_at=sent,
            )
        if rng.random() < 0.3:
            done = rng.random() < 0.4
            factories.action(
                user,
                f"Promise {number}",
                due=(MONDAY + timedelta(days=rng.randint(-5, 12))).date()
                if rng.random() < 0.6
                else None,
                conversation=conv,
                owner=rng.choice(Owner.values),
                done=done,
                done_at=MONDAY - timedelta(days=1) if done else None,
            )

    def items(self, now: datetime, full: bool) -> list:
        patch = mock.patch.object(today_items, "steps_for", full_steps) if full else None
        with time_machine.travel(now, tick=False):
            if patch is None:
                return list(today_items.next_steps(self.alice, now))
            with patch:
                return list(today_items.next_steps(self.alice, now))

    def test_today_lists_exactly_what_the_full_computation_gives_as_time_passes(self):
        kinds: set[str] = set()
        # Every seven hours for sixteen days (so each hour of the day comes round), in two time
        # zones, and with a small cut per kind so that the earliest-few rule is exercised too.
        for hours in range(0, 16 * 24, 7):
            now = MONDAY + timedelta(hours=hours)
            for zone, per_kind in (("UTC", 25), ("Pacific/Auckland", 2)):
                with timezone.override(zone), mock.patch.object(today_items, "PER_KIND", per_kind):
                    fast, full = self.items(now, full=False), self.items(now, full=True)
                self.assertEqual(fast, full, f"{now} in {zone}")
                kinds.update(item.kind for item in full)
        # The data reached the steps that readiness decides between, and the rest.
        self.assertLessEqual({"Prepare", "Meeting", "3B7", "Thank-you", "Schedule"}, kinds)


class SecondPersonTests(BaseTestCase):
    def test_others_at_an_organisation_are_the_users_own(self):
        org = factories.organisation(self.alice, "Acme")
        asked = factories.contact(self.alice, "Asked Person", org=org)
        factories.contact(self.alice, "Ann Other", org=org)
        # Another user's contact pointing at the same organisation row is never named.
        factories.contact(self.bob, "Bob Contact", org=org)
        found = others_at(self.alice, {org.pk}, [asked.pk])
        self.assertEqual([c.display_name for c in found[org.pk]], ["Ann Other"])
        self.assertEqual(others_at(self.bob, {org.pk}, []).get(org.pk, [])[0].user_id, self.bob.pk)

    def test_the_first_few_by_name_at_each_organisation_not_counting_those_asked(self):
        acme, globex = (factories.organisation(self.alice, name) for name in ("Acme", "Globex"))
        asked = factories.contact(self.alice, "Aaron Asked", org=acme)
        for name in ("Dee", "Bea", "Cal", "Eve"):
            factories.contact(self.alice, f"{name} Acme", org=acme)
        factories.contact(self.alice, "Gil Globex", org=globex)
        found = others_at(self.alice, {acme.pk, globex.pk}, [asked.pk])
        self.assertEqual(
            {org: [person.display_name for person in people] for org, people in found.items()},
            {acme.pk: ["Bea Acme", "Cal Acme", "Dee Acme"], globex.pk: ["Gil Globex"]},
        )
        self.assertEqual(
            others_at(self.alice, {acme.pk}, [], per_organisation=1)[acme.pk][0].id, asked.pk
        )

    @unittest.skipUnless(connection.vendor == "sqlite", "SQLite's planner only")
    def test_they_are_read_from_the_organisation_index_not_all_the_users_contacts(self):
        # SQLite keeps no statistics: scoped by `user` alone it read all 30,000 contacts, and
        # a window over each organisation's contacts read them all for the first three.
        org = factories.organisation(self.alice, "Acme")
        with CaptureQueriesContext(connection) as captured:
            others_at(self.alice, {org.pk}, [])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + captured.captured_queries[0]["sql"])
            plan = " ".join(row[-1] for row in cursor.fetchall())
        self.assertIn("USING INDEX contact_organisation_name (organisation_id=?)", plan)


class CardStepDateTests(SimpleTestCase):
    def test_the_cards_date_reads_as_strftime_would_print_it(self):
        # The day and month names are looked up, not formatted: every weekday and month, in a
        # zone whose offset moves the date, with and without the time.
        zone = ZoneInfo("Pacific/Auckland")
        now = datetime(2026, 1, 1, tzinfo=UTC)
        for day in range(0, 365, 5):
            due = now + timedelta(days=day, hours=13, minutes=7)
            local = due.astimezone(zone)
            for whole_day in (False, True):
                step = Step("wait", "Ana", due, "", "", "", whole_day)
                expected = f"{local:%a} {local.day} {local:%b}"
                if not whole_day:
                    expected += f", {local:%H:%M}"
                self.assertIn(f"Ana · {expected}</span>", _card_step(step, now, zone))
