"""Coffeechat's own contacts CSV (the export), read back without asking for columns.

The export defuses spreadsheet formulas with a leading apostrophe (added to any cell that starts
with one as well, so removing one apostrophe is exact) and joins a list (e-mails, phones, tags)
with "; ", escaping a backslash or semicolon inside an item with a backslash.
"""

from __future__ import annotations

from collections.abc import Iterator

from coffeechat.transfer.parsers.csvrows import Header, is_blank, rows
from coffeechat.transfer.records import (
    ContactRecord,
    ImportRefused,
    RowError,
    clean,
    named_or_skipped,
    unique,
)

FORMAT = "coffeechat"
COLUMNS = [
    "display_name",
    "given_name",
    "family_name",
    "emails",
    "phones",
    "organisation",
    "role",
    "linkedin_url",
    "location",
    "relationship",
    "tags",
    "source",
]
LISTS = ("emails", "phones", "tags")
TEXT = ("display_name", "given_name", "family_name", "organisation", "role")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def looks_like_header(cells: list[str]) -> bool:
    return [c.strip().lstrip("\ufeff") for c in cells] == COLUMNS


def defuse(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ (or tab/CR) as formulas; defuse them."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def restore_cell(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def join_list(items: list[str]) -> str:
    return "; ".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def split_list(value: str) -> list[str]:
    items, current, escaped = [], [], False
    for ch in value:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [i.strip() for i in items if i.strip()]


def parse(text: str) -> Iterator[ContactRecord | RowError]:
    header: Header | None = None
    for line, row in rows(text, ","):
        if header is None:
            if is_blank(row):
                continue
            if not looks_like_header(row):
                raise ImportRefused("This is not a contacts CSV exported by Coffeechat.")
            header = Header(row)
            continue
        if is_blank(row):
            continue

        def cell(name: str, _row: list[str] = row, _header: Header = header) -> str:
            return restore_cell(_header.raw(_row, name))

        record = ContactRecord(line=line)
        for name in TEXT:
            setattr(record, name, clean(cell(name)))
        record.linkedin_url = cell("linkedin_url").strip()
        record.location = clean(cell("location"))
        for name in LISTS:
            setattr(record, name, unique(split_list(cell(name))))
        yield named_or_skipped(record, line)
    if header is None:
        raise ImportRefused("This CSV file has no header row.")
