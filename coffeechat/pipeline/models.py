"""A conversation is one information interview with one contact, moving through stages."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from coffeechat.accounts.defaults import DEFAULT_MEETING_MINUTES
from coffeechat.core.models import Owned


class Stage(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    RESEARCHING = "researching", "Researching"
    REQUEST_DRAFTED = "request_drafted", "Request drafted"
    REQUESTED = "requested", "Requested"
    SCHEDULED = "scheduled", "Scheduled"
    MET = "met", "Met"
    THANKED = "thanked", "Thanked"
    KEEPING_IN_TOUCH = "keeping_in_touch", "Keeping in touch"
    DECLINED = "declined", "Declined"
    NO_RESPONSE = "no_response", "No response"
    # A conversation someone asked the user for (host mode): its own stages, so nothing built
    # for the asking side (follow-ups, thank-you reminders, who to ask next) ever acts on it.
    HOST_REQUESTED = "host_requested", "Requested"
    HOST_ACCEPTED = "host_accepted", "Accepted"
    HOST_SCHEDULED = "host_scheduled", "Scheduled"
    HOST_HELD = "host_held", "Held"
    HOST_THANKED = "host_thanked", "Thanked"


# Stages a conversation is still moving through, in board order; the last two are endings.
ACTIVE_STAGES = [
    Stage.PROSPECT,
    Stage.RESEARCHING,
    Stage.REQUEST_DRAFTED,
    Stage.REQUESTED,
    Stage.SCHEDULED,
    Stage.MET,
    Stage.THANKED,
    Stage.KEEPING_IN_TOUCH,
]
CLOSED_STAGES = [Stage.DECLINED, Stage.NO_RESPONSE]
# A hosted conversation's stages, in board order.
HOSTING_STAGES = [
    Stage.HOST_REQUESTED,
    Stage.HOST_ACCEPTED,
    Stage.HOST_SCHEDULED,
    Stage.HOST_HELD,
    Stage.HOST_THANKED,
]


class Kind(models.TextChoices):
    ASKING = "asking", "I asked for it"
    HOSTING = "hosting", "Someone asked me"


def stages_for(kind: str) -> list[Stage]:
    """The stages a conversation of this kind moves through (the board's move menu)."""
    return HOSTING_STAGES if kind == Kind.HOSTING else ACTIVE_STAGES + CLOSED_STAGES


class Conversation(Owned):
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="conversations"
    )
    intention = models.TextField(
        "what I want to learn",
        blank=True,
        help_text="One or two sentences, informed by your research.",
    )
    talking_points = models.TextField(
        blank=True, help_text="3–4 points about yourself you want to get across, one per line."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ASKING)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PROSPECT)
    stage_changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    meeting_minutes = models.PositiveSmallIntegerField(
        "meeting length (minutes)", default=DEFAULT_MEETING_MINUTES
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    thanked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-stage_changed_at", "-id"]
        indexes = [
            # The board reads each stage's newest conversations in this order (pipeline.cards).
            models.Index(
                fields=["user", "stage", "-stage_changed_at", "-id"],
                name="conversation_user_stage_recent",
            )
        ]

    def __str__(self) -> str:
        return f"Conversation with {self.contact}"

    def get_absolute_url(self) -> str:
        return reverse("pipeline:conversation_detail", args=[self.pk])


class StageChange(models.Model):
    """Every move between stages, with its time: the conversation's history."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
