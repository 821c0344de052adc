"""A scheduled meeting for a conversation (date, length, format and where)."""

import uuid

from django.db import models

from coffeechat.core.models import Owned


class MeetingFormat(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    IN_PERSON = "in_person", "In person"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Held"


class Meeting(Owned):
    conversation = models.ForeignKey(
        "pipeline.Conversation", on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(db_index=True)
    minutes = models.PositiveSmallIntegerField("length (minutes)", default=20)
    format = models.CharField(
        max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.VIDEO
    )
    place = models.CharField("place, link or phone number", max_length=500, blank=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    # A calendar invitation keeps its UID for life and raises SEQUENCE on every change.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"Meeting with {self.conversation.contact} at {self.starts_at:%Y-%m-%d %H:%M}"
