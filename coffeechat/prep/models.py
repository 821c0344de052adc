"""Preparation: the user's own additions to the question bank, and each conversation's plan."""

from django.db import models

from coffeechat.core.models import Owned
from coffeechat.prep.question_bank import TIARA_LABELS, TOPICS

TOPIC_CHOICES = TOPICS
TIARA_CHOICES = list(TIARA_LABELS.items())


class Priority(models.TextChoices):
    MUST = "must", "Must ask"
    IF_TIME = "if_time", "If time allows"


class QuestionStatus(models.TextChoices):
    UNASKED = "unasked", "Not asked yet"
    ASKED = "asked", "Asked"
    SKIPPED = "skipped", "Skipped"


class UserQuestion(Owned):
    """A question the user added to their own bank; it shows beside the built-in ones."""

    text = models.TextField()
    topic = models.CharField(max_length=20, choices=TOPIC_CHOICES, default="advice")
    tiara = models.CharField("TIARA", max_length=20, choices=TIARA_CHOICES, default="advice")

    class Meta:
        ordering = ["topic", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def slug(self) -> str:
        return f"mine-{self.pk}"


class HiddenQuestion(Owned):
    """A built-in bank question the user does not want offered again."""

    slug = models.CharField(max_length=100)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(fields=["user", "slug"], name="hidden_question_unique_slug")
        ]

    def __str__(self) -> str:
        return self.slug


class PlannedQuestion(Owned):
    """One question in a conversation's plan, with its text already filled in for this person.

    Closing questions (who else to talk to, may I follow up) carry `closing=True` and always sort
    after the others; meeting mode updates `status` and `note` while the conversation happens.
    """

    conversation = models.ForeignKey(
        "pipeline.Conversation", on_delete=models.CASCADE, related_name="planned_questions"
    )
    text = models.TextField()
    bank_slug = models.CharField(max_length=100, blank=True)
    topic = models.CharField(max_length=20, choices=TOPIC_CHOICES, blank=True)
    tiara = models.CharField("TIARA", max_length=20, choices=TIARA_CHOICES, blank=True)
    position = models.PositiveIntegerField(default=0)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MUST)
    closing = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.UNASKED
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["closing", "position", "id"]
        indexes = [
            models.Index(fields=["conversation", "closing", "position"], name="planned_order")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def tiara_letter(self) -> str:
        return self.tiara[:1].upper()

    @property
    def required(self) -> bool:
        """One of the closing questions every plan ends with; it cannot be removed."""
        from coffeechat.prep.services import REQUIRED_CLOSING

        return self.closing and self.bank_slug in REQUIRED_CLOSING
