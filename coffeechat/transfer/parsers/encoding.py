"""Turn uploaded bytes into text: BOMs first, then UTF-8, then a best guess, then Windows-1252."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from django.conf import settings

from coffeechat.transfer.parsers.lines import iter_lines
from coffeechat.transfer.records import ImportRefused, RowError

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def max_import_bytes() -> int:
    megabytes = getattr(settings, "COFFEECHAT_MAX_IMPORT_MB", 20)
    return int(float(megabytes) * 1024 * 1024)


def check_size(size: int) -> None:
    limit = max_import_bytes()
    if size > limit:
        raise ImportRefused(
            f"This file is {size / 1024 / 1024:.1f} MB; the import limit is "
            f"{limit / 1024 / 1024:g} MB. Split the file or raise COFFEECHAT_MAX_IMPORT_MB."
        )
    if size == 0:
        raise ImportRefused("This file is empty.")


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_zeros > half * 0.3 and even_zeros < half * 0.05:
        return "utf-16-le"
    if even_zeros > half * 0.3 and odd_zeros < half * 0.05:
        return "utf-16-be"
    return None


# A multi-byte UTF-8 sequence; text in a legacy 8-bit code page almost never contains one.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
MAX_REPORTED_LINES = 20


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Never raises for odd bytes; refuses only empty input."""
    text, used, _problems = decode_report(data)
    return text, used


def decode_report(data: bytes) -> tuple[str, str, list[RowError]]:
    """(text, encoding name, problems): BOMs, then UTF-8; UTF-8 with a few bad bytes is kept
    as UTF-8 and each line holding one is reported; otherwise the guesser, then Windows-1252."""
    check_size(len(data))
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name, []
    guess = _utf16_without_bom(data)
    if guess:
        return data.decode(guess, errors="replace"), guess, []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if len(_UTF8_SEQUENCE.findall(data)) >= bad:
        return text, "utf-8", _bad_lines(text)
    results = from_bytes(data)
    best = results.best()
    if best is not None and best.encoding:
        # Short Western texts fit several code pages equally well; Windows-1252 is then by far
        # the likeliest author, so it wins a tie (Greek or Japanese text never ties with it).
        for result in results:
            if "cp1252" in result.could_be_from_charset and result.chaos <= best.chaos + 0.01:
                return data.decode("cp1252", errors="replace"), "cp1252", []
        return str(best), best.encoding, []
    try:
        return data.decode("cp1252"), "cp1252", []
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", []


def _bad_lines(text: str) -> list[RowError]:
    problems: list[RowError] = []
    more = 0
    for number, line in enumerate(iter_lines(text), start=1):
        if "\ufffd" not in line:
            continue
        if len(problems) < MAX_REPORTED_LINES:
            message = "this line has a byte that is not UTF-8; it was read as \ufffd, check the row"
            problems.append(RowError(number, "", message))
        else:
            more += 1
    if more:
        problems.append(RowError(0, "", f"{more} more lines have bytes that are not UTF-8."))
    return problems
