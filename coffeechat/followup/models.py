"""Things to do after (or around) a conversation: mine, or promised by them."""

from django.db import models

from coffeechat.core.models import Owned


class Owner(models.TextChoices):
    MINE = "mine", "Mine"
    THEIRS = "theirs", "Theirs"


class ActionItem(Owned):
    text = models.CharField(max_length=500)
    due = models.DateField(null=True, blank=True, db_index=True)
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    owner = models.CharField("whose", max_length=10, choices=Owner.choices, default=Owner.MINE)
    contact = models.ForeignKey(
        "contacts.Contact",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    conversation = models.ForeignKey(
        "pipeline.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="action_items",
    )

    class Meta:
        ordering = ["done", "due", "id"]
        indexes = [models.Index(fields=["user", "done", "due"], name="action_user_done_due")]

    def __str__(self) -> str:
        return self.text
