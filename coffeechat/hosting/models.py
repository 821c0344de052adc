"""Host mode: a user's public page, where others ask them for a conversation, and the requests.

The host owns both (`Owned.user` is the host). A request is made by someone with no account (or
a signed-in user of a shared instance); its `token` is their only key to it, sent by e-mail.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from coffeechat.accounts.defaults import DEFAULT_MEETING_MINUTES
from coffeechat.core.models import Owned
from coffeechat.hosting import texts

# Size limits of the public form: a request is read by a busy person.
NAME_MAX = 120
EMAIL_MAX = 254
ABOUT_MAX = 1000
LEARN_MAX = 1000
QUESTION_MAX = 300


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Format(models.TextChoices):
    # The same values as meetings.MeetingFormat, which a booked conversation's meeting uses.
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone call"
    IN_PERSON = "in_person", "In person"


class HostPage(Owned):
    """One per user, off until the user turns it on; only what is here is ever shown."""

    enabled = models.BooleanField("my host page is on", default=False)
    slug = models.SlugField(
        "address",
        max_length=40,
        unique=True,
        help_text="Letters, digits and hyphens; your page's address ends with it.",
    )
    display_name = models.CharField("name shown", max_length=NAME_MAX)
    headline = models.CharField(
        "who you are, in one line", max_length=200, blank=True
    )  # "Product designer at Shopify, Montreal"
    about = models.TextField("about you", max_length=2000, blank=True)
    field = models.CharField(
        "field", max_length=100, blank=True, help_text="For example: user research, law, nursing."
    )
    topics = models.TextField(
        "what you can talk about", max_length=1000, blank=True, help_text="One per line."
    )
    organisations = models.TextField(
        "organisations you know from the inside",
        max_length=1000,
        blank=True,
        help_text="One per line.",
    )
    career_moves = models.TextField(
        "career moves you made",
        max_length=1000,
        blank=True,
        help_text="One per line, for example: From teaching to UX research.",
    )
    formats = models.JSONField(default=list, blank=True)
    minutes = models.PositiveSmallIntegerField(
        "usual length (minutes)", default=DEFAULT_MEETING_MINUTES
    )
    languages = models.CharField(
        "languages", max_length=200, blank=True, help_text="Separated by commas."
    )
    time_zone = models.CharField("your time zone", max_length=64, default="UTC")
    how_to = models.TextField(
        "how to get the most from a conversation with me", max_length=3000, default=texts.HOW_TO
    )
    decline_text = models.TextField(
        "your kind no",
        max_length=2000,
        default=texts.DECLINE,
        help_text="Sent when you decline; {first_name} becomes the person's first name.",
    )
    # Availability: weekly windows and blackouts as lines the host types (availability.py).
    weekly_windows = models.TextField(
        "weekly windows",
        blank=True,
        help_text="One a line, in your time zone: Tuesday 14:00-16:00",
    )
    blackouts = models.TextField(
        "dates you are away",
        blank=True,
        help_text="One a line: 2026-12-24, or 2026-12-24 to 2027-01-02",
    )
    cap_per_week = models.PositiveSmallIntegerField(
        "at most per week", default=2, help_text="0 for no weekly limit."
    )
    cap_per_month = models.PositiveSmallIntegerField(
        "at most per month", default=0, help_text="0 for no monthly limit."
    )
    paused = models.BooleanField(
        "pause new requests", default=False, help_text="Your page stays up; the form closes."
    )
    # The directory of a shared instance (visible to its signed-in users only).
    in_directory = models.BooleanField("list me in this Coffeechat's directory", default=False)
    approved = models.BooleanField(default=False)  # by staff, when the instance asks for it

    class Meta:
        ordering = ["display_name", "id"]
        constraints = [models.UniqueConstraint(fields=["user"], name="one_host_page_per_user")]

    def __str__(self) -> str:
        return self.display_name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("hosting:public", args=[self.slug])

    def lines(self, field: str) -> list[str]:
        return [line.strip() for line in getattr(self, field).splitlines() if line.strip()]

    @property
    def topic_list(self) -> list[str]:
        return self.lines("topics")

    @property
    def organisation_list(self) -> list[str]:
        return self.lines("organisations")

    @property
    def move_list(self) -> list[str]:
        return self.lines("career_moves")

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]

    @property
    def format_labels(self) -> list[str]:
        return [Format(f).label for f in self.formats if f in Format.values]

    @property
    def listed(self) -> bool:
        """Shown in the directory: on, opted in and, when the instance asks, approved."""
        return (
            self.enabled and self.in_directory and (self.approved or not settings.HOSTING_APPROVAL)
        )


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for the e-mail address to be confirmed"
    NEW = "new", "New"
    ASKED = "asked", "Question sent"
    ACCEPTED = "accepted", "Accepted; waiting for a time to be chosen"
    SCHEDULED = "scheduled", "Scheduled"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = [Status.NEW, Status.ASKED, Status.ACCEPTED, Status.SCHEDULED]


class HostRequest(Owned):
    """A request for a conversation with the host (`user`)."""

    page = models.ForeignKey(HostPage, on_delete=models.CASCADE, related_name="requests")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    name = models.CharField(max_length=NAME_MAX)
    email = models.EmailField(max_length=EMAIL_MAX)
    about = models.TextField(max_length=ABOUT_MAX)
    learn = models.TextField(max_length=LEARN_MAX)
    questions = models.JSONField(default=list)
    # Times as ISO strings in UTC: the requester's choices, then the host's offer.
    preferred_slots = models.JSONField(default=list, blank=True)
    offered_slots = models.JSONField(default=list, blank=True)
    requester_zone = models.CharField(max_length=64, default="UTC")
    # The coach's verdict when it was sent: findings as dicts, and whether problems were
    # overridden rather than fixed.
    findings = models.JSONField(default=list, blank=True)
    overridden = models.BooleanField(default=False)
    ip_address = models.CharField(max_length=64, blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    host_question = models.TextField(blank=True)
    answer = models.TextField(blank=True, max_length=ABOUT_MAX)
    # What the host offered with the times, for the meeting once a time is chosen.
    meeting_format = models.CharField(max_length=20, choices=Format.choices, default=Format.VIDEO)
    meeting_place = models.CharField(max_length=500, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    conversation = models.ForeignKey(
        "pipeline.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A signed-in user of the instance asking from the directory: the request also lands as a
    # conversation on their own board.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requester_conversation = models.ForeignKey(
        "pipeline.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # After the meeting, the host's own private notes.
    was_prepared = models.BooleanField("they came prepared", null=True, blank=True)
    thanked = models.BooleanField("they thanked me", null=True, blank=True)
    host_notes = models.TextField("private notes", blank=True, max_length=3000)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["user", "status"], name="host_request_user_status"),
            models.Index(fields=["ip_address", "created"], name="host_request_ip_created"),
        ]

    def __str__(self) -> str:
        return f"Request from {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("hosting:request_detail", args=[self.pk])

    @property
    def first_name(self) -> str:
        return (self.name.split() or [""])[0]

    @property
    def problems(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == "problem"]

    @property
    def warnings(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == "warning"]
