"""A host's availability: weekly windows and blackouts typed as lines, caps, and open slots.

Windows are in the host's time zone; slots are instants (UTC), shown in whatever zone the
person asking chooses. A slot is open when it lies in a window, not on a blackout date, not over
one of the host's meetings, and in a week and month still under the host's caps.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from coffeechat.meetings.models import Meeting, MeetingStatus

DAYS_AHEAD = 21  # slots offered up to three weeks ahead
NOTICE = timedelta(hours=12)  # never a slot sooner than this
MAX_LINES = 50

_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WINDOW = re.compile(
    r"^(?P<day>[a-z]+)\s+(?P<h1>\d{1,2})[:.h](?P<m1>\d{2})\s*(?:-|–|—|to)\s*"
    r"(?P<h2>\d{1,2})[:.h](?P<m2>\d{2})$",
    re.IGNORECASE,
)
_DATE = r"\d{4}-\d{2}-\d{2}"
_BLACKOUT = re.compile(rf"^(?P<first>{_DATE})(?:\s*(?:-|–|—|to)\s*(?P<last>{_DATE}))?$")


@dataclass(frozen=True)
class Window:
    weekday: int  # Monday 0
    start: time
    end: time

    def __str__(self) -> str:
        return f"{_DAYS[self.weekday].capitalize()} {self.start:%H:%M}-{self.end:%H:%M}"


def zone_or_utc(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _lines(text: str) -> list[tuple[int, str]]:
    found = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if len(found) > MAX_LINES:
        raise ValueError(f"At most {MAX_LINES} lines, please.")
    return found


def _day(word: str) -> int | None:
    word = word.lower()
    matches = [i for i, name in enumerate(_DAYS) if len(word) >= 2 and name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def _time(hours: str, minutes: str) -> time | None:
    h, m = int(hours), int(minutes)
    if h == 24 and m == 0:
        return time(23, 59)
    return time(h, m) if h < 24 and m < 60 else None


def parse_windows(text: str) -> list[Window]:
    """Windows from lines like "Tuesday 14:00-16:00"; ValueError names the first bad line."""
    windows = []
    for number, line in _lines(text):
        match = _WINDOW.match(line)
        if not match:
            raise ValueError(
                f"Line {number} (“{line}”): write a day and two times, like “Tuesday 14:00-16:00”."
            )
        day = _day(match["day"])
        if day is None:
            raise ValueError(
                f"Line {number} (“{line}”): “{match['day']}” is not a day of the week."
            )
        start, end = _time(match["h1"], match["m1"]), _time(match["h2"], match["m2"])
        if start is None or end is None:
            raise ValueError(f"Line {number} (“{line}”): times run from 00:00 to 24:00.")
        if end <= start:
            raise ValueError(f"Line {number} (“{line}”): the window must end after it starts.")
        windows.append(Window(day, start, end))
    return windows


def parse_blackouts(text: str) -> list[tuple[date, date]]:
    """Date ranges from lines like "2026-12-24" or "2026-12-24 to 2027-01-02"."""
    ranges = []
    for number, line in _lines(text):
        match = _BLACKOUT.match(line)
        try:
            if not match:
                raise ValueError
            first = date.fromisoformat(match["first"])
            last = date.fromisoformat(match["last"]) if match["last"] else first
        except ValueError:
            raise ValueError(
                f"Line {number} (“{line}”): write a date as 2026-12-24, or a range as "
                "“2026-12-24 to 2027-01-02”."
            ) from None
        if last < first:
            raise ValueError(f"Line {number} (“{line}”): the range must end after it starts.")
        ranges.append((first, last))
    return ranges


def _valid(parse, text: str):
    try:
        return parse(text)
    except ValueError:
        return []  # stored text was checked when saved; never break the public page


def _local(day: date, at: time, zone) -> datetime | None:
    """The instant of a local time, or None for a time the clock skips (daylight saving)."""
    local = datetime.combine(day, at, tzinfo=zone)
    back = local.astimezone(UTC).astimezone(zone)
    return local if back.replace(tzinfo=None) == local.replace(tzinfo=None) else None


def candidate_slots(page, now: datetime, days: int = DAYS_AHEAD) -> list[datetime]:
    """Every start in the windows over the coming days, before meetings, caps and blackouts."""
    zone = zone_or_utc(page.time_zone)
    step = timedelta(minutes=max(page.minutes, 5))
    today = now.astimezone(zone).date()
    windows = _valid(parse_windows, page.weekly_windows)
    slots = []
    for offset in range(days + 1):
        day = today + timedelta(days=offset)
        for window in windows:
            if window.weekday != day.weekday():
                continue
            start = _local(day, window.start, zone)
            end = _local(day, window.end, zone)
            if start is None or end is None:
                continue
            while start + step <= end:
                slots.append(start.astimezone(UTC))
                start = (start.astimezone(UTC) + step).astimezone(zone)
    return sorted(set(slots))


def _week(when: datetime, zone) -> date:
    local = when.astimezone(zone).date()
    return local - timedelta(days=local.weekday())


def _month(when: datetime, zone) -> tuple[int, int]:
    local = when.astimezone(zone)
    return local.year, local.month


def open_slots(page, now: datetime | None = None, days: int = DAYS_AHEAD) -> list[datetime]:
    """The slots someone may ask for now (UTC instants, earliest first); none while paused."""
    if page.paused:
        return []
    now = now or timezone.now()
    zone = zone_or_utc(page.time_zone)
    blackouts = _valid(parse_blackouts, page.blackouts)
    horizon = now + timedelta(days=days + 1)
    meetings = (
        Meeting.objects.owned_by(page.user)
        .filter(status=MeetingStatus.SCHEDULED, starts_at__lt=horizon)
        .filter(starts_at__gte=now - timedelta(days=40))  # this month's, for the caps
        .values_list("starts_at", "minutes", "conversation__kind")
    )
    # Any meeting of the host's is busy time; only conversations they give count to the caps.
    busy = [(start, minutes) for start, minutes, _kind in meetings]
    booked = [start for start, _minutes, kind in meetings if kind == "hosting"]
    per_week: dict[date, int] = {}
    per_month: dict[tuple[int, int], int] = {}
    for start in booked:
        per_week[_week(start, zone)] = per_week.get(_week(start, zone), 0) + 1
        per_month[_month(start, zone)] = per_month.get(_month(start, zone), 0) + 1
    length = timedelta(minutes=page.minutes)
    result = []
    for slot in candidate_slots(page, now, days):
        if slot < now + NOTICE:
            continue
        local_day = slot.astimezone(zone).date()
        if any(first <= local_day <= last for first, last in blackouts):
            continue
        if any(
            slot < start + timedelta(minutes=minutes) and start < slot + length
            for start, minutes in busy
        ):
            continue
        if page.cap_per_week and per_week.get(_week(slot, zone), 0) >= page.cap_per_week:
            continue
        if page.cap_per_month and per_month.get(_month(slot, zone), 0) >= page.cap_per_month:
            continue
        result.append(slot)
    return result


def slot_value(slot: datetime) -> str:
    """A slot as a form value: its UTC instant in ISO 8601."""
    return slot.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def parse_slot(value: str) -> datetime | None:
    try:
        parsed = datetime.strptime(value.strip(), "%Y-%m-%dT%H:%MZ")
    except (ValueError, AttributeError):
        return None
    return parsed.replace(tzinfo=UTC)


@dataclass
class Day:
    day: date
    slots: list[tuple[str, str]]  # (form value, local time as "14:00")


def by_day(slots: Iterable[datetime], zone) -> list[Day]:
    """Slots grouped by the day they fall on in `zone`, for the page's lists."""
    days: dict[date, Day] = {}
    for slot in slots:
        local = slot.astimezone(zone)
        days.setdefault(local.date(), Day(local.date(), [])).slots.append(
            (slot_value(slot), f"{local:%H:%M}")
        )
    return list(days.values())
