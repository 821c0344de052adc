"""Abstract bases shared by every model a user owns."""

from django.conf import settings
from django.db import models


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user) -> "OwnedQuerySet":
        return self.filter(user=user)

    def owned_by_checking_rows(self, user) -> "OwnedQuerySet":
        """As `owned_by`, for a query that finds its rows by something more selective (a few
        ids): the owner is checked on each row found, not looked up through an index.

        SQLite plans without statistics: given `user_id = ?`, it reads all the user's rows
        through an index that starts with `user` and yields the query's order, and tests each
        (the contacts list's search read 30,000 contacts in name order to find 22 ids: 18 ms
        against 0.1). `user_id + 0` is the same test, but no index's column. `user` may also be
        the placeholder a compiled query (core.compiled) puts for the user's id."""
        owner = user.pk if hasattr(user, "pk") else user
        return self.alias(row_owner=models.F("user_id") + 0).filter(row_owner=owner)


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
