"""Today's list, each item printed in Python: forty items with their dates and action forms cost
the template language most of the page once the items themselves are kept (core.freshness)."""

from datetime import datetime
from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString

from coffeechat.core.extensions import Action, TodayItem


def _escaped(text) -> str:
    """django.utils.html.conditional_escape without the lazy-text wrapper around it, which cost
    a quarter of the list (six texts an item): the same text (Django's escape is the standard
    library's), and HTML-safe text passes as it is."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return escape(str(text))


def _when(item: TodayItem) -> str:
    when = item.when
    if not when:
        return ""
    overdue = "overdue · " if item.overdue else ""
    if isinstance(when, datetime):
        when = timezone.localtime(when)  # what the template's date filter showed
        shown = f"{when:%a} {when.day} {when:%b} {when:%H:%M}"
    else:
        shown = f"{when:%a} {when.day} {when:%b}"
    return f'\n    <span class="when small">{overdue}{shown}</span>'


def _action(action: Action, primary: bool, csrf_input: str, back: str) -> str:
    url, label = _escaped(action.url), _escaped(action.label)
    if action.method == "post":
        button = ' class="primary"' if primary else ""
        return (
            f'\n    <form method="post" action="{url}" class="inline">{csrf_input}'
            f'<input type="hidden" name="next" value="{back}">'
            f'<button type="submit"{button}>{label}</button></form>'
        )
    css = "button primary" if primary else "button"
    return f'\n    <a class="{css}" href="{url}">{label}</a>'


def item_html(item: TodayItem, csrf_input: str, back: str) -> str:
    """One <li> of Today's list; `csrf_input` is the page's hidden CSRF field and `back` the
    address the item's forms return to."""
    detail = (
        f'\n      <div class="muted small">{_escaped(item.detail)}</div>' if item.detail else ""
    )
    actions = "".join(_action(a, False, csrf_input, back) for a in item.extra_actions)
    if item.action:
        actions += _action(item.action, True, csrf_input, back)
    return (
        f'<li class="today-item{" overdue" if item.overdue else ""}">\n'
        f'    <div class="what">\n'
        f'      <span class="badge">{_escaped(item.kind)}</span>\n'
        f'      <a href="{_escaped(item.url)}">{_escaped(item.title)}</a>'
        f"{detail}\n    </div>{_when(item)}{actions}\n  </li>"
    )


def list_html(items: list[TodayItem], csrf_input: str, back: str) -> SafeString:
    """The items' <li>s; every user text in them is escaped above."""
    return SafeString("\n  ".join(item_html(item, csrf_input, back) for item in items))
