"""Work out costly per-user results once per change of the user's data, not once per view.

Today and the board's badges read every conversation of a user. They are kept in the cache
(each server process has its own) under a key made of:

- the user's `DataVersion.token`, which changes after any write to the user's data: any saved
  or deleted row of theirs (after its transaction commits), any POST, PUT, PATCH or DELETE they
  make (which covers `QuerySet.update()` in views), and `mark_changed` from bulk work such as
  imports and restores;
- the time zone, and the clock as far as the result follows it (`cached_for_user`'s `clock`):
  the current minute for results that change as time passes (next steps fall due, so such a
  result is never older than a minute), the user's local date for those that change with the
  day (the funnel's months), nothing for those worked out from the data alone (a career path's
  synthesis), which a person coming back to a page after a few minutes still finds kept;
  or, with `cached_until`, until the instant the result says time next changes it (Today, the
  board's badges);
- the name of the result.

The token lives in the database, so a change made through one app server is seen by all.

Within a request (`DataChangeMiddleware`), the changes are collected and the token is written
once when the request ends, rather than once per saved row and again for the request: a note
added from a contact's page saved the note and the contact and wrote the token three times, each
in a transaction of its own. Until then the request itself works out the user's results afresh
rather than reading ones kept under the old token.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import datetime
from typing import Literal, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from coffeechat.core.models import DataVersion

T = TypeVar("T")
# How a kept result follows the clock (see above).
Clock = Literal["minute", "day"] | None
# Long enough for a session's reads, short enough that an idle user's results leave memory; a
# result that does not follow the minute is worth keeping for a longer visit.
KEEP_SECONDS = 120
KEEP_SECONDS_UNCLOCKED = 30 * 60


# Sent by writes that change what a conversation's next step is worked out from without
# sending model signals (QuerySet.update(), bulk_create), with `contacts` (the user's:
# a queryset or ids) or `conversations` (ids), or neither, meaning any of `user_id`'s. Today's
# stored steps listen (today.signals): lower apps cannot import today.
facts_changed = Signal()


def facts_changed_in_bulk(sender, user_id: int | None, contacts=None, conversations=None) -> None:
    facts_changed.send(
        sender=sender, user_id=user_id, contacts=contacts, conversations=conversations
    )


def mark_changed(user_id: int | None) -> None:
    """Give the user a new token, so every server works their results out afresh."""
    if user_id is None:
        return
    DataVersion.objects.bulk_create(
        [DataVersion(user_id=user_id, token=secrets.token_hex(16))],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["token"],
    )


# The users whose data the current request changed (None outside a request).
_changed_in_request: ContextVar[set[int] | None] = ContextVar("changed_in_request", default=None)


@contextlib.contextmanager
def tokens_written_at_end() -> Iterator[set[int]]:
    """Collect the changes made within the block (a request) and give each changed user one new
    token when it ends, however it ends; the caller may add users to the set it yields."""
    changed: set[int] = set()
    scope = _changed_in_request.set(changed)
    try:
        yield changed
    finally:
        _changed_in_request.reset(scope)
        for user_id in sorted(changed):
            mark_changed(user_id)


def _changed(user_id: int) -> None:
    collecting = _changed_in_request.get()
    if collecting is None:
        mark_changed(user_id)
    else:
        collecting.add(user_id)


def mark_changed_on_commit(user_id: int | None) -> None:
    """mark_changed once the current transaction commits (at once outside a transaction), so
    no lock on the user's token is held while a long write runs; within a request, when the
    request ends."""
    if user_id is not None:
        transaction.on_commit(lambda: _changed(user_id))


def row_changed(sender, instance, **kwargs) -> None:
    """post_save and post_delete of any model: a row that belongs to a user changes their data."""
    if sender is not DataVersion:
        mark_changed_on_commit(getattr(instance, "user_id", None))


def token_for(user) -> str:
    token = DataVersion.objects.filter(user_id=user.pk).values_list("token", flat=True).first()
    if token is None:
        # Nothing written for this user yet (their first write makes a token). The time they
        # joined tells them apart from an earlier user with the same id: ids can be reused.
        return f"joined-{user.date_joined.timestamp()}"
    return token


def cached_for_user(user, name: str, compute: Callable[[], T], clock: Clock = "minute") -> T:
    """compute() once per change of the user's data and time zone, and per minute or per local
    day as `clock` says (None: however time passes; see above)."""
    seconds = KEEP_SECONDS if clock == "minute" else KEEP_SECONDS_UNCLOCKED
    return _kept(user, f"{name}:{_clock_key(clock)}", lambda: (compute(), None), seconds)


def cached_until(user, name: str, compute: Callable[[], tuple[T, datetime | None]]) -> T:
    """compute() once per change of the user's data and time zone, and again once the instant
    it returns with its result has come (None: however time passes). For a result that knows
    when time alone next changes it (Today, the board's badges): kept past the minute, yet never
    past that."""
    return _kept(user, f"{name}:until", compute, KEEP_SECONDS_UNCLOCKED)


def _kept(user, name: str, compute: Callable[[], tuple[T, datetime | None]], seconds: int) -> T:
    """The result kept under `name` for the user's token and zone while its instant has not
    come, or compute()'s, kept for `seconds`."""
    collecting = _changed_in_request.get()
    if collecting and user.pk in collecting:
        return compute()[0]  # changed by this request, whose new token is not written yet
    zone = timezone.get_current_timezone_name()
    key = f"fresh:{name}:{user.pk}:{token_for(user)}:{zone}"
    kept = cache.get(key)
    if kept is not None and (kept[1] is None or timezone.now() < kept[1]):
        return kept[0]
    result, until = compute()
    cache.set(key, (result, until), seconds)
    return result


def _clock_key(clock: Clock) -> str:
    if clock == "minute":
        return timezone.now().strftime("%Y%m%d%H%M")
    if clock == "day":
        return timezone.localdate().isoformat()  # in the zone that is also part of the key
    return "any-time"
