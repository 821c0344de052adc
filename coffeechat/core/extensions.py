"""How an app adds to a page it does not own, without the page's app importing it.

Layers point one way (see docs/architecture.md): the contact page cannot import the apps built on
contacts, and the conversation page cannot import the stages that come after it. Instead, those
apps register here, in a lower layer, and the page asks this module for what was registered.

- **Today items.** A provider is a function `(user, now) -> Iterable[TodayItem]` decorated with
  `@provider`, in a module called `today_items.py` inside any app; the Today app imports those
  modules at start-up. A provider with many items may also give the first few alone
  (`@provider(first=...)`), so that Today's short list does not build items it will not show.
- **Panels.** A panel is a card on another app's page: a function `(request, obj) -> dict`
  decorated with `@panel(page, template=..., order=...)`, in a module called `panels.py` inside
  any app; the core app imports those modules at start-up. The page's view calls
  `render_panels(page, request, obj)` and the template prints each column's HTML.
- **Card badges.** `@card_badges(page)`: a function `(objects) -> {pk: html}` that labels many
  cards at once in a fixed number of queries (the board's "Ready" badge);
  `@card_badges(page, changes_at=...)` also says when time next changes its badges. The
  board's objects are plain rows with `pk` and `stage` (pipeline.cards.Card), not model
  instances.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Generic, TypeVar

from django.http import HttpRequest
from django.template.context_processors import csrf
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString


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
            # A day starts at local midnight: in the user's day, not UTC's, among timed items
            # (and as next steps due on a day are stored, so their database order is this one).
            zone = timezone.get_current_timezone()
            stamp = datetime.combine(when, time.min, tzinfo=zone).timestamp()
        else:
            stamp = float("inf")
        return (0 if self.overdue else self.urgency, stamp, self.title)


# `(subject, now)`: the first instant after `now` at which time alone, the data unchanged, could
# change what a registered function gives for `subject` (a user, cards, ids; None: never).
ChangesAt = Callable[[object, datetime], datetime | None]
F = TypeVar("F", bound=Callable)


class Timed(Generic[F]):
    """Functions registered in order, each of which may say when time alone next changes what
    it gives (`changes_at`); one that does not say is taken to change every minute. Today's
    providers, the board's badges and readiness's later items are kept until the soonest."""

    def __init__(self) -> None:
        self.functions: list[F] = []
        self._changes_at: dict[F, ChangesAt] = {}

    def __iter__(self) -> Iterator[F]:
        return iter(self.functions)

    def __len__(self) -> int:
        return len(self.functions)

    def register(self, func: F | None = None, *, changes_at: ChangesAt | None = None):
        """`@registry.register` or `@registry.register(changes_at=...)`."""

        def add(func: F) -> F:
            self.functions.append(func)
            if changes_at is not None:
                self._changes_at[func] = changes_at
            return func

        return add if func is None else add(func)

    def names_changes(self, func: F) -> bool:
        return func in self._changes_at

    def change_at(self, func: F, subject, now: datetime) -> datetime | None:
        """When time alone next changes what `func` gives for `subject`."""
        return self._changes_at.get(func, next_minute)(subject, now)

    def soonest_change(self, subject, now: datetime) -> datetime | None:
        """The soonest instant any of the functions names for `subject` (None: never)."""
        named = (self.change_at(func, subject, now) for func in self.functions)
        return min((when for when in named if when is not None), default=None)


Provider = Callable[[object, datetime], Iterable[TodayItem]]
# `(user, now, limit)`: a provider's first `limit` items in `sort_key` order, and how many items
# it gives in all.
First = Callable[[object, datetime, int], tuple[list[TodayItem], int]]
PROVIDERS: Timed[Provider] = Timed()
_FIRST: dict[Provider, First] = {}


def provider(
    func: Provider | None = None,
    *,
    changes_at: ChangesAt | None = None,
    first: First | None = None,
):
    """Register a Today provider: `@provider`, or `@provider(changes_at=...)` for one that says
    when time next changes its items (Today keeps its list until then, `changes_at(user,
    now)`). A provider that does not say is taken to change every minute. `first=` gives its
    first items alone, without building the rest (today_first_items)."""

    def add(func: Provider) -> Provider:
        if first is not None:
            _FIRST[func] = first
        return PROVIDERS.register(func, changes_at=changes_at)

    return add if func is None else add(func)


def today_items(user, now: datetime | None = None) -> list[TodayItem]:
    now = now or timezone.now()
    items: list[TodayItem] = []
    for func in PROVIDERS:
        items.extend(func(user, now))
    return sorted(items, key=lambda item: item.sort_key)


def today_first_items(user, now: datetime, limit: int) -> tuple[list[TodayItem], int]:
    """`today_items(user, now)[:limit]` and how many items there are in all, without building
    items that cannot be among the first: a provider registered with `first=` gives its own
    first `limit` (any item among the first `limit` of all is among its provider's first
    `limit`) and its count."""
    items: list[TodayItem] = []
    total = 0
    for func in PROVIDERS:
        first = _FIRST.get(func)
        if first is None:
            given = list(func(user, now))
            items.extend(given)
            total += len(given)
        else:
            given, count = first(user, now, limit)
            items.extend(given)
            total += count
    return sorted(items, key=lambda item: item.sort_key)[:limit], total


def today_changes_at(user, now: datetime) -> datetime | None:
    """The first instant after `now` at which time alone could change `today_items`."""
    return PROVIDERS.soonest_change(user, now)


def never(subject, now: datetime) -> None:
    """`changes_at` of a function that time does not change."""
    return None


def next_minute(subject, now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)


def next_local_midnight(subject, now: datetime) -> datetime:
    """`changes_at` of a provider that follows the local date (in the current time zone)."""
    zone = timezone.get_current_timezone()
    tomorrow = timezone.localdate(now, zone) + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=zone)


def soonest_after(now: datetime, *moments: datetime | None) -> datetime | None:
    """The earliest of `moments` that is after `now` (None if none is)."""
    return min((m for m in moments if m is not None and m > now), default=None)


# --- Panels on other apps' pages ----------------------------------------------------------------

PanelContext = Callable[[HttpRequest, object], dict | None]


@dataclass(frozen=True)
class Panel:
    template: str
    context: PanelContext
    order: int
    column: str  # where the page prints it: "main", "side", "actions" (the page head's buttons)


_PANELS: dict[str, list[Panel]] = defaultdict(list)


def panel(
    page: str, *, template: str, order: int, column: str = "main"
) -> Callable[[PanelContext], PanelContext]:
    """Register `func(request, obj) -> context` as a card on `page` ("contact", "conversation"…)."""

    def register(func: PanelContext) -> PanelContext:
        _PANELS[page].append(Panel(template, func, order, column))
        _PANELS[page].sort(key=lambda entry: entry.order)
        return func

    return register


def render_panels(page: str, request: HttpRequest, obj: object) -> dict[str, list[SafeString]]:
    """Every panel registered for `page`, rendered for `obj`, by column in their order; a panel
    whose context function returns None has nothing to say about this object and is left out."""
    columns: dict[str, list[SafeString]] = defaultdict(list)
    # One CSRF token for every panel of the page, masked once when the first form prints it:
    # each render_to_string would otherwise make and mask its own.
    shared = csrf(request)
    for entry in _PANELS[page]:
        context = entry.context(request, obj)
        if context is None:
            continue
        html = render_to_string(entry.template, {**shared, **context}, request=request)
        columns[entry.column].append(SafeString(html))
    return columns


CardBadges = Callable[[list], dict[int, str]]
BADGES: dict[str, Timed[CardBadges]] = defaultdict(Timed)


def card_badges(page: str, *, changes_at: ChangesAt | None = None):
    """Register a badge function for `page`'s cards; with `changes_at(objects, now)`, one that
    says when time next changes its badges (the board keeps them until then). One that does not
    say is taken to change every minute."""
    return BADGES[page].register(changes_at=changes_at)


def badges_for(page: str, objects: list) -> dict[int, SafeString]:
    """The badges every registered function gives each object, joined, keyed by primary key."""
    joined: dict[int, list[str]] = defaultdict(list)
    for func in BADGES[page]:
        for pk, html in func(objects).items():
            if html:
                joined[pk].append(html)
    return {pk: SafeString(" ".join(parts)) for pk, parts in joined.items()}


def badges_change_at(page: str, objects: list, now: datetime) -> datetime | None:
    """The first instant after `now` at which time alone could change `badges_for(page,
    objects)`."""
    return BADGES[page].soonest_change(objects, now)
