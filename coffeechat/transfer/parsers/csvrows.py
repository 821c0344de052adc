"""CSV reading shared by the CSV-based parsers: rows with the line they start on."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from coffeechat.transfer.parsers.lines import iter_csv_lines
from coffeechat.transfer.records import ImportRefused, too_many_rows

# Blank rows cost time, not memory; a file of millions of them is not a contact list either.
MAX_CSV_RECORDS = 200_000


def sniff_delimiter(text: str) -> str:
    head = text[:4096].splitlines()[:5]
    sample = "\n".join(head)
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def rows(text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number, cells) for every record, quoted newlines included. Refuses
    a file with more than MAX_CSV_RECORDS records, blank ones included."""
    reader = csv.reader(iter_csv_lines(text), delimiter=delimiter)
    previous_end = 0
    read = 0
    while True:
        read += 1
        if read > MAX_CSV_RECORDS:
            raise ImportRefused(too_many_rows())
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            # A malformed quote: report nothing here; the caller sees a short row later.
            previous_end = reader.line_num
            continue
        start = previous_end + 1
        previous_end = reader.line_num
        yield start, row


def is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


class Header:
    """Case-insensitive column lookup for one header row."""

    def __init__(self, cells: list[str]) -> None:
        self.cells = [c.strip().lstrip("\ufeff") for c in cells]
        self.index: dict[str, int] = {}
        for i, name in enumerate(self.cells):
            self.index.setdefault(name.casefold(), i)

    def has(self, *names: str) -> bool:
        return all(n.casefold() in self.index for n in names)

    def get(self, row: list[str], name: str) -> str:
        i = self.index.get(name.casefold())
        if i is None or i >= len(row):
            return ""
        return " ".join(row[i].split())

    def raw(self, row: list[str], name: str) -> str:
        i = self.index.get(name.casefold())
        if i is None or i >= len(row):
            return ""
        return row[i].strip()
