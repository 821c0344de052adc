"""Business-day arithmetic for the 3B7 follow-ups: weekends and settings.HOLIDAYS are skipped."""

from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings


def holidays() -> frozenset[date]:
    # Parsed and checked at start-up (settings.py), so a bad date never fails here.
    return frozenset(settings.HOLIDAYS)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays()


def add_business_days(start: date, days: int) -> date:
    """The date `days` business days after `start` (start itself never counts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    return _add(start, days, holidays())


@lru_cache(maxsize=4096)
def _add(start: date, days: int, off: frozenset[date]) -> date:
    # Cached: Today asks this for every waiting request, and their dates repeat.
    current = start
    left = days
    while left:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in off:
            left -= 1
    return current


def business_days_between(start: date, end: date) -> int:
    """How many business days after `start`, up to and including `end`; 0 when end <= start."""
    if end <= start:
        return 0
    # Whole weeks first, so a long gap costs a few steps rather than one per day.
    total_days = (end - start).days
    weeks, rest = divmod(total_days, 7)
    count = weeks * 5
    current = start + timedelta(days=weeks * 7)
    for _ in range(rest):
        current += timedelta(days=1)
        if current.weekday() < 5:
            count += 1
    off = holidays()
    if off:
        count -= sum(1 for day in off if start < day <= end and day.weekday() < 5)
    return count
