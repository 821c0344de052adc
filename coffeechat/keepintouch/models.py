"""What the user keeps for staying in touch with someone: things saved to share with them.

(The cadence and the due time are columns of `contacts.Contact`; see `cadence.py`.)
"""

from django.db import models

from coffeechat.core.models import Owned


class SharedItem(Owned):
    """An article or piece of news saved for a contact; `shared_on` is set once it was sent."""

    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="shared_items"
    )
    title = models.CharField(max_length=300)
    url = models.URLField("link", max_length=1000, blank=True)
    note = models.TextField("why it is for them", blank=True)
    shared_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["shared_on", "-created", "-id"]
        indexes = [models.Index(fields=["user", "contact"], name="shareditem_user_contact")]

    def __str__(self) -> str:
        return self.title
