"""LinkedIn `Connections.csv`, old and current exports, untouched or re-saved by a spreadsheet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache

from coffeechat.transfer.parsers.csvrows import Header, is_blank, rows, sniff_delimiter
from coffeechat.transfer.records import ContactRecord, ImportRefused, RowError

FORMAT = "linkedin"
REQUIRED = ("First Name", "Last Name")
# A header is LinkedIn's if it has the name columns and at least one of these.
MARKERS = ("Connected On", "Position", "Company")
# Untouched exports use "07 Dec 2025"; spreadsheets re-save as "9-Feb-99", ISO or US dates.
DATE_FORMATS = (
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%Y-%m-%d",
    "%b %d, %Y",
    "%B %d, %Y",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%d.%m.%Y",
)


def looks_like_header(cells: list[str]) -> bool:
    header = Header(cells)
    return header.has(*REQUIRED) and any(header.has(m) for m in MARKERS)


@lru_cache(maxsize=8192)
def parse_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    value = re.sub(r"\s+", " ", value)
    # ISO timestamps such as "2025-12-07 00:00:00" from a spreadsheet.
    value = re.sub(r"^(\d{4}-\d{2}-\d{2})[ T].*$", r"\1", value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def parse(text: str) -> Iterator[ContactRecord | RowError]:
    delimiter = sniff_delimiter(text)
    header: Header | None = None
    for line, row in rows(text, delimiter):
        if header is None:
            if looks_like_header(row):
                header = Header(row)
            elif line > 20:
                break
            continue
        if is_blank(row):
            continue
        record = ContactRecord(
            line=line,
            given_name=header.get(row, "First Name"),
            family_name=header.get(row, "Last Name"),
            linkedin_url=header.get(row, "URL") or header.get(row, "Profile URL"),
            organisation=header.get(row, "Company"),
            role=header.get(row, "Position"),
        )
        email = header.get(row, "Email Address") or header.get(row, "E-mail Address")
        if email:
            record.emails = [email]
        if not record.name():
            yield RowError(line, "First Name", "no name in this row; it was skipped")
            continue
        raw_date = header.get(row, "Connected On")
        if raw_date:
            try:
                record.connected_on = parse_date(raw_date)
            except ValueError:
                yield RowError(
                    line,
                    "Connected On",
                    f"the date {raw_date!r} was not understood; the contact is imported without it",
                )
        yield record
    if header is None:
        raise ImportRefused(
            "No LinkedIn header was found (expected columns such as First Name, Last Name, "
            "Company, Position, Connected On)."
        )
