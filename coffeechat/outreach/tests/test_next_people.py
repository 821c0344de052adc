import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coffeechat.contacts.models import Contact, Warmth
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

    def test_it_takes_a_few_queries_however_many_contacts(self):
        Contact.objects.bulk_create(
            Contact(
                user=self.alice,
                display_name=f"Person {i:05d}",
                name_key=f"person {i:05d}",
                relationship="speaker" if i % 3 else "cold",
                warmth=Warmth.SECOND_DEGREE if i % 3 else Warmth.COLD,
            )
            for i in range(3_000)
        )
        factories.contact(self.alice, "Best Friend", relationship="friend")
        keen = factories.organisation(self.alice, "Keen Co", interest=2)
        factories.contact(self.alice, "Keen Speaker", relationship="speaker", org=keen)
        with CaptureQueriesContext(connection) as queries:
            ranked = who_to_ask_next(self.alice, 20)
        # The people at interesting organisations and everyone else, in one statement; the
        # interests from the profile already loaded (as every request loads it).
        self.assertEqual(len(queries), 1, [q["sql"] for q in queries])
        fresh = User.objects.get(pk=self.alice.pk)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(who_to_ask_next(fresh, 20), ranked)
        self.assertEqual(len(queries), 2)  # and the profile, when nothing has loaded it
        self.assertEqual(
            [c.display_name for c in ranked[:3]], ["Best Friend", "Keen Speaker", "Person 00001"]
        )
        self.assertEqual(len(ranked), 20)

    def test_warmth_follows_the_relationship_and_the_referrer(self):
        friend = factories.contact(self.alice, "Friend", relationship="friend")
        cold = factories.contact(self.alice, "Cold Carl")
        self.assertEqual((friend.warmth, cold.warmth), (Warmth.KNOWN, Warmth.COLD))
        cold.referred_by = friend
        cold.save(update_fields=["referred_by"])
        self.assertEqual(Contact.objects.get(pk=cold.pk).warmth, Warmth.KNOWN)
        friend.delete()  # the referral link goes with the referrer
        cold.refresh_from_db()
        self.assertEqual(cold.warmth, Warmth.COLD)
        cold.relationship = "alumni"
        cold.save()
        self.assertEqual(Contact.objects.get(pk=cold.pk).warmth, Warmth.ALUMNI)


class NextPageTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def test_it_lists_people_and_starts_a_request(self):
        fay = factories.contact(self.alice, "Friend Fay", relationship="friend")
        factories.contact(self.bob, "Bob's Friend", relationship="friend")
        response = self.client.get("/outreach/next/")
        self.assertContains(response, "Friend Fay")
        self.assertContains(response, "Referred or first-degree")
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


class InterestsAndPagingTests(BaseTestCase):
    def set_interests(self, text: str) -> None:
        # As the profile form does: the user's own profile object (the one a request has
        # loaded, which the ranking reads).
        profile = self.alice.profile
        profile.career_interests = text
        profile.save()

    def test_the_profiles_interests_count_after_warmth_and_target_organisations(self):
        self.set_interests("Renewable energy, sustainability consulting")
        green = factories.organisation(self.alice, "Tidal Ltd", industry="Renewable Energy")
        keen = factories.organisation(self.alice, "Keen Co", interest=2)
        with time_machine.travel("2026-01-01 10:00Z", tick=False):
            plain = factories.contact(self.alice, "Plain Cold")
        with time_machine.travel("2026-02-01 10:00Z", tick=False):
            energy = factories.contact(self.alice, "Energy Cold", org=green)
            consultant = factories.contact(
                self.alice, "Sus Cold", role="Senior Sustainability Consultant"
            )
            target = factories.contact(self.alice, "Keen Cold", org=keen)
            friend = factories.contact(self.alice, "Friend Fay", relationship="friend")
        ranked = who_to_ask_next(self.alice)
        self.assertEqual(
            [c.display_name for c in ranked],
            [
                friend.display_name,
                target.display_name,
                energy.display_name,
                consultant.display_name,
                plain.display_name,
            ],
        )
        matches = {c.display_name: c.interest_match for c in ranked}
        self.assertEqual(matches["Energy Cold"], "renewable energy")
        self.assertEqual(matches["Sus Cold"], "sustainability")
        self.assertEqual(matches["Plain Cold"], "")

    def test_general_words_alone_do_not_match(self):
        self.set_interests("management consulting")
        factories.contact(self.alice, "Mgmt Person", role="Management accountant")
        [person] = who_to_ask_next(self.alice)
        self.assertEqual(person.interest_match, "")

    def test_a_linkedin_connection_shows_as_first_degree(self):
        self.login(self.alice)
        factories.contact(self.alice, "Link Lin", relationship="linkedin")
        response = self.client.get(reverse("outreach:next_list"))
        self.assertContains(response, "Referred or first-degree")
        self.assertNotContains(response, "Second-degree")

    def test_the_list_is_paged_in_rank_order(self):
        self.login(self.alice)
        self.set_interests("renewable energy")
        with time_machine.travel("2026-01-01 10:00Z", tick=False):
            for i in range(30):
                factories.contact(self.alice, f"Cold {i:02d}")
        green = factories.organisation(self.alice, "Tidal Ltd", industry="Renewable energy")
        factories.contact(self.alice, "Green Gil", org=green)
        url = reverse("outreach:next_list")
        first = self.client.get(url)
        people = [p.display_name for p in first.context["people"]]
        self.assertEqual(len(people), 25)
        self.assertEqual(people[0], "Green Gil")
        self.assertContains(first, "Matches your interest: renewable energy")
        self.assertContains(first, "Page 1 of 2")
        second = self.client.get(url, {"page": 2})
        rest = [p.display_name for p in second.context["people"]]
        self.assertEqual(rest, [f"Cold {i:02d}" for i in range(24, 30)])
        self.assertContains(second, 'start="26"')
        self.assertEqual(self.client.get(url, {"page": "x"}).status_code, 200)
