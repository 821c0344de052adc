"""How to address the user: the name they go by, kept on the profile and used by every draft."""

from coffeechat.accounts.drafting import name_for_drafts, profile_values
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.outreach.drafts import create_request_draft

PROFILE = {
    "full_name": "Samantha Lee",
    "preferred_name": "Sam Lee",
    "time_zone": "UTC",
    "default_meeting_minutes": 20,
}


class PreferredNameTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def test_the_profile_page_edits_it(self):
        page = self.client.get("/accounts/profile/")
        self.assertContains(page, 'name="preferred_name"')
        self.assertContains(page, "The name you go by")
        response = self.client.post("/accounts/profile/", PROFILE)
        self.assertRedirects(response, "/accounts/profile/")
        self.alice.profile.refresh_from_db()
        self.assertEqual(self.alice.profile.preferred_name, "Sam Lee")
        self.assertEqual(self.alice.profile.full_name, "Samantha Lee")

    def test_drafts_use_it_before_the_full_name(self):
        self.assertEqual(name_for_drafts(self.alice), "Alice")
        self.client.post("/accounts/profile/", PROFILE)
        self.alice.refresh_from_db()
        self.assertEqual(name_for_drafts(self.alice), "Sam Lee")
        conversation = factories.conversation(self.alice, factories.contact(self.alice, "Priya"))
        voicemail = create_request_draft(conversation, "voicemail", "cold").body
        self.assertTrue(voicemail.startswith("Hello Priya, this is Sam Lee.\n"))
        email = create_request_draft(conversation, "email", "cold").body
        self.assertTrue(email.endswith("Thank you,\nSam Lee\n"))

    def test_no_name_at_all_is_empty_never_the_user_name(self):
        self.alice.profile.full_name = ""
        self.alice.profile.save()
        self.assertEqual(name_for_drafts(self.alice), "")
        self.assertEqual(profile_values(self.alice)["my_name"], "")
        self.alice.first_name, self.alice.last_name = "Alice", "Martin"
        self.assertEqual(name_for_drafts(self.alice), "Alice Martin")
