"""Addresses from before a conversation's pages moved under /conversations/<id>/ lead there."""

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.prep.models import PlannedQuestion


class OldConversationAddressTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        contact = factories.contact(self.alice, "Priya Shah", role="Grid Analyst")
        self.conversation = factories.conversation(self.alice, contact)
        self.id = self.conversation.pk

    def test_it_sends_the_old_composer_address_to_the_new_one(self):
        response = self.client.get(f"/outreach/conversations/{self.id}/compose/?new=1")
        self.assertEqual(response.status_code, 308)
        self.assertEqual(response["Location"], f"/conversations/{self.id}/compose/?new=1")
        self.assertContains(self.client.get(response["Location"]), "Priya")

    def test_it_sends_the_old_plan_and_brief_addresses_to_the_new_ones(self):
        for old, new in [
            (f"/prep/conversations/{self.id}/plan/", f"/conversations/{self.id}/plan/"),
            (f"/prep/conversations/{self.id}/brief/", f"/conversations/{self.id}/brief/"),
        ]:
            with self.subTest(old=old):
                response = self.client.get(old)
                self.assertEqual(response.status_code, 308)
                self.assertEqual(response["Location"], new)

    def test_it_keeps_the_method_of_a_form_posted_to_an_old_address(self):
        data = {"slug": "career-move-into-role", "priority": "if_time", "topic": "career_path"}
        old = f"/prep/conversations/{self.id}/plan/add/"
        response = self.client.post(old, data)
        self.assertEqual(response.status_code, 308)
        self.assertEqual(response["Location"], f"/conversations/{self.id}/plan/add/")
        self.assertFalse(PlannedQuestion.objects.exists())

        # A browser posts the same form again to the new address.
        self.client.post(old, data, follow=True)
        row = PlannedQuestion.objects.get(closing=False)
        self.assertEqual(row.bank_slug, "career-move-into-role")
        self.assertEqual(row.conversation, self.conversation)

    def test_it_gives_an_outsider_404_at_the_end_of_an_old_address(self):
        self.login(self.bob)
        response = self.client.post(f"/outreach/conversations/{self.id}/reply/", follow=True)
        self.assertEqual(response.redirect_chain, [(f"/conversations/{self.id}/reply/", 308)])
        self.assertEqual(response.status_code, 404)
