"""The rows of "Link people to a path": what a search found and what is linked, with the
buttons that link and unlink them.

A path links up to 200 conversations, each row with its own little form; through an included
template each form cost a template render and a CSRF tag (about 40 ms for the page). The rows
are written here once, in Python, from `values()` rows, with the markup the template had.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.reversing import url_maker
from coffeechat.insights.models import CareerPath
from coffeechat.pipeline.models import Conversation

SEARCH_LIMIT = 20
LINKED_LIMIT = 200
KINDS = ("conversations", "contacts", "organisations")


def search_filter(q: str, *fields: str) -> Q:
    """Every word of `q` in one of the fields (case-insensitive)."""
    query = Q()
    for word in q.split():
        part = Q()
        for name in fields:
            part |= Q(**{f"{name}__icontains": word})
        query &= part
    return query


@dataclass(frozen=True)
class Buttons:
    """Writes the link and unlink forms of one page: the same action, token and search."""

    link_url: str
    unlink_url: str
    csrf_token: str
    q: str

    def __call__(self, kind: str, target: int, label: str, *, unlink: bool) -> str:
        if unlink:
            action, css, text = self.unlink_url, "link", f"Unlink{_hidden(label)}"
        else:
            action, css, text = self.link_url, "", "Link"
        return (
            f'<form method="post" action="{action}" class="inline">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf_token}">\n'
            f'  <input type="hidden" name="kind" value="{kind}">'
            f'<input type="hidden" name="target" value="{target}">'
            f'<input type="hidden" name="q" value="{escape(self.q)}">\n'
            f'  <button type="submit" class="{css}">{text}</button>\n</form>'
        )


def _hidden(label: str) -> str:
    return f'<span class="visually-hidden"> {escape(label)}</span>'


def _stage_labels() -> dict[str, str]:
    return {key: str(label) for key, label in Conversation._meta.get_field("stage").flatchoices}


def found_rows(user, q: str, button: Buttons) -> dict[str, list[SafeString]]:
    """Table rows of the user's conversations, contacts and organisations matching `q`
    (at most SEARCH_LIMIT of each): three queries."""
    conversations = (
        Conversation.objects.owned_by(user)
        .filter(search_filter(q, "contact__name_key", "contact__display_name"))
        .values_list("pk", "stage", "contact__display_name")[:SEARCH_LIMIT]
    )
    contacts = (
        Contact.objects.owned_by(user)
        .filter(search_filter(q, "name_key", "display_name", "role"))
        .values_list("pk", "display_name", "role", "organisation__name")[:SEARCH_LIMIT]
    )
    organisations = (
        Organisation.objects.owned_by(user)
        .filter(search_filter(q, "name"))
        .values_list("pk", "name")[:SEARCH_LIMIT]
    )
    stages = _stage_labels()
    found = {"conversations": [], "contacts": [], "organisations": []}
    for pk, stage, name in conversations:
        found["conversations"].append(
            f'<tr><td>Conversation with {escape(name)} <span class="small muted">'
            f"{escape(stages.get(stage, stage))}</span></td>"
            f"<td>{button('conversation', pk, name, unlink=False)}</td></tr>"
        )
    for pk, name, role, organisation in contacts:
        where = escape(role) + (f", {escape(organisation)}" if organisation else "")
        found["contacts"].append(
            f'<tr><td>{escape(name)} <span class="small muted">{where}</span></td>'
            f"<td>{button('contact', pk, name, unlink=False)}</td></tr>"
        )
    for pk, name in organisations:
        found["organisations"].append(
            f"<tr><td>{escape(name)}</td>"
            f"<td>{button('organisation', pk, name, unlink=False)}</td></tr>"
        )
    return {kind: [mark_safe(row) for row in rows] for kind, rows in found.items()}


def linked_rows(path: CareerPath, button: Buttons) -> dict[str, list[SafeString]]:
    """List items of what the path links (at most LINKED_LIMIT of each): three queries."""
    sources = {
        "conversations": (
            path.conversations.values_list("pk", "contact__display_name"),
            url_maker("pipeline:conversation_detail"),
            "conversation",
            "Conversation with {}",
        ),
        "contacts": (
            path.contacts.values_list("pk", "display_name"),
            url_maker("contacts:detail"),
            "contact",
            "{}",
        ),
        "organisations": (
            path.organisations.values_list("pk", "name"),
            url_maker("contacts:organisation_detail"),
            "organisation",
            "{}",
        ),
    }
    linked = {}
    for key, (rows, url, kind, text) in sources.items():
        linked[key] = [
            mark_safe(  # the name is escaped; the URL and the button are ours
                f'<li><a href="{url(pk)}">{text.format(escape(name))}</a>\n    '
                f"{button(kind, pk, name, unlink=True)}</li>"
            )
            for pk, name in rows[:LINKED_LIMIT]
        ]
    return linked
