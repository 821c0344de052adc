"""Read an uploaded file into neutral records: size check, decoding, format detection, parsing."""

from __future__ import annotations

from dataclasses import dataclass, field

from coffeechat.transfer.parsers import csv_generic, encoding, google, linkedin, own_csv, vcard
from coffeechat.transfer.parsers.csvrows import rows, sniff_delimiter
from coffeechat.transfer.records import (
    MAX_ROWS,
    ContactRecord,
    ImportRefused,
    RowError,
    too_many_rows,
)

FORMATS = ["linkedin", "google", "vcard", "coffeechat", "csv"]
FORMAT_CHOICES = [
    ("auto", "Detect automatically"),
    ("linkedin", "LinkedIn Connections.csv"),
    ("google", "Google Contacts CSV"),
    ("vcard", "vCard (.vcf)"),
    ("coffeechat", "Coffeechat contacts CSV (our own export)"),
    ("csv", "Other CSV (choose the columns)"),
]


# Row errors kept to show; the rest are counted.
MAX_ERRORS = 200


@dataclass
class ParseResult:
    format: str = ""
    encoding: str = ""
    records: list[ContactRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    refused: str = ""
    more_errors: int = 0  # errors past MAX_ERRORS, counted but not kept

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.more_errors

    def add_error(self, error: RowError) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)
        else:
            self.more_errors += 1


def detect_format(text: str) -> str:
    if vcard.looks_like_vcard(text):
        return "vcard"
    delimiter = sniff_delimiter(text)
    for number, (_line, row) in enumerate(rows(text[:65536], delimiter)):
        if own_csv.looks_like_header(row):
            return "coffeechat"
        if linkedin.looks_like_header(row):
            return "linkedin"
        if google.looks_like_header(row):
            return "google"
        if number >= 5:
            break
    return "csv"


def detect_bytes(data: bytes, fmt: str = "auto") -> str:
    """The format of an upload, without parsing its rows (the preview parses them)."""
    if fmt not in ("", "auto"):
        return fmt
    try:
        text, _used = encoding.decode(data)
    except ImportRefused:
        return fmt  # the preview shows why
    return detect_format(text)


def parse_text(text: str, fmt: str = "auto", mapping: dict[str, str] | None = None) -> ParseResult:
    result = ParseResult()
    try:
        result.format = detect_format(text) if fmt in ("", "auto") else fmt
        if result.format == "linkedin":
            items = linkedin.parse(text)
        elif result.format == "google":
            items = google.parse(text)
        elif result.format == "vcard":
            items = vcard.parse(text)
        elif result.format == "coffeechat":
            items = own_csv.parse(text)
        elif result.format == "csv":
            items = csv_generic.parse(text, mapping)
        else:
            raise ImportRefused(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
        rows_read, last_line = 0, None
        for item in items:
            if item.line != last_line:  # a row may give a record and an error about it
                rows_read, last_line = rows_read + 1, item.line
                if rows_read > MAX_ROWS:
                    raise ImportRefused(too_many_rows())
            if isinstance(item, RowError):
                result.add_error(item)
            else:
                result.records.append(item)
    except ImportRefused as refusal:
        result.refused = str(refusal)
        result.records, result.errors, result.more_errors = [], [], 0
    return result


def parse_bytes(
    data: bytes, fmt: str = "auto", mapping: dict[str, str] | None = None
) -> ParseResult:
    charsets = fmt in ("", "auto", "vcard") and vcard.has_charsets(data)
    try:
        if charsets:
            # A vCard may name a CHARSET per property: the rest decides the file's encoding.
            _text, used, problems = encoding.decode_report(vcard.without_charset_values(data))
            text = vcard.decode_with_charsets(data, used)
        else:
            text, used, problems = encoding.decode_report(data)
    except ImportRefused as refusal:
        return ParseResult(format=fmt, refused=str(refusal))
    result = parse_text(text, fmt, mapping)
    result.encoding = used
    result.errors[:0] = problems
    if len(result.errors) > MAX_ERRORS:
        result.more_errors += len(result.errors) - MAX_ERRORS
        del result.errors[MAX_ERRORS:]
    return result
