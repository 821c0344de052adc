"""A scheduled meeting for a conversation, what was noted during it, and what came out of it."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from django.db import models
from django.urls import reverse

from coffeechat.accounts.defaults import DEFAULT_MEETING_MINUTES
from coffeechat.core.models import Owned

# Calendar files and time zones work between these; a meeting outside them (stored before the
# form checked the date) stays on its pages but is left out of calendars until it is moved.
CALENDAR_EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
CALENDAR_LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def in_calendar_range(when: datetime) -> bool:
    return CALENDAR_EARLIEST <= when < CALENDAR_LATEST


class MeetingFormat(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    IN_PERSON = "in_person", "In person"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Held"


def planned_end(starts_at: datetime, minutes: int) -> datetime:
    """When a meeting starting then and lasting that long ends as planned (`Meeting.ends_at`,
    and the rows that read meetings without their model)."""
    try:
        return starts_at + timedelta(minutes=minutes)
    except OverflowError:  # a start at the very end of the calendar
        return datetime.max.replace(tzinfo=UTC)


class Meeting(Owned):
    conversation = models.ForeignKey(
        "pipeline.Conversation", on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(db_index=True)
    minutes = models.PositiveSmallIntegerField("length (minutes)", default=DEFAULT_MEETING_MINUTES)
    format = models.CharField(
        max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.VIDEO
    )
    place = models.CharField("place, link or phone number", max_length=500, blank=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    # A calendar invitation keeps its UID for life and raises SEQUENCE on every change. Unique
    # per user, not globally: a restore into another account on the same instance keeps the
    # UIDs, so later changes reach the other person's calendar as updates to the same events.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    # Keys from checklists.items_for(format) that the user has ticked.
    checklist_done = models.JSONField(default=list, blank=True)
    # The free note typed during the meeting.
    notes = models.TextField(blank=True)
    # Meeting mode's saves: each raises `live_revision`; `live_stamps` holds, per live field,
    # the revision that last wrote it ({"notes": 3, "q:12:note": 5, ...}; services.apply_live).
    live_revision = models.PositiveIntegerField(default=0)
    live_stamps = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    further_contact = models.BooleanField("they agreed to further contact", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("private rating (1–5)", null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "uid"], name="meeting_unique_uid_per_user")
        ]

    def __str__(self) -> str:
        return f"Meeting with {self.conversation.contact} at {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def ends_at(self) -> datetime:
        return planned_end(self.starts_at, self.minutes)


class CaptureKind(models.TextChoices):
    INSIGHT = "insight", "Insight"
    ADVICE = "advice", "Advice"
    RESOURCE = "resource", "Resource"


class Capture(Owned):
    """One thing learnt in a meeting: an insight, a piece of advice or a resource."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="captures")
    kind = models.CharField(max_length=20, choices=CaptureKind.choices)
    text = models.TextField()
    url = models.URLField(max_length=500, blank=True)
    topic = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["meeting", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class LineMark(models.TextChoices):
    """What a line of the notes was marked as on the capture page."""

    INSIGHT = "insight", "Insight"
    ADVICE = "advice", "Advice"
    RESOURCE = "resource", "Resource"
    PERSON = "person", "Person to contact"
    MINE = "mine", "Promise of mine"
    THEIRS = "theirs", "Promise of theirs"


class CapturedLine(Owned):
    """A line of the meeting's notes (or an item added on the capture page) already captured.

    `key` is a hash of the line's words (`lines.line_key`), one row per meeting and key, so
    capturing the same page twice stores nothing twice. What the line became lives in its own
    place (a Capture, an ActionItem, a referred Contact); this row only remembers the marking.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="captured_lines")
    key = models.CharField(max_length=64)
    mark = models.CharField(max_length=20, choices=LineMark.choices)
    text = models.TextField()
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "key"], name="captured_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_mark_display()}: {self.text[:60]}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored of a feed token: its SHA-256. The token has 256 random bits, so a plain
    hash is enough (no salt or slow hash needed), and looking up by digest needs no
    constant-time comparison."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(Owned):
    """A private, read-only calendar URL; whoever holds the token can read upcoming meetings.

    Only the token's digest is stored, so a copy of the database (a backup, a leaked dump)
    opens nobody's calendar; the link is shown once, when it is made (`issue`)."""

    token_hash = models.CharField(max_length=64, unique=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    @classmethod
    def issue(cls, user) -> tuple[CalendarFeed, str]:
        """A new live feed for `user` and its token, which is not kept anywhere."""
        token = new_token()
        return cls.objects.create(user=user, token_hash=token_digest(token)), token

    @classmethod
    def live(cls, token: str):
        """The live feeds for a token: not revoked, and dead with a deactivated account (back if
        the account is reactivated)."""
        return cls.objects.filter(
            token_hash=token_digest(token), revoked=False, user__is_active=True
        )


def feed_path(token: str) -> str:
    return reverse("meetings:feed", args=[token])
