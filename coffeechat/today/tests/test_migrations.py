"""The stored steps kept before a migration read as they did after it."""

from datetime import UTC, datetime

from coffeechat.core.testing import MigrationTestCase

CHANGED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class FillClosedTests(MigrationTestCase):
    def test_the_steps_of_closed_conversations_say_so(self):
        # Today reads whether a conversation is moving from its stored step from 0002 on: the
        # steps stored before it must say which conversations are closed.
        old = self.migrate([("today", "0001_stored_step")])
        user = old.get_model("auth", "User").objects.create(username="alice")
        contact = old.get_model("contacts", "Contact").objects.create(user=user, display_name="A")
        Conversation = old.get_model("pipeline", "Conversation")
        StoredStep = old.get_model("today", "StoredStep")
        stages = ["requested", "declined", "met", "no_response"]
        for stage in stages:
            conversation = Conversation.objects.create(user=user, contact=contact, stage=stage)
            StoredStep.objects.create(
                conversation=conversation,
                user=user,
                kind="wait",
                contact_id=contact.pk,
                stage_changed_at=CHANGED,
            )

        new = self.migrate([("today", "0002_stored_step_closed")])
        closed = new.get_model("today", "StoredStep").objects.values_list(
            "conversation__stage", "closed"
        )
        self.assertEqual(
            sorted(closed),
            [("declined", True), ("met", False), ("no_response", True), ("requested", False)],
        )
