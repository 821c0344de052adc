"""One conversation, walked from its request to keeping in touch with the clock moving: at each
point Today, the board's card and the conversation page show the same next step, and nothing
stale (the issue's "Waiting for a reply" after a yes, a meeting vanishing when meeting mode was
not used, "Write the thank-you" still the main button after thanking)."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils.html import escape

from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories
from coffeechat.followup.models import ActionItem
from coffeechat.meetings.models import MeetingStatus
from coffeechat.outreach.models import DraftKind, RequestDraft
from coffeechat.outreach.services import log_reply, mark_sent
from coffeechat.pipeline.services import move_to_stage

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class NextStepEverywhereTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        with time_machine.travel(MONDAY - timedelta(days=1), tick=False):
            self.priya = factories.contact(self.alice, "Priya Shah", emails=["priya@example.org"])
            self.conversation = factories.conversation(self.alice, self.priya, "request_drafted")
            self.draft = RequestDraft.objects.create(
                user=self.alice, conversation=self.conversation, subject="Hi", body="Hi Priya"
            )

    def seen(self, moment: datetime) -> dict[str, str]:
        """The step's title on Today, on the board's card and at the head of the conversation."""
        with time_machine.travel(moment, tick=False):
            today = [
                item.title
                for item in self.client.get("/").context["items"]
                # Other lists on Today name her too: per person, not per conversation.
                if "Priya" in item.title and item.kind not in {"LinkedIn", "Keep in touch"}
            ]
            board = self.client.get("/conversations/board/").content.decode()
            page = self.client.get(f"/conversations/{self.conversation.pk}/").content.decode()
        return {"today": today, "board": board, "page": page}

    def assert_step(self, moment: datetime, title: str, *, on_today: bool = True) -> None:
        seen = self.seen(moment)
        self.assertEqual(seen["today"], [title] if on_today else [])
        self.assertIn(f"Next: {escape(title)}", seen["board"])
        self.assertIn(escape(title), seen["page"].split('id="next-h"')[1].split("</div>")[0])

    def test_it_shows_one_fresh_step_from_the_request_to_keeping_in_touch(self):
        self.assert_step(MONDAY, "Send your request to Priya Shah")
        with time_machine.travel(MONDAY, tick=False):
            mark_sent(self.draft)
        self.assert_step(MONDAY + timedelta(hours=1), "Wait for Priya Shah's reply")

        # She says yes on Wednesday: schedule, and no trace of waiting.
        with time_machine.travel(MONDAY + timedelta(days=2), tick=False):
            log_reply(self.conversation, "yes", date(2026, 3, 4))
        self.assert_step(
            MONDAY + timedelta(days=2, hours=1), "Schedule the meeting with Priya Shah"
        )

        # A meeting on Friday at 09:00, not prepared: prepare, then it is under way.
        with time_machine.travel(MONDAY + timedelta(days=2, hours=2), tick=False):
            meeting = factories.meeting(self.alice, self.conversation, in_days=2, minutes=30)
            move_to_stage(self.conversation, "scheduled")
        self.assert_step(MONDAY + timedelta(days=3), "Prepare for Priya Shah")
        self.assert_step(
            MONDAY + timedelta(days=4, hours=2, minutes=10), "Talking with Priya Shah now"
        )

        # Over, without meeting mode: capture now; a day on, the thank-you (captured or not).
        after = meeting.starts_at + timedelta(minutes=40)
        self.assert_step(after, "Capture what you learned from Priya Shah")
        self.assert_step(after + timedelta(days=1, hours=1), "Write the thank-you to Priya Shah")

        # Captured, with a promise of theirs; thanked the same day.
        meeting.status = MeetingStatus.HELD
        meeting.save()
        ActionItem.objects.create(
            user=self.alice,
            contact=self.priya,
            conversation=self.conversation,
            text="Introduce me to Sam",
            owner="theirs",
        )
        with time_machine.travel(after + timedelta(hours=2), tick=False):
            move_to_stage(self.conversation, "met")
            move_to_stage(self.conversation, "thanked")
            page = self.client.get(f"/conversations/{self.conversation.pk}/").content.decode()
        self.assertNotIn('class="button primary" href="/conversations/', page.split("next-h")[0])
        self.assertNotIn("Write the thank-you", page)

        # A week after the meeting: a gentle reminder of their promise.
        self.assert_step(after + timedelta(days=8), "Remind Priya Shah gently: Introduce me to Sam")

        # Promise kept: keep in touch (listed per person on Today, so not as a step there).
        ActionItem.objects.filter(owner="theirs").update(done=True)
        self.priya.keep_in_touch_days = 90
        self.priya.save()
        self.assert_step(
            after + timedelta(days=91), "Keep in touch with Priya Shah", on_today=False
        )

    def test_it_hides_a_follow_up_never_sent_once_they_reply(self):
        with time_machine.travel(MONDAY, tick=False):
            mark_sent(self.draft)
        RequestDraft.objects.create(
            user=self.alice, conversation=self.conversation, kind=DraftKind.FOLLOW_UP, body="Hi"
        )
        page = f"/conversations/{self.conversation.pk}/"
        self.assertContains(self.client.get(page), "Follow-up")
        log_reply(self.conversation, "yes", date(2026, 3, 4))
        self.assertNotContains(self.client.get(page), "Follow-up")

    def test_it_prints_the_same_step_in_the_terminal(self):
        with time_machine.travel(MONDAY, tick=False):
            mark_sent(self.draft)
        with time_machine.travel(MONDAY + timedelta(days=2), tick=False):
            log_reply(self.conversation, "yes", date(2026, 3, 4))
            out = StringIO()
            call_command("today", "--user", "alice", stdout=out)
        self.assertIn("[Schedule] Schedule the meeting with Priya Shah", out.getvalue())
        self.assertNotIn("Wait", out.getvalue())
