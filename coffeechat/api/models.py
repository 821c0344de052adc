"""Personal access tokens for the JSON API: only a digest of each is stored."""

from django.db import models

from coffeechat.core.models import Owned


class AccessToken(Owned):
    name = models.CharField(max_length=100, help_text="What uses it, e.g. “sync script”.")
    # The first characters of the token, shown so the user can tell tokens apart.
    prefix = models.CharField(max_length=16, editable=False)
    # SHA-256 of the whole token. A token is 256 random bits, so a fast hash is enough: there is
    # nothing to guess, and each request can be checked with one indexed look-up.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    can_write = models.BooleanField("read and write", default=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def access_label(self) -> str:
        return "Read and write" if self.can_write else "Read only"
