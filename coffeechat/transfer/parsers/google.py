"""Google Contacts CSV: the current export (Labels, "E-mail 1 - Label") and the older one
("Group Membership", "E-mail 1 - Type"), with any number of repeated column groups.

Labels become tags with Google's leading star removed. Google's built-in "myContacts" group
("* My Contacts" in old exports) holds every contact, so it carries no meaning and is dropped;
"starred" is kept as a tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coffeechat.transfer.parsers.csvrows import Header, is_blank, rows, sniff_delimiter
from coffeechat.transfer.records import ContactRecord, ImportRefused, RowError, unique

FORMAT = "google"
SEPARATOR = " ::: "
SYSTEM_GROUPS = {"mycontacts", "my contacts"}
_GROUP = re.compile(r"^(E-mail|Phone|Website|Address|Organization)\s+(\d+)\s+-\s+(.+)$", re.I)


def looks_like_header(cells: list[str]) -> bool:
    header = Header(cells)
    groups = [m for m in (_GROUP.match(c.strip()) for c in header.cells) if m]
    named = header.has("Given Name") or header.has("First Name") or header.has("Name")
    # "E-mail 1 - Value" is Google's own way of naming a group's columns, so a file saved
    # without the Labels column (a spreadsheet, a trimmed export) is still Google's.
    valued = any(m.group(3).strip().casefold() == "value" for m in groups)
    google = (
        header.has("Labels") or header.has("Group Membership") or header.has("Given Name") or valued
    )
    return bool(groups) and named and google


def split_values(value: str) -> list[str]:
    return [v.strip() for v in value.split(":::") if v.strip()]


def label_to_tag(label: str) -> str:
    tag = label.strip().lstrip("*").strip()
    if tag.casefold() in SYSTEM_GROUPS:
        return ""
    return tag


def _groups(header: Header) -> dict[str, list[tuple[int, dict[str, int]]]]:
    """{"e-mail": [(1, {"value": col, "type": col}), ...], ...} in column-number order."""
    found: dict[str, dict[int, dict[str, int]]] = {}
    for i, name in enumerate(header.cells):
        match = _GROUP.match(name)
        if not match:
            continue
        kind, number, part = match.group(1).casefold(), int(match.group(2)), match.group(3)
        found.setdefault(kind, {}).setdefault(number, {})[part.strip().casefold()] = i
    return {k: sorted(v.items()) for k, v in found.items()}


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _values(groups: dict, row: list[str], kind: str, part: str) -> list[str]:
    out: list[str] = []
    for _number, cols in groups.get(kind, []):
        out.extend(split_values(_cell(row, cols.get(part))))
    return out


def parse(text: str) -> Iterator[ContactRecord | RowError]:
    delimiter = sniff_delimiter(text)
    header: Header | None = None
    groups: dict[str, list[tuple[int, dict[str, int]]]] = {}
    for line, row in rows(text, delimiter):
        if header is None:
            if looks_like_header(row):
                header = Header(row)
                groups = _groups(header)
                continue
            raise ImportRefused("This does not look like a Google Contacts CSV export.")
        if is_blank(row):
            continue
        given = header.get(row, "First Name") or header.get(row, "Given Name")
        middle = header.get(row, "Middle Name") or header.get(row, "Additional Name")
        family = header.get(row, "Last Name") or header.get(row, "Family Name")
        display = header.get(row, "Name") or " ".join(p for p in (given, middle, family) if p)
        record = ContactRecord(line=line, given_name=given, family_name=family)
        record.display_name = display or header.get(row, "Nickname") or header.get(row, "File As")

        def values(kind: str, part: str = "value", _row: list[str] = row, _g: dict = groups):
            return _values(_g, _row, kind, part)

        record.emails = unique(values("e-mail"))
        record.phones = unique(values("phone"))
        for url in values("website"):
            if "linkedin.com" in url.casefold() and not record.linkedin_url:
                record.linkedin_url = url
        org = header.get(row, "Organization Name")
        title = header.get(row, "Organization Title")
        org_groups = groups.get("organization", [])
        if org_groups and not org:
            org = " ".join(_cell(row, org_groups[0][1].get("name")).split())
            title = title or " ".join(_cell(row, org_groups[0][1].get("title")).split())
        record.organisation = split_values(org)[0] if split_values(org) else ""
        record.role = split_values(title)[0] if split_values(title) else ""
        city = [v for v in values("address", "city")][:1]
        country = [v for v in values("address", "country")][:1]
        record.location = ", ".join(city + country) or header.get(row, "Location")
        labels = header.raw(row, "Labels") or header.raw(row, "Group Membership")
        record.tags = unique([label_to_tag(v) for v in split_values(labels)])
        record.notes = header.raw(row, "Notes")
        if not record.name():
            if record.emails:
                record.display_name = record.emails[0]
            elif record.organisation:
                record.display_name = record.organisation
            else:
                yield RowError(line, "Name", "no name, e-mail or organisation; the row was skipped")
                continue
        yield record
    if header is None:
        raise ImportRefused("This Google Contacts file has no header row.")
