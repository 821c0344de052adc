"""Abstract bases shared by every model a user owns."""

from django.conf import settings
from django.db import models


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user) -> "OwnedQuerySet":
        return self.filter(user=user)


class Owned(models.Model):
    """A row that belongs to exactly one user; every query goes through `owned_by`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class DataVersion(models.Model):
    """A token that changes whenever any of a user's data changes (see core.freshness).

    Pages that are costly to work out (Today, the board's badges) are kept per user under
    this token, so every app server knows when its copy is stale with one small query."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    token = models.CharField(max_length=32)
