"""Things to do after (or around) a conversation: mine, or promised by them."""

from django.db import models

from coffeechat.core.models import Owned


class Owner(models.TextChoices):
    MINE = "mine", "Mine"
    THEIRS = "theirs", "Theirs"


class Origin(models.TextChoices):
    """Why an item is on the list: the close-the-loop note says the one that is true."""

    PROMISE = "promise", "A promise"  # "I said I would send you…", "she said she would…"
    ADVICE = "advice", "Their advice"  # "you suggested I…"
    UNSTATED = "", "Not stated"  # items from before the difference was kept


class ActionItem(Owned):
    text = models.CharField(max_length=500)
    due = models.DateField(null=True, blank=True, db_index=True)
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    owner = models.CharField("whose", max_length=10, choices=Owner.choices, default=Owner.MINE)
    origin = models.CharField(
        "where it came from", max_length=10, choices=Origin.choices, blank=True, default=""
    )
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
