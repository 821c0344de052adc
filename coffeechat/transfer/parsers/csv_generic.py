"""Any CSV: the user says which column holds what; common header names are guessed."""

from __future__ import annotations

from collections.abc import Iterator

from coffeechat.transfer.parsers.csvrows import Header, is_blank, rows, sniff_delimiter
from coffeechat.transfer.parsers.linkedin import parse_date
from coffeechat.transfer.records import (
    ContactRecord,
    ImportRefused,
    RowError,
    clean,
    named_or_skipped,
    unique,
)

FORMAT = "csv"
# The column chooser shows one select per column; contact exports have under 100 columns.
MAX_COLUMNS = 500
FIELDS = {
    "": "(ignore)",
    "given_name": "Given (first) name",
    "family_name": "Family (last) name",
    "display_name": "Full name",
    "emails": "E-mail",
    "phones": "Phone",
    "organisation": "Organisation",
    "role": "Role / job title",
    "linkedin_url": "LinkedIn URL",
    "location": "Location",
    "tags": "Tags (comma or ::: separated)",
    "notes": "Notes",
    "connected_on": "Date connected",
}
LIST_FIELDS = {"emails", "phones", "tags"}
_SYNONYMS = {
    "given_name": ["first name", "given name", "firstname", "forename", "first"],
    "family_name": ["last name", "family name", "lastname", "surname", "last"],
    "display_name": ["name", "full name", "display name", "displayname"],
    "emails": [
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "primary email",
        "secondary email",
        "e-mail 2 address",
        "e-mail 3 address",
        "email 2",
        "mail",
    ],
    "phones": [
        "phone",
        "mobile",
        "mobile number",
        "work phone",
        "home phone",
        "telephone",
        "mobile phone",
        "business phone",
        "primary phone",
    ],
    "organisation": ["company", "organisation", "organization", "employer", "company name"],
    "role": ["position", "title", "job title", "role"],
    "linkedin_url": ["linkedin", "linkedin url", "profile url", "url"],
    "location": ["location", "city", "work city", "home city"],
    "tags": ["tags", "labels", "categories", "groups"],
    "notes": ["notes", "note", "comments"],
    "connected_on": ["connected on", "date connected"],
}


def headers(text: str) -> list[str]:
    for _line, row in rows(text, sniff_delimiter(text)):
        if not is_blank(row):
            return [c.strip().lstrip("\ufeff") for c in row]
    return []


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """{column: field} for every column whose name we recognise."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        key = column.strip().casefold()
        for field, names in _SYNONYMS.items():
            if key in names and (field in LIST_FIELDS or field not in taken):
                mapping[column] = field
                taken.add(field)
                break
    return mapping


def mapping_is_usable(mapping: dict[str, str]) -> bool:
    fields = set(mapping.values())
    return bool(fields & {"given_name", "family_name", "display_name", "emails"})


def parse(text: str, mapping: dict[str, str] | None = None) -> Iterator[ContactRecord | RowError]:
    delimiter = sniff_delimiter(text)
    header: Header | None = None
    for line, row in rows(text, delimiter):
        if header is None:
            if is_blank(row):
                continue
            header = Header(row)
            if mapping is None:
                mapping = guess_mapping(header.cells)
            if not mapping_is_usable(mapping):
                raise ImportRefused(
                    "Choose which columns hold the name or e-mail before importing this CSV."
                )
            continue
        if is_blank(row):
            continue
        record = ContactRecord(line=line)
        for column, field in mapping.items():
            if not field:
                continue
            raw = header.raw(row, column)
            if not raw:
                continue
            if field in LIST_FIELDS:
                parts = raw.split(":::") if ":::" in raw else raw.replace(";", ",").split(",")
                if field == "phones":
                    parts = raw.split(":::")
                getattr(record, field).extend(clean(p) for p in parts)
            elif field == "connected_on":
                try:
                    record.connected_on = parse_date(raw)
                except ValueError:
                    yield RowError(line, column, f"the date {raw!r} was not understood")
            elif field == "notes":
                record.notes = (record.notes + "\n" + raw).strip()
            elif not getattr(record, field):
                setattr(record, field, clean(raw))
        record.emails = unique(record.emails)
        record.phones = unique(record.phones)
        record.tags = unique(record.tags)
        yield named_or_skipped(record, line)
    if header is None:
        raise ImportRefused("This CSV file has no header row.")
