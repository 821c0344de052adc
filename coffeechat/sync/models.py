"""A user's CalDAV / CardDAV account, and what Coffeechat has pushed to it."""

from django.db import models

from coffeechat.core.models import Owned


class SyncAccount(Owned):
    """One per user, when they turn sync on. The app password is stored encrypted (`crypto`)."""

    server_url = models.URLField("server address", max_length=500)
    username = models.CharField("user name", max_length=200)
    password_encrypted = models.TextField(editable=False)
    calendar_name = models.CharField(
        "calendar",
        max_length=200,
        blank=True,
        default="Coffeechat",
        help_text="The calendar's name on the server; Coffeechat creates it if it is missing. "
        "Leave empty to keep meetings out of your calendar.",
    )
    addressbook_url = models.URLField(
        "address book address",
        max_length=500,
        blank=True,
        help_text="The full address of the address book (CardDAV); empty to sync no contacts.",
    )
    # The calendar found (or created) under `calendar_name`, kept so pushes skip the lookup.
    calendar_url = models.URLField(max_length=500, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user"], name="sync_one_account_per_user")]

    def __str__(self) -> str:
        return f"{self.username} at {self.server_url}"


class ItemKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    CONTACT = "contact", "Contact"


class ItemState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SYNCED = "synced", "Up to date"
    FAILED = "failed", "Failed"


class SyncItem(Owned):
    """A meeting (an event in the calendar) or a contact marked for sync (a card in the address
    book). `removed`: its object was deleted or unmarked, and the copy on the server goes too;
    the row goes once it has."""

    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uid = models.CharField(max_length=255)
    label = models.CharField(max_length=300, blank=True)  # what the profile calls it
    href = models.URLField(max_length=1000, blank=True)
    removed = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=ItemState.choices, default=ItemState.PENDING)
    # The meeting's SEQUENCE and status the server has: a save that changes neither (notes
    # typed in meeting mode) sends nothing.
    pushed_sequence = models.PositiveIntegerField(null=True, blank=True)
    pushed_status = models.CharField(max_length=20, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    tried_at = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-updated", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "uid"], name="sync_item_uid_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label or self.uid}"
