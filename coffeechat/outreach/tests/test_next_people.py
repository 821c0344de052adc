import time

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.outreach.models import RequestDraft
from coffeechat.outreach.next_people import who_to_ask_next
from coffeechat.pipeline.models import Stage


class WhoToAskNextTests(BaseTestCase):
    def test_it_ranks_by_warmth_then_interest_then_age(self):
        keen = factories.organisation(self.alice, "Keen Co", interest=3)
        meh = factories.organisation(self.alice, "Meh Co", interest=1)
        with time_machine.travel("2026-01-01 10:00Z", tick=False):
            old_cold = factories.contact(self.alice, "Old Cold")
        with time_machine.travel("2026-02-01 10:00Z", tick=False):
            new_cold = factories.contact(self.alice, "New Cold")
            keen_cold = factories.contact(self.alice, "Keen Cold", org=keen)
            second = factories.contact(self.alice, "Second Degree", relationship="speaker")
            alum = factories.contact(self.alice, "Alum", relationship="alumni", org=meh)
            keen_alum = factories.contact(self.alice, "Keen Alum", relationship="alumni", org=keen)
            friend = factories.contact(self.alice, "Friend", relationship="classmate")
            referred = factories.contact(
                self.alice, "Referred", referred_by=friend, relationship="cold"
            )
        ranked = list(who_to_ask_next(self.alice))
        self.assertEqual(
            [c.display_name for c in ranked],
            [
                friend.display_name,
                referred.display_name,
                keen_alum.display_name,
                alum.display_name,
                second.display_name,
                keen_cold.display_name,
                old_cold.display_name,
                new_cold.display_name,
            ],
        )
        self.assertEqual([c.warmth for c in ranked], [0, 0, 1, 1, 2, 3, 3, 3])

    def test_it_keeps_early_conversations_and_leaves_out_the_rest(self):
        prospect = factories.contact(self.alice, "Prospect Pat")
        early = factories.conversation(self.alice, prospect, Stage.RESEARCHING)
        asked = factories.contact(self.alice, "Asked Ann")
        factories.conversation(self.alice, asked, Stage.REQUESTED)
        factories.contact(self.alice, "Fresh Fred")
        factories.contact(self.bob, "Bob's Contact")
        ranked = {c.display_name: c.early_conversation_id for c in who_to_ask_next(self.alice)}
        self.assertEqual(ranked, {"Prospect Pat": early.pk, "Fresh Fred": None})

    def test_it_is_one_query_and_fast_with_many_contacts(self):
        # 3,000 keeps the suite quick; the same query on 30,000 is measured in the report.
        Contact.objects.bulk_create(
            Contact(
                user=self.alice,
                display_name=f"Person {i:05d}",
                name_key=f"person {i:05d}",
                relationship="linkedin" if i % 3 else "cold",
            )
            for i in range(3_000)
        )
        factories.contact(self.alice, "Best Friend", relationship="friend")
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            ranked = list(who_to_ask_next(self.alice, 20))
            elapsed = time.perf_counter() - started
        self.assertEqual(len(queries), 1)
        self.assertEqual(ranked[0].display_name, "Best Friend")
        self.assertEqual(len(ranked), 20)
        # Generous: the ranking runs in SQL; a Python loop over 30,000 rows would be far slower.
        self.assertLess(elapsed, 1.0)


class NextPageTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def test_it_lists_people_and_starts_a_request(self):
        fay = factories.contact(self.alice, "Friend Fay", relationship="friend")
        factories.contact(self.bob, "Bob's Friend", relationship="friend")
        response = self.client.get("/outreach/next/")
        self.assertContains(response, "Friend Fay")
        self.assertContains(response, "Referral or someone you know")
        self.assertNotContains(response, "Bob&#x27;s Friend")
        response = self.client.post(f"/outreach/next/{fay.pk}/start/")
        draft = RequestDraft.objects.get()
        self.assertRedirects(response, f"/outreach/drafts/{draft.pk}/")
        self.assertEqual(draft.conversation.contact, fay)
        self.assertEqual(draft.builtin, "known")
        self.assertEqual(draft.conversation.stage, Stage.REQUEST_DRAFTED)

    def test_outsiders_cannot_start_a_request_for_my_contact(self):
        fay = factories.contact(self.alice, "Friend Fay")
        self.login(self.bob)
        self.assertEqual(self.client.post(f"/outreach/next/{fay.pk}/start/").status_code, 404)
        self.assertFalse(RequestDraft.objects.exists())
