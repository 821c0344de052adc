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
