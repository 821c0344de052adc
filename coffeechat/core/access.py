"""One way to fetch a user's object: by owner and id together, or 404."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def owned_or_404(model_or_queryset: type[M] | QuerySet[M], user, pk, **lookups) -> M:
    """The object with this id owned by `user`, or 404 — also for an id that is not a number."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, QuerySet)
        else model_or_queryset._default_manager.all()
    )
    try:
        return queryset.get(pk=pk, user=user, **lookups)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404(f"No {queryset.model._meta.verbose_name} here") from None
