"""An uploaded file read once: its records kept on the batch for the previews and the commit.

Parsing is the costly part of an import (decoding, detection, every row), so a batch's file is
parsed once, at upload (or, for a generic CSV, when its columns are chosen), and the neutral
records are stored with the batch, compressed, one JSON line each. Every preview reload and the
commit read them back; matching against the user's contacts still runs each time, because the
contacts may have changed meanwhile. The stored records say which format and column mapping they
were read with, so a new mapping (the only thing that changes how rows read) parses the file
again, and nothing else does.

Memory stays bounded by the rows kept (at most records.MAX_ROWS): the lines are compressed as
they are written and decompressed in chunks as they are read.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from datetime import date

from coffeechat.transfer.parsers import ParseResult, parse_bytes
from coffeechat.transfer.records import ContactRecord, RowError

VERSION = 1
_CHUNK = 1 << 16
_LISTS = ("emails", "phones", "tags")
_TEXTS = (
    "given_name",
    "family_name",
    "display_name",
    "organisation",
    "role",
    "linkedin_url",
    "location",
    "notes",
)


def parsed_for(batch) -> ParseResult:
    """The batch's records: those stored, or, for a batch without records stored for its
    format and mapping (uploaded before records were kept), the file parsed now. Nothing is
    written, so a preview (a GET) changes nothing stored."""
    stored = _stored(batch)
    return stored if stored is not None else _parse(batch)


def store_parsed(batch) -> ParseResult:
    """Parse the batch's file, unless its records are stored for its format and mapping
    already, and keep them on it: at upload and when the columns of a CSV are chosen."""
    stored = _stored(batch)
    if stored is not None:
        return stored
    result = _parse(batch)
    batch.parsed = dump(result, batch.format or "auto", batch.mapping or {})
    # An UPDATE, not save(): the rest of the row (status, progress) is not ours to write.
    type(batch).objects.filter(pk=batch.pk).update(parsed=batch.parsed, format=batch.format)
    return result


def _stored(batch) -> ParseResult | None:
    blob = bytes(batch.parsed or b"")
    if not blob:
        return None
    lines = _lines(blob)
    head = json.loads(next(lines))
    if (
        head["v"] != VERSION  # stored by another version of this module: read the file again
        or head["requested"] != (batch.format or "auto")
        or head["mapping"] != (batch.mapping or {})
    ):
        return None  # read no further
    return _result(head, lines)


def _parse(batch) -> ParseResult:
    result = parse_bytes(bytes(batch.data), batch.format or "auto", batch.mapping or None)
    if batch.format in ("", "auto") and result.format:
        batch.format = result.format
    return result


def dump(result: ParseResult, requested: str, mapping: dict[str, str]) -> bytes:
    """The parse result as compressed JSON lines: a head, then errors, then records."""
    packer = zlib.compressobj(6)
    parts: list[bytes] = []

    def line(value: object) -> None:
        parts.append(packer.compress(json.dumps(value, ensure_ascii=False).encode() + b"\n"))

    line(
        {
            "v": VERSION,
            "requested": requested,
            "mapping": mapping,
            "format": result.format,
            "encoding": result.encoding,
            "refused": result.refused,
            "more_errors": result.more_errors,
        }
    )
    for error in result.errors:
        line({"error": [error.line, error.field, error.message]})
    for record in result.records:
        line(_record_dict(record))
    parts.append(packer.flush())
    return b"".join(parts)


def load(blob: bytes) -> tuple[dict, ParseResult]:
    """(head, result) from what `dump` wrote."""
    lines = _lines(blob)
    head = json.loads(next(lines))
    return head, _result(head, lines)


def _result(head: dict, lines: Iterator[bytes]) -> ParseResult:
    result = ParseResult(
        format=head["format"],
        encoding=head["encoding"],
        refused=head["refused"],
        more_errors=head["more_errors"],
    )
    for raw in lines:
        item = json.loads(raw)
        if "error" in item:
            result.errors.append(RowError(*item["error"]))
        else:
            result.records.append(_record(item))
    return result


def _lines(blob: bytes) -> Iterator[bytes]:
    unpacker = zlib.decompressobj()
    rest = b""
    for start in range(0, len(blob), _CHUNK):
        rest += unpacker.decompress(blob[start : start + _CHUNK])
        *complete, rest = rest.split(b"\n")
        yield from complete
    rest += unpacker.flush()
    yield from (part for part in rest.split(b"\n") if part)


def _record_dict(record: ContactRecord) -> dict:
    out: dict[str, object] = {"line": record.line}
    for name in (*_TEXTS, *_LISTS):
        value = getattr(record, name)
        if value:
            out[name] = value
    if record.connected_on:
        out["connected_on"] = record.connected_on.isoformat()
    return out


def _record(item: dict) -> ContactRecord:
    record = ContactRecord(line=item["line"])
    for name in _TEXTS:
        setattr(record, name, item.get(name, ""))
    for name in _LISTS:
        setattr(record, name, list(item.get(name, [])))
    if "connected_on" in item:
        record.connected_on = date.fromisoformat(item["connected_on"])
    return record
