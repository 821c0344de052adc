"""Neutral shapes every parser produces, whatever the file format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Memory grows with the rows a file holds, not with its bytes: a 20 MB file of two-byte rows is
# ten million rows. No contact list comes near this (LinkedIn stops at 30,000 connections,
# Google Contacts at 25,000), so a longer file is refused once this many rows are read.
MAX_ROWS = 100_000


def too_many_rows() -> str:
    return (
        f"This file has more than {MAX_ROWS:,} rows; coffeechat imports at most {MAX_ROWS:,} "
        "contacts at a time. Split the file and import each part."
    )


@dataclass
class ContactRecord:
    """One person read from a file, before it is matched against the user's contacts."""

    line: int
    given_name: str = ""
    family_name: str = ""
    display_name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    organisation: str = ""
    role: str = ""
    linkedin_url: str = ""
    location: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    connected_on: date | None = None

    def name(self) -> str:
        if self.display_name:
            return self.display_name
        return " ".join(p for p in (self.given_name, self.family_name) if p)


@dataclass
class RowError:
    """A row (or card) that could not be read fully; `line` is 1-based in the file."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        column = f" ({self.field})" if self.field else ""
        return f"{where}{column}: {self.message}"


class ImportRefused(Exception):
    """The whole file is unusable (too large, empty, unknown format); the message says why."""


def clean(value: object) -> str:
    """Trim a cell and collapse inner whitespace runs that spreadsheets leave behind."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        value = value.strip()
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def named_or_skipped(record: ContactRecord, line: int) -> ContactRecord | RowError:
    """A CSV row's record once it has a name (its first e-mail address stands in for a missing
    one), or the error that skips it."""
    if not record.name():
        if not record.emails:
            return RowError(line, "", "no name or e-mail in this row; it was skipped")
        record.display_name = record.emails[0]
    return record
