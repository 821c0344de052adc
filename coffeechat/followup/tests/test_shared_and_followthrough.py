from datetime import UTC, date, datetime, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.contacts.models import Contact, Touchpoint
from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.extensions import today_items
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.followup.models import ActionItem, Origin
from coffeechat.followup.views import update_draft
from coffeechat.keepintouch.models import SharedItem
from coffeechat.keepintouch.reasons import reasons_for
from coffeechat.meetings.services import capture

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class SharedItemTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.priya = factories.contact(self.alice, "Priya Shah")

    def test_it_saves_an_article_for_later_without_logging_a_touch(self):
        response = self.client.post(
            f"/keep-in-touch/contacts/{self.priya.pk}/shared/",
            {
                "title": "Research ops at scale",
                "url": "https://example.org/ops",
                "note": "Her team",
            },
        )
        self.assertRedirects(response, f"/contacts/{self.priya.pk}/", fetch_redirect_response=False)
        item = SharedItem.objects.get()
        self.assertEqual((item.user, item.contact, item.shared_on), (self.alice, self.priya, None))
        self.assertFalse(Touchpoint.objects.exists())
        self.assertEqual(
            [r.kind for r in reasons_for(self.priya)], ["share"], "a saved item is a reason"
        )

    def test_it_marks_a_saved_item_shared_and_logs_it(self):
        item = SharedItem.objects.create(user=self.alice, contact=self.priya, title="A talk")
        self.client.post(f"/keep-in-touch/shared/{item.pk}/share/")
        item.refresh_from_db()
        self.assertEqual(item.shared_on, date(2026, 5, 4))
        touch = Touchpoint.objects.get()
        self.assertEqual(
            (touch.kind, touch.contact, touch.text), ("shared", self.priya, "Shared “A talk”")
        )
        self.client.post(
            f"/keep-in-touch/shared/{item.pk}/share/"
        )  # a second click logs nothing more
        self.assertEqual(Touchpoint.objects.count(), 1)
        self.assertEqual(reasons_for(self.priya), [])

    def test_it_saves_and_shares_in_one_step(self):
        self.client.post(
            f"/keep-in-touch/contacts/{self.priya.pk}/shared/",
            {"title": "Podcast", "share_now": "1"},
        )
        self.assertEqual(SharedItem.objects.get().shared_on, date(2026, 5, 4))
        self.assertEqual(Touchpoint.objects.get().kind, "shared")

    def test_it_refuses_an_item_without_a_title(self):
        response = self.client.post(
            f"/keep-in-touch/contacts/{self.priya.pk}/shared/",
            {"url": "https://x.org"},
            follow=True,
        )
        self.assertContains(response, "give it a title")
        self.assertFalse(SharedItem.objects.exists())

    def test_it_shows_the_shared_with_log_on_the_contact_page(self):
        SharedItem.objects.create(
            user=self.alice, contact=self.priya, title="Old news", shared_on=date(2026, 4, 1)
        )
        SharedItem.objects.create(user=self.alice, contact=self.priya, title="Waiting one")
        response = self.client.get(f"/contacts/{self.priya.pk}/")
        self.assertContains(response, "Shared with Priya")
        self.assertContains(response, "Old news")
        self.assertContains(response, "Waiting one")
        self.assertContains(response, "Mark shared")

    def test_it_removes_an_item(self):
        item = SharedItem.objects.create(user=self.alice, contact=self.priya, title="A talk")
        self.client.post(f"/keep-in-touch/shared/{item.pk}/delete/")
        self.assertFalse(SharedItem.objects.exists())

    def test_it_keeps_outsiders_out(self):
        item = SharedItem.objects.create(user=self.alice, contact=self.priya, title="A talk")
        self.login(self.bob)
        for url in (
            f"/keep-in-touch/shared/{item.pk}/share/",
            f"/keep-in-touch/shared/{item.pk}/delete/",
            f"/keep-in-touch/contacts/{self.priya.pk}/shared/",
            f"/keep-in-touch/contacts/{self.priya.pk}/linkedin/",
        ):
            self.assertEqual(self.client.post(url, {"title": "x"}).status_code, 404, url)
        item.refresh_from_db()
        self.assertIsNone(item.shared_on)
        self.assertEqual(SharedItem.objects.count(), 1)

    def test_it_suggests_congratulations_after_a_change_note(self):
        log_touchpoint(self.priya, "reply", at=NOW - timedelta(days=20))
        log_touchpoint(self.priya, "note", text="Role changed: now Head of Research")
        self.assertEqual([r.kind for r in reasons_for(self.priya)], ["congratulate"])
        log_touchpoint(self.priya, "follow_up", text="Congrats!")
        self.assertEqual(reasons_for(self.priya), [])

    def test_it_suggests_an_update_on_advice_acted_on(self):
        factories.action(
            self.alice,
            "Read the book",
            contact=self.priya,
            done=True,
            done_at=NOW - timedelta(days=2),
        )
        reasons = reasons_for(self.priya)
        self.assertEqual([r.kind for r in reasons], ["update"])
        self.assertIn("Read the book", reasons[0].text)
        log_touchpoint(self.priya, "update", text="Told her")
        self.assertEqual(reasons_for(self.priya), [])

    def test_the_contact_page_finds_the_same_reasons_in_the_rows_it_has_read(self):
        """The page's panel takes the recent touches from the timeline and the done actions
        from the actions card: it must find what reasons_for finds with its own queries."""
        log_touchpoint(self.priya, "note", text="Role changed", at=NOW - timedelta(days=200))
        log_touchpoint(self.priya, "update", text="Told her", at=NOW - timedelta(days=30))
        log_touchpoint(self.priya, "note", text="Org changed: now at Stripe")
        for days, text in ((200, "Too old"), (40, "Before the update"), (3, "Read the book")):
            factories.action(
                self.alice, text, contact=self.priya, done=True, done_at=NOW - timedelta(days=days)
            )
        factories.action(self.alice, "Not done", contact=self.priya)
        factories.action(
            self.alice, "Theirs", contact=self.priya, owner="theirs", done=True, done_at=NOW
        )
        expected = reasons_for(self.priya)
        self.assertEqual([r.kind for r in expected], ["congratulate", "update"])
        response = self.client.get(f"/contacts/{self.priya.pk}/")
        self.assertEqual(
            [r.kind for r in response.context["kit"]["reasons"]], ["congratulate", "update"]
        )
        self.assertEqual(response.context["kit"]["reasons"], expected)

    def test_it_renders_the_panel_in_a_fixed_number_of_queries(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get(f"/contacts/{self.priya.pk}/")
            return len(queries)

        small = count()
        for n in range(5):
            SharedItem.objects.create(user=self.alice, contact=self.priya, title=f"Item {n}")
            factories.action(self.alice, f"Did {n}", contact=self.priya, done=True, done_at=NOW)
            log_touchpoint(self.priya, "note", text=f"changed {n}")
        self.assertEqual(count(), small)


@time_machine.travel(NOW, tick=False)
class LinkedInTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.priya = factories.contact(self.alice, "Priya Shah")

    def linkedin_titles(self) -> list[str]:
        return [i.title for i in today_items(self.alice) if i.kind == "LinkedIn"]

    def test_it_reminds_to_connect_after_a_meeting_and_the_button_clears_it(self):
        factories.conversation(self.alice, self.priya, stage="scheduled")
        self.assertEqual(self.linkedin_titles(), [])
        conv = factories.conversation(self.alice, self.priya, stage="met")
        factories.conversation(self.alice, self.priya, stage="thanked")
        self.assertEqual(self.linkedin_titles(), ["Connect with Priya Shah on LinkedIn"])
        self.assertContains(
            self.client.get("/"), f"/keep-in-touch/contacts/{self.priya.pk}/linkedin/"
        )
        self.client.post(f"/keep-in-touch/contacts/{self.priya.pk}/linkedin/", {"next": "/"})
        self.priya.refresh_from_db()
        self.assertTrue(self.priya.linkedin_connected)
        touch = Touchpoint.objects.get(contact=self.priya)
        self.assertEqual(touch.kind, "linkedin")
        self.assertEqual(self.linkedin_titles(), [])
        self.assertEqual(conv.contact, self.priya)

    def test_it_keeps_the_query_count_flat(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                list(today_items(self.alice))
            return len(queries)

        factories.conversation(self.alice, self.priya, stage="met")
        small = count()
        for n in range(8):
            factories.conversation(self.alice, factories.contact(self.alice, f"P {n}"), stage="met")
        self.assertEqual(count(), small)
        self.assertEqual(len(self.linkedin_titles()), 9)


@time_machine.travel(NOW, tick=False)
class FollowThroughTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.priya = factories.contact(self.alice, "Priya Shah", emails=["priya@example.org"])
        self.item = factories.action(
            self.alice, "Reach out to Jane Doe at Acme", contact=self.priya, due=date(2026, 5, 4)
        )

    def test_it_logs_a_done_item_on_the_timeline_and_offers_an_update(self):
        response = self.client.post(f"/actions/{self.item.pk}/toggle/", {"next": "/"})
        self.assertRedirects(
            response, f"/actions/{self.item.pk}/close-loop/?next=%2F", fetch_redirect_response=False
        )
        touch = Touchpoint.objects.get()
        self.assertEqual((touch.kind, touch.text), ("note", "Done: Reach out to Jane Doe at Acme"))
        page = self.client.get(response["Location"])
        self.assertContains(page, "One thing from our conversation is now done: reach out to Jane")
        self.assertContains(page, "Hi Priya,")
        self.assertContains(page, "mailto:priya@example.org?subject=A%20quick%20update")
        self.assertContains(page, "Mark sent")

    def test_it_does_not_log_when_reopening_or_without_a_contact(self):
        self.client.post(f"/actions/{self.item.pk}/toggle/")
        self.client.post(f"/actions/{self.item.pk}/toggle/")
        self.item.refresh_from_db()
        self.assertFalse(self.item.done)
        loose = factories.action(self.alice, "Tidy my notes")
        response = self.client.post(f"/actions/{loose.pk}/toggle/", {"next": "/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(Touchpoint.objects.count(), 1)

    def test_it_does_not_offer_an_update_for_their_promise(self):
        theirs = factories.action(
            self.alice, "Send me the deck", contact=self.priya, owner="theirs"
        )
        response = self.client.post(f"/actions/{theirs.pk}/toggle/", {"next": "/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(Touchpoint.objects.get().text, "Done: Send me the deck")

    def test_it_logs_the_update_as_sent(self):
        self.client.post(f"/actions/{self.item.pk}/toggle/")
        response = self.client.post(
            f"/actions/{self.item.pk}/update-sent/",
            {"text": "Hi Priya, I met Jane!", "channel": "email"},
        )
        self.assertRedirects(response, f"/contacts/{self.priya.pk}/", fetch_redirect_response=False)
        update = Touchpoint.objects.get(kind="update")
        self.assertEqual((update.text, update.channel), ("Hi Priya, I met Jane!", "email"))

    def test_it_downloads_the_update_as_an_eml_draft_without_logging_it(self):
        from email import message_from_bytes, policy

        self.client.post(f"/actions/{self.item.pk}/toggle/")
        response = self.client.post(
            f"/actions/{self.item.pk}/update-eml/", {"text": "Hi Priya, I met Jane – thank you!"}
        )
        self.assertEqual(response["Content-Type"], "message/rfc822")
        self.assertIn('filename="update-priya-shah.eml"', response["Content-Disposition"])
        message = message_from_bytes(response.content, policy=policy.default)
        self.assertEqual(message["To"], "priya@example.org")
        self.assertEqual(message["Subject"], "A quick update")
        self.assertEqual(message["X-Unsent"], "1")
        self.assertEqual(message.get_content().strip(), "Hi Priya, I met Jane – thank you!")
        self.assertFalse(Touchpoint.objects.filter(kind="update").exists())
        self.login(self.bob)
        self.assertEqual(self.client.post(f"/actions/{self.item.pk}/update-eml/").status_code, 404)

    def test_it_has_no_update_page_for_an_open_item_or_an_outsider(self):
        self.assertEqual(self.client.get(f"/actions/{self.item.pk}/close-loop/").status_code, 404)
        ActionItem.objects.filter(pk=self.item.pk).update(done=True, done_at=NOW)
        self.assertEqual(self.client.get(f"/actions/{self.item.pk}/close-loop/").status_code, 200)
        self.login(self.bob)
        self.assertEqual(self.client.get(f"/actions/{self.item.pk}/close-loop/").status_code, 404)
        self.assertEqual(self.client.post(f"/actions/{self.item.pk}/update-sent/").status_code, 404)
        self.assertFalse(Touchpoint.objects.exists())

    def test_it_writes_the_draft_in_plain_words(self):
        self.item.text = "Read 'Designing Interviews'."
        self.item.origin = Origin.ADVICE
        text = update_draft(self.item, "Alice Martin")
        self.assertIn("you suggested I read 'Designing Interviews'. I have now done it", text)
        self.assertTrue(text.endswith("Alice Martin"))
        self.assertEqual(Contact.objects.count(), 1)

    def test_my_promise_is_mine_and_said_to_them_in_the_second_person(self):
        self.item.text = "Send Priya my dissertation summary"
        self.item.origin = Origin.PROMISE
        self.assertEqual(
            update_draft(self.item, "Alice Martin"),
            "Hi Priya,\n\n"
            "When we talked, I said I would send you my dissertation summary; here it is.\n\n"
            "Thank you again for your time.\n\n"
            "Alice Martin",
        )

    def test_their_advice_is_theirs(self):
        self.item.text = "Advice: talk to Priya's colleague in the data team."
        self.item.origin = Origin.ADVICE
        self.assertEqual(
            update_draft(self.item, "Alice Martin"),
            "Hi Priya,\n\n"
            "When we talked, you suggested I talk to your colleague in the data team. "
            "I have now done it, and wanted you to know.\n\n"
            "Thank you again for the advice.\n\n"
            "Alice Martin",
        )

    def test_a_promise_marked_at_capture_is_stored_as_a_promise(self):
        conversation = factories.conversation(self.alice, self.priya, stage="scheduled")
        meeting = factories.meeting(self.alice, conversation, in_days=-1)
        capture(meeting, marks=[{"mark": "mine", "text": "Send Priya my summary"}])
        item = ActionItem.objects.get(text="Send Priya my summary")
        self.assertEqual((item.owner, item.origin), ("mine", Origin.PROMISE))
