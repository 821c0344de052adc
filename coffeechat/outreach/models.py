"""Request drafts, the user's own request templates, and the replies that come back."""

from django.db import models
from django.urls import reverse

from coffeechat.core.channels import REQUEST_CHANNELS, Channel, choices
from coffeechat.core.models import Owned


class TemplateKind(models.TextChoices):
    REFERRAL = "referral", "Referral"
    ALUMNI = "alumni", "Alumni"
    KNOWN = "known", "Someone you know"
    EVENT = "event", "Met at an event"
    COLD = "cold", "Cold"
    CUSTOM = "custom", "Custom"


class RequestTemplate(Owned):
    """A user's own template; the built-in ones live in `builtin_templates.py` as data."""

    name = models.CharField(max_length=120)
    kind = models.CharField(
        max_length=20, choices=TemplateKind.choices, default=TemplateKind.CUSTOM
    )
    channel = models.CharField(
        max_length=20, choices=choices(REQUEST_CHANNELS), default=Channel.EMAIL
    )
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outreach:template_edit", args=[self.pk])


class DraftKind(models.TextChoices):
    REQUEST = "request", "Request"
    FOLLOW_UP = "follow_up", "Follow-up"


class RequestDraft(Owned):
    conversation = models.ForeignKey(
        "pipeline.Conversation", on_delete=models.CASCADE, related_name="request_drafts"
    )
    kind = models.CharField(max_length=20, choices=DraftKind.choices, default=DraftKind.REQUEST)
    channel = models.CharField(
        max_length=20, choices=choices(REQUEST_CHANNELS), default=Channel.EMAIL
    )
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    # Which template it started from: one of the user's rows, or a built-in key.
    template = models.ForeignKey(
        RequestTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    builtin = models.CharField(max_length=20, blank=True)
    # The user's answers to a built-in's slots ("caught_eye": "your talk on…"), kept so that
    # refilling the draft or following it up says the same thing.
    slots = models.JSONField(default=dict, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.conversation.contact}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:draft_detail", args=[self.pk])

    @property
    def template_label(self) -> str:
        if self.template_id:
            return self.template.name
        if self.builtin:
            return TemplateKind(self.builtin).label if self.builtin in TemplateKind else ""
        return ""


class Outcome(models.TextChoices):
    YES = "yes", "Yes"
    NOT_NOW = "not_now", "Not now"
    NO = "no", "No"
    REFERRED = "referred", "Referred me to someone else"
    OUT_OF_OFFICE = "out_of_office", "Out of office"


class Reply(Owned):
    conversation = models.ForeignKey(
        "pipeline.Conversation", on_delete=models.CASCADE, related_name="replies"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    replied_on = models.DateField()
    # Business days from the request being sent to this reply; empty when nothing was sent.
    business_days = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    referred_contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-replied_on", "-id"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} from {self.conversation.contact}"
