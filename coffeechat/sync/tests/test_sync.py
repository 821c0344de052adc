"""CalDAV / CardDAV sync against a real Radicale server on loopback: meetings scheduled, moved
and cancelled change the event on the server; marked contacts are cards in the address book."""

import uuid
from datetime import timedelta

import pytest
import vobject
from caldav.lib import error as dav_error
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from coffeechat.contacts.models import Contact
from coffeechat.contacts.signals import contacts_changed_in_bulk
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings import services as meetings
from coffeechat.meetings.calendar import uid_for
from coffeechat.meetings.models import Meeting
from coffeechat.sync.models import ItemState, SyncItem
from coffeechat.sync.tasks import push_item
from coffeechat.sync.tests.radicale_server import PASSWORD


@pytest.mark.usefixtures("radicale_for_class")
class SyncCase(BaseTestCase):
    radicale = None  # set by the fixture

    def setUp(self):
        super().setUp()
        self.priya = factories.contact(
            self.alice, "Priya Natarajan", emails=["priya@northwind.example"], role="Head of Design"
        )
        self.conversation = factories.conversation(self.alice, self.priya)
        self.login(self.alice)
        self.addressbook = self.radicale.make_addressbook(f"book-{uuid.uuid4().hex[:8]}")

    def turn_on(self, **fields):
        data = {
            "server_url": self.radicale.url,
            "username": "alice",
            "password": PASSWORD,
            "calendar_name": "Coffeechat",
            "addressbook_url": self.addressbook,
        }
        data.update(fields)
        return self.client.post("/sync/", data)

    def server_event(self, meeting: Meeting):
        """The event as the server has it, parsed by icalendar; None when it is not there."""
        with self.radicale.client() as client:
            calendar = next(
                c for c in client.principal().calendars() if c.get_display_name() == "Coffeechat"
            )
            try:
                found = calendar.event_by_uid(uid_for(meeting))
            except dav_error.NotFoundError:
                return None
            ical = Calendar.from_ical(found.data)
        assert "METHOD" not in ical
        (event,) = ical.walk("VEVENT")
        return event

    def server_card(self, item: SyncItem):
        with self.radicale.client() as client:
            response = client.request(item.href, "GET")
        if response.status == 404:
            return None
        return vobject.readOne(
            response.raw if isinstance(response.raw, str) else response.raw.decode()
        )

    def schedule(self, in_days: float = 3) -> Meeting:
        meeting = Meeting(
            user=self.alice,
            conversation=self.conversation,
            starts_at=timezone.now().replace(microsecond=0, second=0) + timedelta(days=in_days),
            minutes=30,
            place="https://meet.example/priya",
        )
        return meetings.schedule(meeting)


class MeetingSyncTests(SyncCase):
    def test_it_creates_moves_and_cancels_the_event_on_the_server(self):
        self.turn_on()
        meeting = self.schedule()
        event = self.server_event(meeting)
        self.assertEqual(str(event["UID"]), f"{meeting.uid}@coffeechat")
        self.assertEqual((event["SEQUENCE"], str(event["STATUS"])), (0, "CONFIRMED"))
        self.assertEqual(event.decoded("DTSTART"), meeting.starts_at)
        # No organiser or attendee: a scheduling server would e-mail an invitation of its own.
        self.assertNotIn("ORGANIZER", event)
        self.assertNotIn("ATTENDEE", event)

        previous = meeting.starts_at
        meeting.starts_at = previous + timedelta(days=1, hours=2)
        meetings.reschedule(meeting, previous, ["starts_at"])
        event = self.server_event(meeting)
        self.assertEqual(str(event["UID"]), f"{meeting.uid}@coffeechat")
        self.assertEqual(event["SEQUENCE"], 1)
        self.assertEqual(event.decoded("DTSTART"), previous + timedelta(days=1, hours=2))

        meetings.cancel(meeting)
        event = self.server_event(meeting)
        self.assertEqual((event["SEQUENCE"], str(event["STATUS"])), (2, "CANCELLED"))
        item = SyncItem.objects.get(meeting=meeting)
        self.assertEqual((item.state, item.pushed_sequence), (ItemState.SYNCED, 2))

    def test_the_schedule_page_pushes_the_meeting(self):
        self.turn_on()
        start = (timezone.localtime() + timedelta(days=5)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        response = self.client.post(
            "/meetings/new/",
            {
                "conversation": self.conversation.pk,
                "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                "length": "20",
                "format": "phone",
                "place": "+44 20 7946 0000",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:500])
        meeting = Meeting.objects.get()
        event = self.server_event(meeting)
        self.assertEqual(event.decoded("DTSTART"), start)
        self.assertEqual(str(event["LOCATION"]), "Phone: +44 20 7946 0000")

    def test_typing_notes_sends_nothing(self):
        self.turn_on()
        meeting = self.schedule()
        item = SyncItem.objects.get(meeting=meeting)
        meeting.notes = "They moved from research to design."
        meeting.save(update_fields=["notes", "updated"])
        meeting.save()  # a whole save that changes neither time nor status
        self.assertEqual(SyncItem.objects.get(pk=item.pk).tried_at, item.tried_at)

    def test_turning_sync_on_sends_the_meetings_already_scheduled(self):
        meeting = self.schedule()
        past = self.schedule(in_days=-10)
        response = self.turn_on()
        self.assertRedirects(response, "/sync/", fetch_redirect_response=False)
        self.assertIsNotNone(self.server_event(meeting))
        self.assertIsNone(self.server_event(past))

    def test_a_deleted_meeting_leaves_the_calendar(self):
        self.turn_on()
        meeting = self.schedule()
        self.assertIsNotNone(self.server_event(meeting))
        self.priya.delete()  # the conversation and its meeting go with the contact
        self.assertIsNone(self.server_event(meeting))
        self.assertFalse(SyncItem.objects.exists())

    def test_without_sync_nothing_is_recorded(self):
        self.schedule()
        self.assertFalse(SyncItem.objects.exists())


class ContactSyncTests(SyncCase):
    def test_a_marked_contact_is_a_card_in_the_address_book(self):
        self.turn_on()
        page = self.client.get(f"/contacts/{self.priya.pk}/")
        self.assertContains(page, "Sync to address book")
        response = self.client.post(
            f"/sync/contacts/{self.priya.pk}/",
            {"sync": "on", "next": f"/contacts/{self.priya.pk}/"},
        )
        self.assertRedirects(response, f"/contacts/{self.priya.pk}/", fetch_redirect_response=False)
        item = SyncItem.objects.get(contact=self.priya)
        self.assertTrue(item.href.startswith(self.addressbook))
        card = self.server_card(item)
        self.assertEqual(card.fn.value, "Priya Natarajan")
        self.assertEqual(card.email.value, "priya@northwind.example")
        self.assertEqual(card.uid.value, item.uid)

        self.priya.role = "VP Design"
        self.priya.save()
        self.assertEqual(self.server_card(item).title.value, "VP Design")
        self.priya.tags.add(factories.tag(self.alice, "design"))
        self.assertEqual(self.server_card(item).categories.value, ["design"])

        self.client.post(f"/sync/contacts/{self.priya.pk}/", {"sync": "off"})
        self.assertIsNone(self.server_card(item))
        self.assertFalse(SyncItem.objects.exists())

    def test_an_import_that_updates_contacts_in_bulk_sends_the_marked_ones(self):
        self.turn_on()
        self.client.post(f"/sync/contacts/{self.priya.pk}/", {"sync": "on"})
        item = SyncItem.objects.get(contact=self.priya)
        Contact.objects.filter(pk=self.priya.pk).update(role="Chief Design Officer")
        contacts_changed_in_bulk.send(sender=None, user=self.alice)
        self.assertEqual(self.server_card(item).title.value, "Chief Design Officer")

    def test_an_unmarked_contact_is_not_sent(self):
        self.turn_on()
        self.priya.role = "VP Design"
        self.priya.save()
        self.assertFalse(SyncItem.objects.exists())

    def test_a_deleted_contact_leaves_the_address_book(self):
        self.turn_on()
        self.client.post(f"/sync/contacts/{self.priya.pk}/", {"sync": "on"})
        item = SyncItem.objects.get(contact=self.priya)
        self.client.post(f"/contacts/{self.priya.pk}/delete/")
        self.assertFalse(type(self.priya).objects.filter(pk=self.priya.pk).exists())
        self.assertIsNone(self.server_card(item))

    def test_another_users_contact_is_a_404(self):
        self.turn_on()
        self.login(self.bob)
        response = self.client.post(f"/sync/contacts/{self.priya.pk}/", {"sync": "on"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(SyncItem.objects.exists())


class FailureTests(SyncCase):
    def test_a_refused_password_is_shown_on_the_profile_and_try_again_sends_it(self):
        self.turn_on(password="not-the-password")
        meeting = self.schedule()
        item = SyncItem.objects.get(meeting=meeting)
        self.assertEqual(item.state, ItemState.FAILED)
        self.assertIn("refused the user name or app password", item.error)
        profile = self.client.get("/accounts/profile/")
        self.assertContains(profile, "refused the user name or app password")
        self.assertContains(profile, "Try again now")

        self.turn_on(password=PASSWORD)
        self.client.post("/sync/retry/")
        item.refresh_from_db()
        self.assertEqual((item.state, item.error), (ItemState.SYNCED, ""))
        self.assertIsNotNone(self.server_event(meeting))

    def test_an_unreachable_server_is_named(self):
        self.turn_on(server_url="http://127.0.0.1:9/")
        meeting = self.schedule()
        item = SyncItem.objects.get(meeting=meeting)
        self.assertEqual(item.state, ItemState.FAILED)
        self.assertIn("127.0.0.1", item.error)

    def test_a_local_server_saved_before_the_setting_changed_is_not_contacted(self):
        self.turn_on()
        with override_settings(SYNC_LOCAL_SERVERS=False):
            meeting = self.schedule()
        item = SyncItem.objects.get(meeting=meeting)
        self.assertEqual(item.state, ItemState.FAILED)
        self.assertIn("does not sync with servers on its own machine", item.error)
        self.assertIsNone(self.server_event(meeting))

    @override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
    def test_the_queue_tries_a_failed_push_again_later(self):
        self.turn_on(server_url="http://127.0.0.1:9/")
        meeting = self.schedule()
        item = SyncItem.objects.get(meeting=meeting)
        self.assertEqual(item.state, ItemState.PENDING)  # queued, no worker ran it yet
        before = timezone.now()
        push_item.call(item.pk)  # what a worker does
        item.refresh_from_db()
        self.assertEqual((item.state, item.attempts), (ItemState.FAILED, 1))
        retry = DBTaskResult.objects.get(id=item.task_id)
        self.assertGreaterEqual(retry.run_after, before + timedelta(minutes=1))
        self.assertEqual(retry.args_kwargs["args"], [item.pk])
