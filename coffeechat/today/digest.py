"""The Today list outside the browser: one line per item for the terminal, and the daily e-mail."""

from __future__ import annotations

from datetime import date, datetime

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from coffeechat.core.extensions import TodayItem, today_items
from coffeechat.core.mail import outgoing_message


def when_text(item: TodayItem) -> str:
    when = item.when
    if isinstance(when, datetime):
        return timezone.localtime(when).strftime("%a %-d %b %H:%M")
    if isinstance(when, date):
        return when.strftime("%a %-d %b")
    return ""


def item_line(item: TodayItem) -> str:
    """`[Kind] Title — when (OVERDUE)`: one line a person can read in a terminal or an e-mail."""
    line = f"[{item.kind}] {item.title}"
    when = when_text(item)
    if when:
        line += f" — {when}"
    if item.overdue:
        line += " (OVERDUE)"
    return line


def absolute(url: str, base_url: str) -> str:
    if url.startswith(("http://", "https://")) or not base_url:
        return url
    return base_url.rstrip("/") + "/" + url.lstrip("/")


def digest_message(user, now: datetime, base_url: str = "") -> EmailMultiAlternatives | None:
    """The day's e-mail for `user`, or None when nothing is due (or no address to send to)."""
    if not user.email:
        return None
    items = today_items(user, now)
    if not items:
        return None
    day = timezone.localdate(now)
    rows = [
        {
            "line": item_line(item),
            "item": item,
            "when": when_text(item),
            "url": absolute(item.url, base_url),
        }
        for item in items
    ]
    context = {"user": user, "rows": rows, "day": day, "base_url": base_url}
    subject = f"Coffeechat — {len(items)} thing{'s' if len(items) != 1 else ''} for {day:%a %-d %b}"
    text = render_to_string("today/digest.txt", context)
    html = render_to_string("today/digest.html", context)
    return outgoing_message(user, to=user.email, subject=subject, body=text, html=html)
