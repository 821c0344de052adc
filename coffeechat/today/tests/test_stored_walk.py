"""Stored next steps never go stale: a person's week walked through the app's own pages (the
test client posting forms), and after each step Today's items and the board's badges read from
the store equal the full computation. Each step changes a fact of some conversation's step, so
the walk fails if any write path (a saved or deleted row, QuerySet.update(), bulk writes of an
import, a merge, a restore) forgets to clear the steps it touches."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coffeechat.contacts.models import Contact, Organisation, Tag
from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.core.tests import factories
from coffeechat.followup.models import ActionItem
from coffeechat.meetings.models import Meeting
from coffeechat.outreach.models import RequestDraft
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.today import today_items
from coffeechat.today.facts import steps_for
from coffeechat.today.models import StoredStep
from coffeechat.today.panels import _card_step, next_step_badges
from coffeechat.transfer.models import ImportBatch
from coffeechat.transfer.services.backup import export_json

# A Thursday: Bo's request of the Friday before is three business days old (3B7's second person).
NOW = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


def person(name: str, **fields) -> dict:
    """The contact form's fields for a person."""
    given, _, family = name.partition(" ")
    return {"given_name": given, "family_name": family, "relationship": "alumni", **fields}


def full_items(user, now) -> list:
    return list(today_items.items(user, now, today_items.full_computation(user, now)))


def full_badges(conversations, now) -> dict[int, str]:
    found = steps_for(Conversation.objects.filter(pk__in=[c.pk for c in conversations]), now)
    zone = timezone.get_current_timezone()
    return {pk: _card_step(step, now, zone) for pk, (step, _facts) in found.items()}


@time_machine.travel(NOW, tick=False)
class StoredStepsFollowEveryWriteTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.acme = factories.organisation(self.alice, "Acme")
        self.bo = factories.contact(
            self.alice,
            "Bo Berg",
            org=self.acme,
            linkedin_url="https://www.linkedin.com/in/bo-berg",
            emails=["bo@example.org"],
        )
        self.bo_talk = factories.conversation(self.alice, self.bo, Stage.REQUESTED)
        self.bo_talk.requested_at = NOW - timedelta(days=6)
        self.bo_talk.save()
        # Met and thanked a while ago, nothing open: kept in touch (the board shows its date).
        # Known for three weeks, no cadence of his own: a tag's, below, sets his date.
        with time_machine.travel(NOW - timedelta(days=20), tick=False):
            self.cy = factories.contact(self.alice, "Cy Chen")
            self.cy_talk = factories.conversation(self.alice, self.cy, Stage.KEEPING_IN_TOUCH)
        self.check("set up")

    def check(self, after: str, user=None) -> None:
        """Today and the board from the store == worked out afresh."""
        user = user or self.alice
        mine = list(Conversation.objects.filter(user=user))
        self.assertEqual(list(today_items.next_steps(user, NOW)), full_items(user, NOW), after)
        self.assertEqual(next_step_badges(mine), full_badges(mine, NOW), after)
        self.assertTrue(StoredStep.objects.filter(user=user).exists() or not mine, after)

    def post(self, url: str, data: dict | None = None, status: int = 302, **kwargs):
        response = self.client.post(url, data or {}, **kwargs)
        self.assertEqual(response.status_code, status, url)
        return response

    def test_a_week_of_work_through_the_pages(self):
        # A new person and a conversation with them: "Write your request".
        self.post(reverse("contacts:create"), person("Di Dunn"))
        di = Contact.objects.get(user=self.alice, display_name="Di Dunn")
        self.post(reverse("pipeline:conversation_start", args=[di.pk]))
        talk = Conversation.objects.get(contact=di)
        self.check("conversation started")
        # Drafted ("Send your request"), then sent ("Wait for the reply").
        self.post(reverse("outreach:draft_create", args=[talk.pk]), {"channel": "email"})
        self.check("drafted")
        draft = RequestDraft.objects.get(conversation=talk)
        self.post(reverse("outreach:draft_sent", args=[draft.pk]))
        self.check("sent")
        # She says yes: "Schedule the meeting".
        day = timezone.localdate(NOW).isoformat()
        self.post(reverse("outreach:reply", args=[talk.pk]), {"outcome": "yes", "replied_on": day})
        self.check("replied")
        # A meeting in two days: "Prepare".
        starts = (NOW + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
        self.post(
            reverse("meetings:create"),
            {"conversation": talk.pk, "starts_at": starts, "length": "30", "format": "video"},
        )
        meeting = Meeting.objects.get(conversation=talk)
        self.check("meeting scheduled")
        # Planning: intention, talking points (the conversation), research (the contact).
        self.post(
            reverse("pipeline:conversation_edit", args=[talk.pk]),
            {"intention": "Learn how she moved", "talking_points": "a\nb", "meeting_minutes": 30},
        )
        self.check("intention")
        self.post(
            reverse("contacts:edit", args=[di.pk]),
            person("Di Dunn", research_notes="Her talk"),
        )
        self.check("research")
        self.post(reverse("prep:plan_add", args=[talk.pk]), {"text": "How did you start?"})
        self.check("question planned")
        # The meeting is held and captured, then thanked: a promise of mine is open.
        meeting.starts_at = NOW - timedelta(hours=2)
        meeting.save()
        self.check("meeting held")
        self.post(
            reverse("meetings:capture", args=[meeting.pk]),
            {"extra-TOTAL_FORMS": "0", "extra-INITIAL_FORMS": "0"},
        )
        self.check("captured")
        self.post(reverse("thanks:compose", args=[talk.pk]), {"do": "mark"})
        self.check("thanked")
        self.post(
            reverse("followup:action_create") + f"?conversation={talk.pk}",
            {"text": "Send the article", "owner": "mine", "conversation": talk.pk},
        )
        item = ActionItem.objects.get(conversation=talk)
        self.check("action added")
        self.post(reverse("followup:action_toggle", args=[item.pk]))
        self.check("action ticked")
        # A tag with a cadence given to him sets his keep-in-touch date (an update(), no signal),
        # and so does a change to the tag's cadence.
        tag = Tag.objects.create(user=self.alice, name="Mentors", keep_in_touch_days=7)
        self.cy.tags.add(tag)
        self.check("tagged")
        tag.keep_in_touch_days = 3
        tag.save()
        self.check("tag cadence")
        # A touch logged with him moves the date again.
        self.post(
            reverse("contacts:touchpoint_add", args=[self.cy.pk]), {"kind": "call", "text": "Hi"}
        )
        self.check("touch")
        # Bo's organisation renamed: 3B7 names it ("Ask a second person at …").
        self.post(
            reverse("contacts:organisation_edit", args=[self.acme.pk]),
            {"name": "Acme Labs", "interest": 0},
        )
        self.check("organisation renamed")
        self.post(
            reverse("contacts:edit", args=[self.bo.pk]),
            person("Bo Berglund", organisation_name="Acme Labs", emails_text="bo@example.org"),
        )
        self.check("contact renamed")
        # Merged into a second record of him: his conversation moves by update().
        other = factories.contact(
            self.alice, "Bob Berglund", org=factories.organisation(self.alice, "Other Org")
        )
        self.check("second record")
        self.post(reverse("transfer:merge"), {"keep": other.pk, "remove": self.bo.pk})
        self.check("merged")
        # An import moves him to another employer (bulk UPDATE, no signals).
        csv = (
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Bob,Berglund,https://www.linkedin.com/in/bo-berg,bo@example.org,Zeta,CTO,"
            "07 Dec 2025\n"
        )
        other.linkedin_url = "https://www.linkedin.com/in/bo-berg"
        other.save()
        self.check("linkedin added")
        self.post(
            reverse("transfer:upload"),
            {"file": SimpleUploadedFile("Connections.csv", csv.encode()), "format": "auto"},
        )
        batch = ImportBatch.objects.get(user=self.alice)
        self.post(reverse("transfer:commit", args=[batch.pk]))
        self.assertEqual(Contact.objects.get(pk=other.pk).organisation.name, "Zeta")
        self.check("imported")
        # Deleting things: the meeting's conversation, then a contact with his.
        self.post(reverse("meetings:cancel", args=[meeting.pk]))
        self.check("meeting cancelled")
        self.post(reverse("pipeline:conversation_delete", args=[talk.pk]))
        self.check("conversation deleted")
        self.post(reverse("contacts:delete", args=[self.cy.pk]))
        self.check("contact deleted")
        self.assertFalse(StoredStep.objects.filter(conversation_id=self.cy_talk.pk).exists())
        Organisation.objects.filter(pk=self.acme.pk).delete()
        self.check("organisation deleted")

    def test_a_restored_backup_is_read_afresh(self):
        backup = export_json(self.alice)
        carol = make_user("carol")
        self.login(carol)
        self.post(
            reverse("transfer:restore"),
            {"file": SimpleUploadedFile("coffeechat-backup.json", backup.encode())},
        )
        batch = ImportBatch.objects.get(user=carol)
        self.post(reverse("transfer:restore_confirm", args=[batch.pk]))
        self.assertEqual(Conversation.objects.filter(user=carol).count(), 2)
        self.check("restored", user=carol)
        # Alice's own are untouched by it, and still equal.
        self.check("after another's restore")
