"""The side-by-side table of a path's synthesis, written in Python.

A path of 200 conversations has 200 columns and about 2,200 cells; through the template
language each cell costs a dozen variable look-ups and tags (about 30 ms for the table), while
joining strings costs a tenth of that. The markup is the one `path_detail.html` had.
"""

from __future__ import annotations

import re
from datetime import datetime
from html import escape

from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe

from coffeechat.insights.synthesis import NOT_YET, Cell, Column, Row, Synthesis

GAP = f'<td class="gap">{NOT_YET}</td>'
NEWLINE = re.compile(r"\r\n|\r|\n")


def linebreaksbr(text: str) -> str:
    """Django's `linebreaksbr` filter without its wrappers: escaped, each line break a <br>.
    (`html.escape` is what Django's `escape` calls.)"""
    return NEWLINE.sub("<br>", escape(text))


class _Days:
    """Django's `date:"j M Y"` in the current time zone (3 Dec 2026), for many dates: the zone
    and the month names are looked up once, not once per date (the date filter cost a fifth of
    the table)."""

    def __init__(self) -> None:
        self.zone = timezone.get_current_timezone()
        self.months = [""] + [str(MONTHS_3[month]).title() for month in range(1, 13)]

    def __call__(self, when: datetime) -> str:
        if timezone.is_aware(when):
            when = when.astimezone(self.zone)
        return f"{when.day} {self.months[when.month]} {when.year}"


def _when(column: Column, days: _Days) -> str:
    """Met 3 Dec 2026, Meeting 9 Dec 2026 or Not met yet; the date in the user's time zone."""
    day = days(column.when) if column.when is not None else ""
    if column.met:
        return f"Met {day}" if day else "Met"
    return f"Meeting {day}" if day else "Not met yet"


def _head(column: Column, days: _Days) -> str:
    subtitle = (
        f'<br><span class="small muted">{escape(column.subtitle)}</span>' if column.subtitle else ""
    )
    return (
        f'<th scope="col"><a href="{escape(column.url)}">{escape(column.title)}</a>{subtitle}'
        f'<br><span class="small muted">{_when(column, days)}</span></th>'
    )


def _entries(cell: Cell, *, links: bool) -> str:
    items = []
    for entry in cell.entries:
        link = ""
        if links and entry.url:
            link = f' <a href="{escape(entry.url)}" rel="noopener">link</a>'
        items.append(
            f'<li><span class="source">{escape(entry.source)}</span> '
            f"{linebreaksbr(entry.text)}{link}</li>"
        )
    return f'<ul class="entries">{"".join(items)}</ul>'


def _row(row: Row, columns: int) -> str:
    cells = "".join(
        GAP if cell.empty else f"<td>{_entries(cell, links=True)}</td>" for cell in row.cells
    )
    return (
        f'<tr><th scope="row" class="topic">{escape(row.label)}<br>'
        f'<span class="small muted">{row.filled} of {columns}</span></th>{cells}</tr>'
    )


def _other(row: Row) -> str:
    cells = "".join(
        "<td></td>" if cell.empty else f"<td>{_entries(cell, links=False)}</td>"
        for cell in row.cells
    )
    return f'<tr><th scope="row" class="topic">{escape(row.label)}</th>{cells}</tr>'


def side_by_side(synthesis: Synthesis) -> SafeString:
    """The <table>: a column per conversation, a row per topic (and "Other notes" if any)."""
    days = _Days()
    heads = "".join(_head(column, days) for column in synthesis.columns)
    rows = [_row(row, len(synthesis.columns)) for row in synthesis.rows]
    if synthesis.other.learnt:
        rows.append(_other(synthesis.other))
    return mark_safe(  # every value above is escaped
        f'<table>\n  <thead>\n    <tr><th scope="col" class="topic">Topic</th>{heads}</tr>\n'
        f"  </thead>\n  <tbody>\n{''.join(rows)}\n  </tbody>\n</table>"
    )
