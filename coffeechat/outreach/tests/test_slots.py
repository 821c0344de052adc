"""The composer asks for a built-in's slots, keeps the answers, and says what the profile lacks."""

from coffeechat.outreach.models import RequestDraft
from coffeechat.outreach.tests.test_views import OutreachViewCase


class SlotTests(OutreachViewCase):
    def test_it_asks_for_each_slot_and_keeps_research_beside_the_draft(self):
        draft = self.new_draft(template="cold")
        response = self.client.get(f"/outreach/drafts/{draft.pk}/")
        self.assertContains(response, "What about their work caught your eye?")
        self.assertContains(response, "not filled, so that sentence is left out")
        self.assertContains(response, "Runs diary studies with merchants.")  # as material
        self.assertNotIn("diary", draft.body)

    def test_it_puts_the_answers_in_the_draft_and_keeps_them(self):
        draft = self.new_draft(template="cold")
        self.client.post(
            f"/outreach/drafts/{draft.pk}/apply/",
            {
                "start-channel": "email",
                "start-template": "cold",
                "slot-caught_eye": "Your diary studies with merchants.",
            },
        )
        draft.refresh_from_db()
        self.assertIn("I was struck by your diary studies with merchants, and", draft.body)
        self.assertEqual(draft.slots, {"caught_eye": "Your diary studies with merchants."})
        # Refilling for another channel keeps the answer.
        self.client.post(
            f"/outreach/drafts/{draft.pk}/apply/",
            {"start-channel": "linkedin-note", "start-template": "cold"},
        )
        draft.refresh_from_db()
        self.assertIn("I was struck by your diary studies with merchants.", draft.body)

    def test_a_voicemail_without_a_phone_number_links_to_the_profile(self):
        draft = self.new_draft(channel="voicemail")
        response = self.client.get(f"/outreach/drafts/{draft.pk}/")
        self.assertContains(response, "needs your phone number")
        self.assertContains(response, 'href="/accounts/profile/"')
        self.alice.profile.phone = "07700 900123"
        self.alice.profile.save()
        response = self.client.get(f"/outreach/drafts/{draft.pk}/")
        self.assertNotContains(response, "needs your phone number")

    def test_the_profile_stores_phone_and_signature(self):
        response = self.client.get("/accounts/profile/")
        self.assertContains(response, "Your phone number")
        self.assertContains(response, "Your signature")
        self.assertEqual(RequestDraft.objects.count(), 0)
