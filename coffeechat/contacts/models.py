"""People and organisations the user knows or wants to meet, and every touch with them."""

from django.db import models
from django.urls import reverse

from coffeechat.contacts.normalise import (
    normalise_linkedin_url,
    normalise_name,
    normalise_organisation_name,
)
from coffeechat.core.channels import Channel
from coffeechat.core.models import Owned
from coffeechat.core.reversing import url_with_id


class Organisation(Owned):
    name = models.CharField(max_length=200)
    # "Stripe, Inc." and "Stripe" share one key, so imports and forms find the same row.
    name_key = models.CharField(max_length=200, editable=False)
    website = models.URLField(blank=True, max_length=500)
    industry = models.CharField(max_length=200, blank=True)
    interest = models.PositiveSmallIntegerField(
        "your interest",
        default=0,
        choices=[(0, "0 – none yet"), (1, "1 – some"), (2, "2 – keen"), (3, "3 – top choice")],
    )
    research_notes = models.TextField(blank=True, help_text="Markdown.")
    links = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name_key"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name_key"], name="organisation_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = normalise_organisation_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("contacts:organisation_detail", args=[self.pk])


class Tag(Owned):
    name = models.CharField(max_length=100)
    keep_in_touch_days = models.PositiveIntegerField(
        "keep in touch every (days)",
        null=True,
        blank=True,
        help_text="Default cadence for contacts with this tag.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="tag_unique_name")]

    def __str__(self) -> str:
        return self.name


class Relationship(models.TextChoices):
    FRIEND = "friend", "Friend"
    RELATIVE = "relative", "Relative"
    PROFESSOR = "professor", "Professor"
    CLASSMATE = "classmate", "Classmate"
    COWORKER = "coworker", "Co-worker"
    SUPERVISOR = "supervisor", "Supervisor"
    NEIGHBOUR = "neighbour", "Neighbour"
    ALUMNI = "alumni", "Alumni"
    LINKEDIN = "linkedin", "LinkedIn connection"
    ASSOCIATION = "association", "Professional association"
    SPEAKER = "speaker", "Speaker"
    REFERRAL = "referral", "Referral"
    COLD = "cold", "Cold"


class Warmth(models.IntegerChoices):
    """How warm an approach to someone is; the warmest are asked first (see outreach)."""

    KNOWN = 0, "Referred or first-degree"
    ALUMNI = 1, "Alumni"
    SECOND_DEGREE = 2, "Second-degree"
    COLD = 3, "Cold"


WARMTH_OF_RELATIONSHIP = {
    Relationship.FRIEND: Warmth.KNOWN,
    Relationship.RELATIVE: Warmth.KNOWN,
    Relationship.PROFESSOR: Warmth.KNOWN,
    Relationship.CLASSMATE: Warmth.KNOWN,
    Relationship.COWORKER: Warmth.KNOWN,
    Relationship.SUPERVISOR: Warmth.KNOWN,
    Relationship.NEIGHBOUR: Warmth.KNOWN,
    Relationship.REFERRAL: Warmth.KNOWN,
    # A LinkedIn connection is first-degree: the user and they are connected directly.
    Relationship.LINKEDIN: Warmth.KNOWN,
    Relationship.ALUMNI: Warmth.ALUMNI,
    Relationship.ASSOCIATION: Warmth.SECOND_DEGREE,
    Relationship.SPEAKER: Warmth.SECOND_DEGREE,
}


def warmth_for(relationship: str, referred: bool) -> int:
    """Someone who was referred to you is warm, however you came to know them."""
    if referred:
        return Warmth.KNOWN
    return WARMTH_OF_RELATIONSHIP.get(relationship, Warmth.COLD)


def warmth_expression() -> models.Case:
    """`warmth_for` as SQL, to recompute stored warmth in one UPDATE."""
    whens = [models.When(referred_by__isnull=False, then=models.Value(Warmth.KNOWN))]
    for warmth in (Warmth.KNOWN, Warmth.ALUMNI, Warmth.SECOND_DEGREE):
        names = [r for r, w in WARMTH_OF_RELATIONSHIP.items() if w == warmth]
        whens.append(models.When(relationship__in=names, then=models.Value(warmth)))
    return models.Case(
        *whens, default=models.Value(Warmth.COLD), output_field=models.PositiveSmallIntegerField()
    )


_WARMTH_INPUTS = {"relationship", "referred_by", "referred_by_id"}


class Source(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    LINKEDIN = "linkedin", "LinkedIn import"
    GOOGLE = "google", "Google Contacts import"
    VCARD = "vcard", "vCard import"
    CSV = "csv", "CSV import"
    REFERRAL = "referral", "Referred in a conversation"
    RESTORE = "restore", "Restored from a backup"


class Contact(Owned):
    given_name = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=150, blank=True)
    display_name = models.CharField(max_length=300)
    # Lower-cased, accent-folded name for search and duplicate matching.
    name_key = models.CharField(max_length=300, editable=False)
    emails = models.JSONField(default=list, blank=True)
    phones = models.JSONField(default=list, blank=True)
    linkedin_url = models.CharField("LinkedIn URL", max_length=500, blank=True)
    linkedin_key = models.CharField(max_length=500, blank=True, editable=False, db_index=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    role = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    relationship = models.CharField(
        "how you know them", max_length=20, choices=Relationship.choices, default=Relationship.COLD
    )
    referred_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    # Derived from relationship and referred_by in save(); stored so "who to ask next" can walk
    # an index in rank order instead of sorting every contact.
    warmth = models.PositiveSmallIntegerField(
        choices=Warmth.choices, default=Warmth.COLD, editable=False
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="contacts")
    research_notes = models.TextField(blank=True, help_text="Markdown.")
    career_story = models.TextField(
        blank=True, help_text="Education and earlier roles, in the order they happened."
    )
    common_ground = models.TextField(
        "things in common", blank=True, help_text="School, places, interests you share."
    )
    links = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    keep_in_touch_days = models.PositiveIntegerField(
        "keep in touch every (days)",
        null=True,
        blank=True,
        help_text="Empty: use the shortest cadence of the contact's tags, or none.",
    )
    snoozed_until = models.DateField(null=True, blank=True)
    # Derived: when keeping in touch next falls due (None without a cadence). Stored so Today
    # finds due people with one indexed query; followup.cadence keeps it current.
    keep_in_touch_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    linkedin_connected = models.BooleanField("connected on LinkedIn", default=False)

    class Meta:
        ordering = ["name_key", "id"]
        # SQLite keeps no statistics here, so when several indexes start with `user` it takes
        # the newest one it can use. Migrations therefore create them in a deliberate order
        # (0009 rebuilds the partial indexes last), and test_query_plans pins the choices.
        indexes = [
            # Sorting by name reads this index in order; searching name, role and organisation
            # scans it alone instead of the wider table rows (see contacts.services).
            models.Index(
                fields=["user", "name_key", "role", "organisation"], name="contact_user_search"
            ),
            models.Index(fields=["user", "keep_in_touch_days"], name="contact_user_cadence"),
            models.Index(fields=["user", "keep_in_touch_due_at"], name="contact_user_keep_due"),
            models.Index(fields=["user", "warmth", "created", "id"], name="contact_user_warmth"),
            # "Recently added" reads this in order, and as the newest full index it is the one
            # SQLite scans for any other filter on a user's contacts: its rows follow insertion
            # order, so the table is read sequentially. (Scanning by warmth made the funnel's
            # referral count 15 times slower.)
            models.Index(fields=["user", "created", "id"], name="contact_user_created"),
            # Notes are searched only where there are some.
            models.Index(
                fields=["user"],
                condition=models.Q(research_notes__gt=""),
                name="contact_user_with_notes",
            ),
            # An organisation's people in name order: Today's second person to ask there reads
            # the first few of each (contacts.services.others_at), not all of them.
            models.Index(fields=["organisation", "name_key"], name="contact_organisation_name"),
            # Few contacts were referred; the funnel and the network count them.
            models.Index(
                fields=["user", "created"],
                condition=models.Q(referred_by__isnull=False),
                name="contact_user_referred",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        if not self.display_name:
            self.display_name = " ".join(p for p in (self.given_name, self.family_name) if p)
        self.name_key = normalise_name(self.display_name)
        self.linkedin_key = normalise_linkedin_url(self.linkedin_url)
        self.warmth = warmth_for(self.relationship, self.referred_by_id is not None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and _WARMTH_INPUTS & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "warmth"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return url_with_id("contacts:detail", self.pk)  # reversed once: lists call it per row

    @property
    def first_name(self) -> str:
        return self.given_name or self.display_name.split(" ")[0]


class TouchpointKind(models.TextChoices):
    REQUEST = "request", "Request sent"
    FOLLOW_UP = "follow_up", "Follow-up sent"
    REPLY = "reply", "Reply"
    MEETING = "meeting", "Meeting"
    THANK_YOU = "thank_you", "Thank-you"
    SHARED = "shared", "Shared something"
    LINKEDIN = "linkedin", "LinkedIn connection"
    UPDATE = "update", "Update sent"
    NOTE = "note", "Note"


class Touchpoint(Owned):
    """Any interaction with a contact; together they make the contact's timeline."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="touchpoints")
    conversation = models.ForeignKey(
        "pipeline.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="touchpoints",
    )
    kind = models.CharField(max_length=20, choices=TouchpointKind.choices, default="note")
    channel = models.CharField(max_length=40, blank=True)
    happened_at = models.DateTimeField(db_index=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["-happened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.contact}"

    @property
    def channel_label(self) -> str:
        """The channel as a person names it ("LinkedIn message"); free text as it was typed."""
        return dict(Channel.choices).get(self.channel, self.channel)
