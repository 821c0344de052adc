"""Dates as mail programs write them in a quoted reply's header line, in a few languages.

"Mon, 3 Mar 2025 14:02:00 +0100" (an RFC 5322 Date header) is read by the `email` package. The
lines mail programs write above a quoted message are free text instead: "Mon, Mar 3, 2025 at
2:02 PM" (Gmail), "3 Mar 2025, at 14:02" (Apple Mail), "Monday, March 3, 2025 2:02 PM"
(Outlook), "lun. 3 mars 2025 à 14:02", "Mo., 3. März 2025 um 14:02 Uhr". Those are read here:
month names in English, French, German, Spanish, Dutch, Italian and Portuguese, a time with an
optional AM/PM and an optional UTC offset. A time with no offset is in `zone` (the user's).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

from coffeechat.contacts.normalise import fold

_MONTHS: dict[int, tuple[str, ...]] = {
    1: (
        "january",
        "jan",
        "janvier",
        "janv",
        "januar",
        "enero",
        "ene",
        "januari",
        "gennaio",
        "gen",
        "janeiro",
    ),
    2: (
        "february",
        "feb",
        "fevrier",
        "fevr",
        "fev",
        "februar",
        "febrero",
        "februari",
        "febbraio",
        "fevereiro",
    ),
    3: ("march", "mar", "mars", "marz", "mrz", "marzo", "maart", "mrt", "marco"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "mei", "maggio", "mag", "maio"),
    6: ("june", "jun", "juin", "juni", "junio", "giugno", "giu", "junho"),
    7: ("july", "jul", "juillet", "juil", "juli", "julio", "luglio", "lug", "julho"),
    8: ("august", "aug", "aout", "agosto", "ago", "augustus"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "setembro"),
    10: (
        "october",
        "oct",
        "octobre",
        "oktober",
        "okt",
        "octubre",
        "ottobre",
        "ott",
        "outubro",
        "out",
    ),
    11: ("november", "nov", "novembre", "noviembre", "novembro"),
    12: (
        "december",
        "dec",
        "decembre",
        "dezember",
        "dez",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
    ),
}
MONTH_BY_NAME = {name: number for number, names in _MONTHS.items() for name in names}

# 14:02, 2:02 PM, 14h02 (French), 14:02:59; "p. m." as Spanish Gmail writes it.
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2})\s*(?::|h)\s*(\d{2})(?::(\d{2}))?(?!\d)\s*(a\.?\s?m\.?|p\.?\s?m\.?)?"
)
_OFFSET = re.compile(r"(?:gmt|utc)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?|([+-])(\d{2}):?(\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?!\d)")
# "Mon, 3 Mar 2025 14:02:00 +0100": the `email` package reads this form, and would misread the
# free-text ones ("Monday, March 3, 2025 2:02 PM" as 02:02), so it is given this form only.
_RFC5322 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_WORD = re.compile(r"[a-z]+")
_NUMBER = re.compile(r"(?<!\d)\d{1,4}(?!\d)")


def parse_mail_date(text: str, zone: tzinfo, *, now: datetime | None = None) -> datetime | None:
    """The moment `text` names, or None when it names no date a person would recognise."""
    text = (text or "").strip()
    if not text:
        return None
    found = None
    if _RFC5322.match(text):
        try:
            found = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            found = None
    if found is not None:
        return found if found.tzinfo else found.replace(tzinfo=zone)
    return _free_text_date(text, zone, now or datetime.now(zone))


def _free_text_date(text: str, zone: tzinfo, now: datetime) -> datetime | None:
    # "(2 days ago)" after Gmail's date would read as August in Spanish.
    plain = re.sub(r"\([^)]*\)", " ", fold(text))
    hour = minute = second = 0
    time_match = _TIME.search(plain)
    if time_match:
        hour, minute = int(time_match.group(1)), int(time_match.group(2))
        second = int(time_match.group(3) or 0)
        meridiem = (time_match.group(4) or "").replace(".", "").replace(" ", "")
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
        plain = plain[: time_match.start()] + " " + plain[time_match.end() :]
    tz = _offset(plain) or zone
    plain = _OFFSET.sub(" ", plain)
    day_month_year = _date_parts(plain, prefer_month_first=bool(time_match and time_match.group(4)))
    if day_month_year is None:
        return None
    day, month, year = day_month_year
    guessed_year = year is None
    if guessed_year:
        year = now.year
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None
    if guessed_year and moment > now + timedelta(days=1):
        # Gmail leaves out the year of this year's dates: a "future" one was last year's.
        moment = moment.replace(year=year - 1)
    return moment


def _offset(plain: str) -> tzinfo | None:
    match = _OFFSET.search(plain)
    if not match:
        return None
    sign, hours, minutes = match.group(1), match.group(2), match.group(3)
    if match.group(4):
        sign, hours, minutes = match.group(4), match.group(5), match.group(6)
    if not sign:
        return UTC
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta >= timedelta(hours=15):
        return None
    return timezone(delta if sign == "+" else -delta)


def _date_parts(plain: str, *, prefer_month_first: bool) -> tuple[int, int, int | None] | None:
    iso = _ISO_DATE.search(plain)
    if iso:
        return int(iso.group(3)), int(iso.group(2)), int(iso.group(1))
    numeric = _NUMERIC_DATE.search(plain)
    if numeric:
        first, second, year = (int(g) for g in numeric.groups())
        year = year + 2000 if year < 100 else year
        # 03/04/2025 is ambiguous: the 12-hour clock goes with the American order.
        month_first = second > 12 or (first <= 12 and prefer_month_first and "/" in plain)
        day, month = (second, first) if month_first else (first, second)
        return day, month, year
    month = next((MONTH_BY_NAME[w] for w in _WORD.findall(plain) if w in MONTH_BY_NAME), None)
    if month is None:
        return None
    numbers = [int(n) for n in _NUMBER.findall(plain)]
    years = [n for n in numbers if n >= 1900]
    days = [n for n in numbers if 1 <= n <= 31]
    if not days:
        return None
    return days[0], month, years[0] if years else None
