"""The contact page reads each thing it shows once, in a number of queries that does not grow
with the contact's conversations, timeline, referrals, tags, actions or saved items."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.keepintouch.models import SharedItem
from coffeechat.sync.models import SyncAccount

# Session, user and profile (middleware); the contact with its organisation and referrer, its tags;
# the timeline and referrals; the panels: conversations, actions, keep in touch (its items; its
# reasons find the recent touches in the timeline and the done actions among the actions), and
# the address book's account.
QUERIES = 11


class ContactPageQueryTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.referrer = factories.contact(self.alice, "Rui Costa")
        self.priya = factories.contact(
            self.alice,
            "Priya Shah",
            org=factories.organisation(self.alice, "Stripe"),
            referred_by=self.referrer,
        )

    def queries(self) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(f"/contacts/{self.priya.pk}/")
        self.assertEqual(response.status_code, 200)
        return [query["sql"] for query in captured.captured_queries]

    def test_it_reads_the_page_in_a_fixed_number_of_queries(self):
        small = self.queries()
        for n in range(5):
            factories.conversation(self.alice, self.priya)
            factories.touchpoint(self.alice, self.priya, text=f"changed {n}")
            factories.contact(self.alice, f"Referred {n}", referred_by=self.priya)
            self.priya.tags.add(factories.tag(self.alice, f"tag-{n}"))
            factories.action(self.alice, f"Do {n}", contact=self.priya)
            SharedItem.objects.create(user=self.alice, contact=self.priya, title=f"Item {n}")
        large = self.queries()
        self.assertEqual(len(large), len(small))
        self.assertEqual(len(large), QUERIES)
        response = self.client.get(f"/contacts/{self.priya.pk}/")
        self.assertContains(response, "Stripe")
        self.assertContains(response, "Rui Costa")
        self.assertContains(response, "Referred 4")
        self.assertContains(response, "Item 4")

    def test_it_reads_the_user_and_the_organisation_no_second_time(self):
        sql = self.queries()
        self.assertEqual(sum('FROM "auth_user"' in query for query in sql), 1)
        self.assertFalse(any(query.startswith('SELECT "contacts_organisation"') for query in sql))

    def test_it_takes_the_cadence_from_the_tags_it_shows(self):
        # Keep in touch finds the tags' cadence in the tags the page read (contact.tag_list):
        # the shortest one, with no query of its own.
        self.priya.tags.add(factories.tag(self.alice, "mentor"))
        weekly = factories.tag(self.alice, "weekly")
        weekly.keep_in_touch_days = 7
        weekly.save()
        monthly = factories.tag(self.alice, "monthly")
        monthly.keep_in_touch_days = 30
        monthly.save()
        self.priya.tags.add(weekly, monthly)
        self.assertEqual(len(self.queries()), QUERIES)
        response = self.client.get(f"/contacts/{self.priya.pk}/")
        self.assertContains(response, "Every 7 days")
        for name in ("mentor", "weekly", "monthly"):
            self.assertContains(response, f'?tag={name}">{name}</a>')

    def test_it_shows_the_address_book_card_only_with_an_address_book(self):
        # Bob's address book is not Alice's.
        SyncAccount.objects.create(
            user=self.bob,
            server_url="https://dav.example",
            username="bob",
            addressbook_url="https://dav.example/bob/contacts/",
        )
        self.assertNotContains(self.client.get(f"/contacts/{self.priya.pk}/"), "sync-h")
        account = SyncAccount.objects.create(
            user=self.alice, server_url="https://dav.example", username="alice"
        )
        self.assertNotContains(self.client.get(f"/contacts/{self.priya.pk}/"), "sync-h")
        account.addressbook_url = "https://dav.example/alice/contacts/"
        account.save()
        response = self.client.get(f"/contacts/{self.priya.pk}/")
        self.assertContains(response, "Sync to address book")

    def test_its_panels_share_one_csrf_token_that_their_forms_post_with(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        html = client.get(f"/contacts/{self.priya.pk}/").content.decode()
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        # The page's own forms (menu, timeline) and its panels' forms: one masked token each.
        self.assertEqual(len(set(tokens)), 2)
        for n, token in enumerate(set(tokens)):
            response = client.post(
                "/actions/new/",
                {
                    "csrfmiddlewaretoken": token,
                    "contact": self.priya.pk,
                    "text": f"Write {n}",
                    "owner": "mine",
                },
            )
            self.assertEqual(response.status_code, 302)
        self.assertEqual(self.priya.action_items.count(), 2)
