"""Without a mail server the invitation still counts as sent: downloaded from the meeting page,
or "I sent it myself"; and readiness says how and where to do each item."""

from datetime import UTC, datetime, timedelta

import icalendar
import time_machine

from coffeechat.contacts.models import Touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.checklists import keys_for
from coffeechat.meetings.models import Meeting
from coffeechat.pipeline.models import Stage
from coffeechat.prep import services as prep_services
from coffeechat.prep.readiness import readiness

NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=3)


@time_machine.travel(NOW, tick=False)
class InvitationByHandTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.contact = factories.contact(self.alice, "Kai Tanaka", emails=["kai@example.com"])
        self.conversation = factories.conversation(self.alice, self.contact, Stage.SCHEDULED)
        self.meeting = factories.meeting(self.alice, self.conversation, in_days=2, format="video")
        self.login(self.alice)

    def sent_item(self):
        return next(i for i in readiness(self.conversation).items if i.label == "Invitation sent")

    def test_it_marks_the_invitation_sent_by_hand_and_logs_it(self):
        self.assertFalse(self.sent_item().done)
        response = self.client.post(f"/meetings/{self.meeting.pk}/invitation/sent/", follow=True)
        self.assertContains(response, "Invitation marked as sent.")
        self.assertContains(response, "last sent")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.invitation_sent_at, NOW)
        note = Touchpoint.objects.get(contact=self.contact)
        self.assertEqual(note.kind, "note")
        self.assertEqual(note.conversation, self.conversation)
        self.assertIn("invitation", note.text)
        self.assertIn("sent by hand", note.text)
        self.assertTrue(self.sent_item().done)

    def test_it_takes_a_new_time_when_sent_by_hand_again(self):
        self.client.post(f"/meetings/{self.meeting.pk}/invitation/sent/")
        with time_machine.travel(LATER, tick=False):
            self.client.post(f"/meetings/{self.meeting.pk}/invitation/sent/")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.invitation_sent_at, LATER)

    def test_it_will_not_be_marked_sent_by_get(self):
        response = self.client.get(f"/meetings/{self.meeting.pk}/invitation/sent/")
        self.assertEqual(response.status_code, 405)
        self.meeting.refresh_from_db()
        self.assertIsNone(self.meeting.invitation_sent_at)

    def test_it_counts_the_download_from_the_page_as_sent(self):
        response = self.client.post(f"/meetings/{self.meeting.pk}/invitation.ics")
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
        self.assertEqual(str(event["uid"]), f"{self.meeting.uid}@coffeechat")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.invitation_sent_at, NOW)
        self.assertIn("downloaded", Touchpoint.objects.get(contact=self.contact).text)
        self.assertTrue(self.sent_item().done)

    def test_it_keeps_the_first_sending_time_on_a_later_download(self):
        self.client.post(f"/meetings/{self.meeting.pk}/invitation.ics")
        with time_machine.travel(LATER, tick=False):
            self.client.post(f"/meetings/{self.meeting.pk}/invitation.ics")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.invitation_sent_at, NOW)
        self.assertEqual(Touchpoint.objects.filter(contact=self.contact).count(), 1)

    def test_it_changes_nothing_on_a_plain_get_of_the_file(self):
        response = self.client.get(f"/meetings/{self.meeting.pk}/invitation.ics")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.meeting.refresh_from_db()
        self.assertIsNone(self.meeting.invitation_sent_at)
        self.assertFalse(Touchpoint.objects.exists())

    def test_it_does_not_count_a_downloaded_cancellation_as_an_invitation(self):
        self.meeting.status = "cancelled"
        self.meeting.save()
        response = self.client.post(f"/meetings/{self.meeting.pk}/invitation.ics")
        self.assertEqual(str(icalendar.Calendar.from_ical(response.content)["method"]), "CANCEL")
        self.meeting.refresh_from_db()
        self.assertIsNone(self.meeting.invitation_sent_at)

    def test_it_marks_a_cancellation_sent_by_hand(self):
        self.meeting.status = "cancelled"
        self.meeting.save()
        response = self.client.post(f"/meetings/{self.meeting.pk}/invitation/sent/", follow=True)
        self.assertContains(response, "Cancellation marked as sent.")
        self.assertIn("cancellation", Touchpoint.objects.get(contact=self.contact).text)

    def test_it_offers_both_buttons_as_forms_on_the_meeting_page(self):
        response = self.client.get(f"/meetings/{self.meeting.pk}/")
        self.assertContains(
            response, f'<form method="post" action="/meetings/{self.meeting.pk}/invitation.ics"'
        )
        self.assertContains(
            response, f'<form method="post" action="/meetings/{self.meeting.pk}/invitation/sent/"'
        )
        self.assertContains(response, ">I sent it myself</button>")
        self.assertContains(response, ">Download .ics</button>")

    def test_it_gives_outsiders_404(self):
        self.login(self.bob)
        for url in ("invitation/sent/", "invitation.ics"):
            with self.subTest(url=url):
                response = self.client.post(f"/meetings/{self.meeting.pk}/{url}")
                self.assertEqual(response.status_code, 404)
        self.meeting.refresh_from_db()
        self.assertIsNone(self.meeting.invitation_sent_at)
        self.assertFalse(Touchpoint.objects.exists())


@time_machine.travel(NOW, tick=False)
class ReadinessHintTests(BaseTestCase):
    """Every item says how it is done and links to where."""

    def setUp(self) -> None:
        super().setUp()
        self.contact = factories.contact(self.alice, "Kai Tanaka")
        self.conversation = factories.conversation(self.alice, self.contact, Stage.SCHEDULED)
        self.meeting: Meeting = factories.meeting(
            self.alice, self.conversation, in_days=1, format="phone"
        )
        self.login(self.alice)

    def test_it_links_every_item_to_where_it_is_done(self):
        c, m = self.conversation.pk, self.meeting.pk
        links = {item.label: item.url for item in readiness(self.conversation).items}
        self.assertEqual(
            links,
            {
                "Research written": f"/contacts/{self.contact.pk}/edit/#id_research_notes",
                "Intention written": f"/conversations/{c}/plan/#id_intention",
                "Talking points": f"/conversations/{c}/plan/#id_talking_points",
                "Question plan sized to the meeting": f"/conversations/{c}/plan/#phase-questions",
                "Questions free of problems": f"/conversations/{c}/plan/#phase-questions",
                "Invitation sent": f"/meetings/{m}/#inv-h",
                "Phone checklist done": f"/meetings/{m}/#check-h",
            },
        )
        self.assertTrue(all(item.hint for item in readiness(self.conversation).items))

    def test_it_shows_each_open_item_with_its_hint_as_a_link(self):
        response = self.client.get(f"/conversations/{self.conversation.pk}/plan/")
        for item in readiness(self.conversation).missing:
            with self.subTest(item=item.label):
                self.assertContains(response, f'<a href="{item.url}">{item.hint}</a>', html=True)
        self.assertContains(
            response,
            f'<a href="/meetings/{self.meeting.pk}/#inv-h">E-mail or download the calendar '
            "invitation, or say you sent it yourself.</a>",
            html=True,
        )

    def test_it_drops_the_hint_once_an_item_is_done(self):
        self.meeting.invitation_sent_at = NOW
        self.meeting.checklist_done = sorted(keys_for("phone"))
        self.meeting.save()
        self.conversation.intention = "Learn how grid analysts spend their week."
        self.conversation.save()
        prep_services.add_question(self.conversation, "What does a typical week look like?")
        response = self.client.get(f"/conversations/{self.conversation.pk}/")
        self.assertNotContains(response, f'href="/meetings/{self.meeting.pk}/#inv-h"')
        self.assertNotContains(response, "#id_intention")
        plan = f"/conversations/{self.conversation.pk}/plan/"
        self.assertContains(response, f'href="{plan}#id_talking_points"')

    def test_the_anchors_exist_on_the_pages_they_point_to(self):
        items = readiness(self.conversation).items
        for item in items:
            page, _, anchor = item.url.partition("#")
            with self.subTest(item=item.label):
                self.assertContains(self.client.get(page), f'id="{anchor}"')
