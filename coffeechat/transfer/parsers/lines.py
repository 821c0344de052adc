"""Lines of a text one at a time: a 20 MB file of short lines as a list costs half a gigabyte."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Exactly the boundaries str.splitlines() knows, so line numbers agree with it.
_TEXT_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def iter_lines(text: str) -> Iterator[str]:
    """What text.splitlines() returns, without building the list."""
    start = 0
    for match in _TEXT_BREAK.finditer(text):
        yield text[start : match.start()]
        start = match.end()
    if start < len(text):
        yield text[start:]


# The line ends csv reads in a file opened with newline="" (kept, so quoted newlines survive).
_CSV_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def iter_csv_lines(text: str) -> Iterator[str]:
    """What io.StringIO(text, newline="") yields, without its copy of the whole text."""
    for match in _CSV_LINE.finditer(text):
        yield match.group()


def iter_byte_lines(data: bytes) -> Iterator[bytes]:
    """What data.split(b"\\n") returns, without building the list."""
    start = 0
    while True:
        end = data.find(b"\n", start)
        if end < 0:
            yield data[start:]
            return
        yield data[start:end]
        start = end + 1
