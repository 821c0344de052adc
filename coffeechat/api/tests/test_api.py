"""The JSON API's behaviour: the pages' rules on its input, errors naming the field, pages of
results, updated-since, ETags and If-Match, and the one way to move a stage or a meeting."""

import json
from datetime import timedelta

import time_machine
from django.utils import timezone

from coffeechat.api.tokens import create_token
from coffeechat.contacts.models import Contact, Organisation, Tag, Touchpoint
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.meetings.models import Meeting
from coffeechat.pipeline.models import StageChange


class ApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        _, self.secret = create_token(self.alice, "tests", can_write=True)

    def call(self, method: str, url: str, body: dict | None = None, **headers):
        return self.client.generic(
            method.upper(),
            url,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.secret}",
            **headers,
        )


class ContactApiTests(ApiTestCase):
    def test_it_creates_a_contact_through_the_contact_forms_rules(self):
        response = self.call(
            "post",
            "/api/v1/contacts",
            {
                "given_name": "Ada",
                "family_name": "Lovelace",
                "organisation": "Stripe, Inc.",
                "emails": ["ada@example.org"],
                "tags": ["ux", "UX", "research"],
                "links": [{"url": "https://example.org/ada"}],
            },
        )
        self.assertEqual(response.status_code, 201, response.content)
        contact = Contact.objects.get(user=self.alice)
        self.assertEqual(contact.display_name, "Ada Lovelace")
        self.assertEqual(contact.emails, ["ada@example.org"])
        self.assertEqual(sorted(t.name for t in contact.tags.all()), ["research", "ux"])
        self.assertEqual(contact.links, [{"url": "https://example.org/ada", "title": ""}])
        body = response.json()
        self.assertEqual(body["organisation"], "Stripe, Inc.")
        self.assertEqual(
            response["ETag"], f'"{contact.pk}-{int(contact.updated.timestamp() * 1e6)}"'
        )
        # The same organisation is matched, not created twice.
        self.call("post", "/api/v1/contacts", {"given_name": "Bo", "organisation": "Stripe"})
        self.assertEqual(Organisation.objects.filter(user=self.alice).count(), 1)

    def test_it_names_the_field_of_each_error_and_saves_nothing(self):
        response = self.call(
            "post", "/api/v1/contacts", {"given_name": "Ada", "emails": ["ada@", "ok@example.org"]}
        )
        self.assertEqual(response.status_code, 422)
        body = response.json()
        self.assertEqual(body["field"], "emails")
        self.assertIn("“ada@” is not an e-mail address", body["error"])
        self.assertFalse(Contact.objects.exists())
        response = self.call("post", "/api/v1/contacts", {"emails": []})
        self.assertEqual(response.json()["errors"]["__all__"], ["Give the contact a name."])
        response = self.call(
            "post", "/api/v1/contacts", {"given_name": 5, "keep_in_touch_days": "x"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("keep_in_touch_days", response.json()["errors"])
        response = self.call("post", "/api/v1/contacts", {"given_name": "Nul\x00"})
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Contact.objects.exists())

    def test_it_patches_only_the_fields_sent(self):
        contact = factories.contact(self.alice, role="Designer", emails=["j@example.org"])
        contact.tags.add(factories.tag(self.alice, "ux"))
        response = self.call("patch", f"/api/v1/contacts/{contact.pk}", {"location": "Leeds"})
        self.assertEqual(response.status_code, 200, response.content)
        contact.refresh_from_db()
        self.assertEqual(
            (contact.location, contact.role, contact.emails),
            ("Leeds", "Designer", ["j@example.org"]),
        )
        self.assertEqual([t.name for t in contact.tags.all()], ["ux"])

    def test_it_refuses_a_stale_write_with_412(self):
        contact = factories.contact(self.alice)
        etag = self.call("get", f"/api/v1/contacts/{contact.pk}")["ETag"]
        fresh = self.call(
            "patch", f"/api/v1/contacts/{contact.pk}", {"role": "A"}, HTTP_IF_MATCH=etag
        )
        self.assertEqual(fresh.status_code, 200)
        self.assertNotEqual(fresh["ETag"], etag)
        stale = self.call(
            "patch", f"/api/v1/contacts/{contact.pk}", {"role": "B"}, HTTP_IF_MATCH=etag
        )
        self.assertEqual(stale.status_code, 412)
        self.assertEqual(stale.json()["field"], "If-Match")
        contact.refresh_from_db()
        self.assertEqual(contact.role, "A")
        gone = self.call("delete", f"/api/v1/contacts/{contact.pk}", HTTP_IF_MATCH=etag)
        self.assertEqual(gone.status_code, 412)
        self.assertTrue(Contact.objects.filter(pk=contact.pk).exists())

    def test_it_pages_results_and_filters_by_updated_since(self):
        start = timezone.now()
        with time_machine.travel(start - timedelta(days=2)):
            old = [factories.contact(self.alice, f"Old Person{i}") for i in range(3)]
        with time_machine.travel(start):
            new = factories.contact(self.alice, "New Person")
        factories.contact(self.bob, "Not Mine")
        first = self.call("get", "/api/v1/contacts?limit=2").json()
        self.assertEqual((first["count"], len(first["items"])), (4, 2))
        rest = self.call("get", "/api/v1/contacts?limit=2&offset=2").json()
        ids = [c["id"] for c in first["items"] + rest["items"]]
        self.assertEqual(ids, [c.pk for c in [*old, new]])
        since = (start - timedelta(hours=1)).isoformat()
        changed = self.client.get(
            "/api/v1/contacts",
            {"updated_since": since},
            HTTP_AUTHORIZATION=f"Bearer {self.secret}",
        )
        self.assertEqual([c["id"] for c in changed.json()["items"]], [new.pk])
        too_many = self.call("get", "/api/v1/contacts?limit=1000")
        self.assertEqual((too_many.status_code, too_many.json()["field"]), (422, "limit"))

    def test_it_refuses_ids_no_database_key_can_hold(self):
        # Found by schemathesis: SQLite cannot compare a column with 2**77.
        response = self.call("get", f"/api/v1/actions?conversation_id={2**77}")
        self.assertEqual((response.status_code, response.json()["field"]), (422, "conversation_id"))
        response = self.call("post", "/api/v1/touchpoints", {"contact_id": 2**70})
        self.assertEqual((response.status_code, response.json()["field"]), (422, "contact_id"))

    def test_it_lists_only_the_callers_objects(self):
        factories.contact(self.bob, "Bob Friend")
        factories.tag(self.bob, "bobs")
        for url in ("/api/v1/contacts", "/api/v1/tags", "/api/v1/organisations"):
            self.assertEqual(self.call("get", url).json()["count"], 0, url)


class ConversationApiTests(ApiTestCase):
    def test_it_moves_a_stage_through_the_stage_service(self):
        contact = factories.contact(self.alice)
        created = self.call("post", "/api/v1/conversations", {"contact_id": contact.pk})
        self.assertEqual(created.status_code, 201)
        conversation_id = created.json()["id"]
        response = self.call(
            "post", f"/api/v1/conversations/{conversation_id}/stage", {"stage": "requested"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["stage"], "requested")
        self.assertIsNotNone(response.json()["requested_at"])
        moves = StageChange.objects.filter(conversation_id=conversation_id)
        self.assertEqual(
            [(m.from_stage, m.to_stage) for m in moves],
            [("", "prospect"), ("prospect", "requested")],
        )
        bad = self.call("post", f"/api/v1/conversations/{conversation_id}/stage", {"stage": "won"})
        self.assertEqual((bad.status_code, bad.json()["field"]), (422, "stage"))

    def test_it_checks_the_meeting_length_with_the_conversation_form(self):
        conversation = factories.conversation(self.alice)
        response = self.call(
            "patch", f"/api/v1/conversations/{conversation.pk}", {"meeting_minutes": 500}
        )
        self.assertEqual(response.json()["field"], "meeting_minutes")
        self.assertIn("between 10 and 120", response.json()["error"])

    def test_it_starts_a_conversation_only_with_ones_own_contact(self):
        theirs = factories.contact(self.bob)
        response = self.call("post", "/api/v1/conversations", {"contact_id": theirs.pk})
        self.assertEqual(response.status_code, 404)


class MeetingApiTests(ApiTestCase):
    def test_it_schedules_and_reschedules_through_the_meeting_service(self):
        conversation = factories.conversation(self.alice)
        response = self.call(
            "post",
            "/api/v1/meetings",
            {
                "conversation_id": conversation.pk,
                "starts_at": "2027-03-02T15:00:00+01:00",
                "minutes": 25,
            },
        )
        self.assertEqual(response.status_code, 201, response.content)
        meeting = Meeting.objects.get()
        self.assertEqual((meeting.minutes, meeting.sequence), (25, 0))
        conversation.refresh_from_db()
        self.assertEqual(conversation.stage, "scheduled")
        moved = self.call(
            "patch", f"/api/v1/meetings/{meeting.pk}", {"starts_at": "2027-03-03T15:00:00+01:00"}
        )
        self.assertEqual(moved.status_code, 200)
        meeting.refresh_from_db()
        self.assertEqual(meeting.sequence, 1)
        self.assertEqual(meeting.starts_at.isoformat(), "2027-03-03T14:00:00+00:00")
        self.assertTrue(Touchpoint.objects.filter(text__startswith="Meeting rescheduled").exists())
        cancelled = self.call("post", f"/api/v1/meetings/{meeting.pk}/cancel")
        self.assertEqual(
            (cancelled.json()["status"], cancelled.json()["sequence"]), ("cancelled", 2)
        )
        refused = self.call("patch", f"/api/v1/meetings/{meeting.pk}", {"minutes": 30})
        self.assertEqual(refused.status_code, 422)

    def test_it_refuses_a_video_meeting_without_a_link_as_the_form_does(self):
        conversation = factories.conversation(self.alice)
        response = self.call(
            "post",
            "/api/v1/meetings",
            {
                "conversation_id": conversation.pk,
                "starts_at": "2027-03-02T15:00:00Z",
                "place": "my office",
            },
        )
        self.assertEqual((response.status_code, response.json()["field"]), (422, "place"))
        self.assertFalse(Meeting.objects.exists())


class ActionAndTagApiTests(ApiTestCase):
    def test_it_ticks_an_action_as_the_today_page_does(self):
        contact = factories.contact(self.alice)
        created = self.call(
            "post", "/api/v1/actions", {"text": "Send the deck", "contact_id": contact.pk}
        )
        item_id = created.json()["id"]
        done = self.call("patch", f"/api/v1/actions/{item_id}", {"done": True})
        self.assertTrue(done.json()["done"])
        self.assertTrue(
            Touchpoint.objects.filter(contact=contact, text="Done: Send the deck").exists()
        )

    def test_it_refuses_a_second_tag_with_the_same_name_in_other_case(self):
        factories.tag(self.alice, "Research")
        response = self.call("post", "/api/v1/tags", {"name": "research"})
        self.assertEqual((response.status_code, response.json()["field"]), (422, "name"))
        self.assertEqual(Tag.objects.filter(user=self.alice).count(), 1)


class CheckApiTests(ApiTestCase):
    def test_it_checks_a_request_with_the_conversations_context_like_the_composer(self):
        referrer = factories.contact(self.alice, "Priya Shah")
        contact = factories.contact(self.alice, "Jordan Lee", referred_by=referrer)
        conversation = factories.conversation(self.alice, contact)
        text = (
            "Dear Jordan, I am a student exploring user research. Could we talk for 20 minutes "
            "in the next few weeks? Priya Shah suggested I write to you."
        )
        plain = self.call("post", "/api/v1/check/request", {"text": text}).json()
        within = self.call(
            "post", "/api/v1/check/request", {"text": text, "conversation_id": conversation.pk}
        ).json()
        rules = lambda found: {f["rule"] for f in found["findings"]}  # noqa: E731
        self.assertNotIn("request.connection-late", rules(plain))
        self.assertIn("request.connection-late", rules(within))

    def test_it_checks_questions_each_against_the_others(self):
        response = self.call(
            "post",
            "/api/v1/check/questions",
            {"questions": ["What does your company do?", "How did you get into design research?"]},
        )
        rows = response.json()["questions"]
        self.assertEqual(len(rows), 2)
        self.assertIn("question.searchable", {f["rule"] for f in rows[0]["findings"]})
        self.assertGreaterEqual(response.json()["problems"], 1)

    def test_it_checks_a_thank_you_against_the_notes_points(self):
        text = "Thank you for your time yesterday. It was great."
        response = self.call(
            "post",
            "/api/v1/check/thankyou",
            {"text": text, "note_points": ["Learn SQL before applying"]},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["findings"])

    def test_it_gives_404_for_someone_elses_conversation(self):
        theirs = factories.conversation(self.bob)
        for kind, body in (("request", {"text": "Hi"}), ("thankyou", {"text": "Thanks"})):
            response = self.call(
                "post", f"/api/v1/check/{kind}", {**body, "conversation_id": theirs.pk}
            )
            self.assertEqual(response.status_code, 404, kind)
