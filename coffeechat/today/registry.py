"""The Today page is a list of items gathered from providers that each app registers.

A provider is a function `(user, now) -> Iterable[TodayItem]` decorated with `@provider`, in a
module called `today_items.py` inside any app; the Today app imports those modules at start-up.
Adding a new kind of item is one small function in the app that owns the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.utils import timezone


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    method: str = "get"  # "post" renders a small form with the CSRF token


@dataclass(frozen=True)
class TodayItem:
    kind: str  # a short label shown beside the item, e.g. "Action", "Meeting"
    title: str
    url: str
    when: datetime | date | None = None
    detail: str = ""
    overdue: bool = False
    action: Action | None = None
    # Lower comes first: 0 overdue/urgent, 1 today, 2 soon, 3 when there is time.
    urgency: int = 2
    extra_actions: tuple[Action, ...] = field(default_factory=tuple)

    @property
    def sort_key(self) -> tuple:
        when = self.when
        if isinstance(when, datetime):
            stamp = when.timestamp()
        elif isinstance(when, date):
            stamp = datetime(when.year, when.month, when.day, tzinfo=UTC).timestamp()
        else:
            stamp = float("inf")
        return (0 if self.overdue else self.urgency, stamp, self.title)


Provider = Callable[[object, datetime], Iterable[TodayItem]]
_PROVIDERS: list[Provider] = []


def provider(func: Provider) -> Provider:
    _PROVIDERS.append(func)
    return func


def today_items(user, now: datetime | None = None) -> list[TodayItem]:
    now = now or timezone.now()
    items: list[TodayItem] = []
    for func in _PROVIDERS:
        items.extend(func(user, now))
    return sorted(items, key=lambda item: item.sort_key)
