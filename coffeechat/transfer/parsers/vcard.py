"""vCard 2.1, 3.0 and 4.0 through `vobject`, one card at a time so a broken card is reported
(with the line it starts on) while the others still import."""

from __future__ import annotations

import codecs
import io
import quopri
import re
from collections.abc import Iterator

import vobject
from nameparser import HumanName

from coffeechat.transfer.parsers.lines import iter_byte_lines, iter_lines
from coffeechat.transfer.records import ContactRecord, ImportRefused, RowError, clean, unique

FORMAT = "vcard"
# A card is a few KB (photos are dropped unread); anything longer is not a contact.
MAX_CARD_CHARS = 1_000_000
MAX_REPORTED_MISSPELLINGS = 100
# Encodings in which every ASCII byte (newline, colon, semicolon) stands for itself.
ASCII_SUPERSETS = (
    "utf-8",
    "cp",
    "iso8859",
    "latin",
    "shift_jis",
    "euc",
    "gb",
    "big5",
    "koi8",
    "mac",
)
_BEGIN = re.compile(r"^(?:[\w-]+\.)?BEGIN\s*:\s*VCARD\s*$", re.I)
_END = re.compile(r"^(?:[\w-]+\.)?END\s*:\s*VCARD\s*$", re.I)
_QP = re.compile(r"QUOTED-PRINTABLE", re.I)
# "BEGIN:VCAR", "BEGIN:VCRAD": meant as a vCard, misspelt.
_LOOSE_BEGIN = re.compile(r"^(?:[\w-]+\.)?BEGIN\s*:\s*V\w{0,8}\s*$", re.I)
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def looks_like_vcard(text: str) -> bool:
    return any(_LOOSE_BEGIN.match(line.strip()) for line in text[:8192].splitlines()[:50])


def _misspelt_begins(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(iter_lines(text), start=1):
        stripped = line.strip()
        if _LOOSE_BEGIN.match(stripped) and not _BEGIN.match(stripped):
            found.append((number, stripped))
            if len(found) > MAX_REPORTED_MISSPELLINGS:
                break
    return found


def split_cards(text: str) -> Iterator[tuple[int, str | None]]:
    """Yield (start line, card text); a card without END runs to the next BEGIN or the end.
    A card longer than MAX_CARD_CHARS comes as (start line, None): it is not kept in memory."""
    current: list[str] = []
    size = 0
    too_large = False
    start = 0
    for number, line in enumerate(iter_lines(text), start=1):
        stripped = line.strip()
        if _BEGIN.match(stripped):
            if current or too_large:
                yield start, None if too_large else _close(current)
            current, start, size, too_large = [line], number, len(line), False
            continue
        if not current and not too_large:
            continue
        if _END.match(stripped):
            yield start, None if too_large else "\r\n".join([*current, line]) + "\r\n"
            current, too_large = [], False
            continue
        if too_large:
            continue
        size += len(line) + 2
        if size > MAX_CARD_CHARS:
            current, too_large = [], True
            continue
        current.append(line)
    if current or too_large:
        yield start, None if too_large else _close(current)


def _close(lines: list[str]) -> str:
    return "\r\n".join(lines + ["END:VCARD"]) + "\r\n"


_PROPERTY = re.compile(r"^(?:[\w-]+\.)?([\w-]+)\s*[;:]")
# Binary payloads we never use; old exports write them unfolded, so they break parsers.
_SKIPPED = {"PHOTO", "LOGO", "SOUND", "KEY", "PROFILE"}
_CHARSET = re.compile(r";\s*CHARSET=([\w.:-]+)", re.I)


_RAW_CHARSET = re.compile(rb";\s*CHARSET=([\w.:-]+)", re.I)
_RAW_BEGIN = re.compile(rb"BEGIN\s*:\s*VCARD", re.I)


def has_charsets(data: bytes) -> bool:
    return bool(_RAW_CHARSET.search(data)) and bool(_RAW_BEGIN.search(data[:8192]))


def _charset_lines(data: bytes) -> Iterator[tuple[bytes, bytes, str | None]]:
    """(head with its colon, value, charset or None) per line; a folded continuation line has
    no head and inherits its property's charset. Quoted-printable values are ASCII here and
    decoded later with their CHARSET (`_decode_qp`)."""
    charset = None
    for raw in iter_byte_lines(data):
        if raw[:1] in (b" ", b"\t"):
            yield b"", raw, charset
            continue
        head, colon, value = raw.partition(b":")
        match = _RAW_CHARSET.search(head)
        charset = None
        if colon and match and not _QP.search(head.decode("ascii", "replace")):
            charset = match.group(1).decode("ascii")
            try:
                codecs.lookup(charset)
            except LookupError:
                charset = None
        if charset:
            yield _RAW_CHARSET.sub(b"", head) + b":", value, charset
        else:
            yield b"", raw, None


def without_charset_values(data: bytes) -> bytes:
    """The file with the values of CHARSET properties left out, to find the rest's encoding."""
    out = io.BytesIO()
    for number, (head, value, charset) in enumerate(_charset_lines(data)):
        if number:
            out.write(b"\n")
        out.write(head if charset else value)
    return out.getvalue()


def decode_with_charsets(data: bytes, used: str) -> str:
    """Each property that names its CHARSET in that charset, every other line in `used`."""
    if not codecs.lookup(used).name.startswith(ASCII_SUPERSETS):
        return data.decode(used, errors="replace")
    out = io.StringIO()
    for number, (head, value, charset) in enumerate(_charset_lines(data)):
        text = None
        if charset:
            try:
                text = value.decode(charset)
            except UnicodeDecodeError:
                text = None
        if text is None:
            text = value.decode(used, errors="replace")
        if number:
            out.write("\n")
        out.write(head.decode("ascii", errors="replace") + text)
    return out.getvalue()


def _decode_qp(line: str) -> str:
    head, _, value = line.partition(":")
    raw = quopri.decodestring(value.encode("latin-1", errors="replace"))
    charset = _CHARSET.search(head)
    try:
        text = raw.decode(charset.group(1) if charset else "utf-8")
    except (LookupError, UnicodeDecodeError):
        text = raw.decode("cp1252", errors="replace")
    # 2.1 has no escaping; 3.0 parsers split on bare commas, so escape them (lists excepted).
    text = text.replace("\\", "\\\\")
    if not head.upper().endswith("CATEGORIES") and "CATEGORIES;" not in head.upper():
        text = text.replace(",", "\\,")
    text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    head = re.sub(r";\s*(ENCODING=)?QUOTED-PRINTABLE", "", head, flags=re.I)
    head = _CHARSET.sub("", head)
    return f"{head}:{text}"


def prepare_card(card: str) -> str:
    """Make old exports digestible: join quoted-printable soft breaks and decode them with their
    CHARSET, drop binary properties (photos, keys) whose unfolded base64 breaks parsing."""
    out: list[str] = []
    joining = skipping = False
    for line in card.split("\r\n"):
        if joining:
            out[-1] = out[-1][:-1] + line.lstrip()
        else:
            if not line.strip():
                continue  # blank lines end 2.1 base64 blocks; elsewhere they mean nothing
            if line.startswith("#"):
                continue  # a comment some 2.1 writers add; no vCard property starts with "#"
            if skipping:
                if line[:1] in (" ", "\t") or not _PROPERTY.match(line):
                    continue
                skipping = False
            match = _PROPERTY.match(line)
            if match and match.group(1).upper() in _SKIPPED:
                skipping = True
                continue
            out.append(line)
        head = out[-1].split(":", 1)[0]
        joining = bool(_QP.search(head)) and out[-1].endswith("=")
    return "\r\n".join(_decode_qp(x) if _QP.search(x.split(":", 1)[0]) else x for x in out)


def _normalise_begin(card: str) -> str:
    # "home.begin:vcard" carries a group prefix vobject does not accept on BEGIN/END.
    lines = card.split("\r\n")
    lines = ["BEGIN:VCARD" if _BEGIN.match(x.strip()) else x for x in lines]
    lines = ["END:VCARD" if _END.match(x.strip()) else x for x in lines]
    return "\r\n".join(lines)


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return clean(" ".join(str(v) for v in value if v))
    return clean(value)


def _all(card: vobject.base.Component, name: str) -> list:
    return [c for c in card.getChildren() if c.name.upper() == name]


def card_to_record(card: vobject.base.Component, line: int) -> ContactRecord:
    record = ContactRecord(line=line)
    for n in _all(card, "N")[:1]:
        value = n.value
        if isinstance(value, vobject.vcard.Name):
            record.given_name = _text(value.given)
            record.family_name = _text(value.family)
        else:
            parts = str(value).split(";")
            record.family_name = clean(parts[0]) if parts else ""
            record.given_name = clean(parts[1]) if len(parts) > 1 else ""
    emails = [_text(e.value) for e in _all(card, "EMAIL")]
    for fn in _all(card, "FN")[:1]:
        record.display_name = _text(fn.value)
    if _EMAIL.match(record.display_name):
        # An address in FN is how some phones name a card they know only by its e-mail.
        emails.append(record.display_name)
        record.display_name = ""
    if record.display_name and not (record.given_name or record.family_name):
        parsed = HumanName(record.display_name)
        record.given_name = clean(parsed.first)
        record.family_name = clean(parsed.last)
    record.emails = unique(emails)
    record.phones = unique([_text(t.value) for t in _all(card, "TEL")])
    for org in _all(card, "ORG")[:1]:
        value = org.value
        if isinstance(value, list):
            value = value[0] if value else ""
        if isinstance(value, list):  # "Company, The" arrives split on its comma
            value = ",".join(value)
        record.organisation = _text(value)
    for title in _all(card, "TITLE")[:1]:
        record.role = _text(title.value)
    for prop in _all(card, "URL") + _all(card, "X-SOCIALPROFILE"):
        url = _text(prop.value)
        if "linkedin.com" in url.casefold() and not record.linkedin_url:
            record.linkedin_url = url
    notes = [str(note.value).strip() for note in _all(card, "NOTE")]
    record.notes = "\n\n".join(n for n in notes if n)
    for adr in _all(card, "ADR")[:1]:
        value = adr.value
        if isinstance(value, vobject.vcard.Address):
            record.location = ", ".join(p for p in (_text(value.city), _text(value.country)) if p)
    tags: list[str] = []
    for categories in _all(card, "CATEGORIES"):
        value = categories.value
        items = value if isinstance(value, list) else str(value).split(",")
        tags.extend(clean(v) for v in items)
    record.tags = unique(tags)
    if not record.name():
        nicknames = [_text(n.value) for n in _all(card, "NICKNAME")]
        record.display_name = next(
            (v for v in [*nicknames, *record.emails, record.organisation] if v), ""
        )
    return record


def parse(text: str) -> Iterator[ContactRecord | RowError]:
    found = False
    misspelt = _misspelt_begins(text)
    for line, begin in misspelt[:MAX_REPORTED_MISSPELLINGS]:
        yield RowError(line, "", f"{begin!r} should read BEGIN:VCARD; this card was skipped")
    for line, card_text in split_cards(text):
        found = True
        if card_text is None:
            yield RowError(
                line, "", f"this card is longer than {MAX_CARD_CHARS:,} characters; it was skipped"
            )
            continue
        try:
            card = vobject.readOne(_normalise_begin(prepare_card(card_text)))
            record = card_to_record(card, line)
        except Exception as error:  # vobject raises many kinds for malformed input
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            yield RowError(line, "", f"this card could not be read ({message[:200]})")
            continue
        if not record.name():
            yield RowError(line, "FN", "this card has no name, e-mail or organisation; skipped")
            continue
        yield record
    if not found and misspelt:
        line, begin = misspelt[0]
        raise ImportRefused(
            f"This looks like a vCard file, but line {line} reads {begin!r} where a card starts "
            "with BEGIN:VCARD. Correct that line and upload the file again."
        )
    if not found:
        raise ImportRefused("No vCard (BEGIN:VCARD … END:VCARD) was found in this file.")
