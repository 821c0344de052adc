"""Contacts out as a spreadsheet-safe CSV or as vCard 3.0 / 4.0; meetings as .ics when the
meetings app provides `coffeechat.meetings.calendar.build_calendar(user)`."""

from __future__ import annotations

import csv
import io

from coffeechat.contacts.models import Contact
from coffeechat.meetings.calendar import build_calendar
from coffeechat.transfer.parsers import own_csv

CSV_COLUMNS = own_csv.COLUMNS


def safe_cell(value: str) -> str:
    return own_csv.defuse("" if value is None else str(value))


def _contacts(user):
    return (
        Contact.objects.owned_by(user)
        .select_related("organisation")
        .prefetch_related("tags")
        .order_by("name_key", "id")
    )


def export_csv(user) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in _contacts(user):
        row = [
            c.display_name,
            c.given_name,
            c.family_name,
            own_csv.join_list(c.emails or []),
            own_csv.join_list(c.phones or []),
            c.organisation.name if c.organisation else "",
            c.role,
            c.linkedin_url,
            c.location,
            c.relationship,
            own_csv.join_list([t.name for t in c.tags.all()]),
            c.source,
        ]
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def _escape(value: str, structured: bool = True) -> str:
    """Escape a text value. A semicolon separates fields only in structured properties (N, ADR,
    ORG): vCard 4 escapes it there alone (RFC 6350 §3.4), and Thunderbird (ical.js) shows a
    backslash before a semicolon in FN, TITLE or NOTE. vCard 3 escapes it everywhere."""
    value = value.replace("\\", "\\\\")
    if structured:
        value = value.replace(";", "\\;")
    return (
        value.replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character (RFC 6350 §3.2)."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


def contact_vcard(c: Contact, version: str = "3.0", *, uid: str = "") -> str:
    """One contact as a vCard; `uid` is written as its UID (a CardDAV address book needs one
    per card, and the sync app keeps it stable across pushes)."""

    def text(value: str) -> str:
        return _escape(value, structured=version == "3.0")

    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if uid:
        lines.append(f"UID:{text(uid)}")
    lines.append(f"FN:{text(c.display_name)}")
    lines.append(f"N:{_escape(c.family_name)};{_escape(c.given_name)};;;")
    for email in c.emails or []:
        lines.append(("EMAIL;TYPE=INTERNET:" if version == "3.0" else "EMAIL:") + text(email))
    for phone in c.phones or []:
        lines.append(f"TEL:{text(phone)}")
    if c.organisation:
        lines.append(f"ORG:{_escape(c.organisation.name)}")
    if c.role:
        lines.append(f"TITLE:{text(c.role)}")
    if c.linkedin_url:
        lines.append(f"URL:{text(c.linkedin_url)}")
    if c.location:
        lines.append(f"ADR:;;;{_escape(c.location)};;;")
    tags = [t.name for t in c.tags.all()]
    if tags:
        lines.append("CATEGORIES:" + ",".join(text(t) for t in tags))
    if c.research_notes:
        lines.append(f"NOTE:{text(c.research_notes)}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def export_vcard(user, version: str = "3.0") -> str:
    if version not in ("3.0", "4.0"):
        raise ValueError("vCard version must be 3.0 or 4.0")
    return "".join(contact_vcard(c, version) for c in _contacts(user))


def export_ics(user) -> str:
    result = build_calendar(user)
    if isinstance(result, bytes):
        return result.decode("utf-8")
    if hasattr(result, "to_ical"):
        return result.to_ical().decode("utf-8")
    return str(result)
