"""The rows of "Link people to a path": what a search found and what is linked, with the
buttons that link and unlink them.

A path links up to 200 conversations, each row with its own little form; through an included
template each form cost a template render and a CSRF tag (about 40 ms for the page). The rows
are written here once, in Python, from `values()` rows, with the markup the template had,
escaped with the standard library's `html.escape` (Django's `escape` gives the same text
through a lazy-text wrapper that cost a quarter of the page), and each list is handed to the
template as one piece (a template loop over 200 rows cost another tenth).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.safestring import SafeString, mark_safe

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.contacts.services import found_contacts, found_organisations
from coffeechat.core.compiled import IDS, CompiledQuery, union_all
from coffeechat.core.reversing import url_maker
from coffeechat.insights.models import CareerPath
from coffeechat.pipeline.models import Conversation

SEARCH_LIMIT = 20
LINKED_LIMIT = 200
KINDS = ("conversations", "contacts", "organisations")


@dataclass(frozen=True)
class Buttons:
    """Writes the link and unlink forms of one page: the same action, token and search."""

    link_url: str
    unlink_url: str
    csrf_token: str
    q: str
    # The start and end of each kind of form, written once per page.
    _start: dict[bool, str] = field(init=False, repr=False, compare=False)
    _end: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        token = f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf_token}">\n'
        start = {
            unlink: f'<form method="post" action="{url}" class="inline">{token}'
            for unlink, url in ((False, self.link_url), (True, self.unlink_url))
        }
        object.__setattr__(self, "_start", start)
        end = f'<input type="hidden" name="q" value="{escape(self.q)}">\n  <button type="submit" '
        object.__setattr__(self, "_end", end)

    def __call__(self, kind: str, target: int, label: str, *, unlink: bool) -> str:
        if unlink:
            button = f'class="link">Unlink{_hidden(label)}</button>\n</form>'
        else:
            button = 'class="">Link</button>\n</form>'
        return (
            f"{self._start[unlink]}"
            f'  <input type="hidden" name="kind" value="{kind}">'
            f'<input type="hidden" name="target" value="{target}">'
            f"{self._end}{button}"
        )


def _hidden(label: str) -> str:
    return f'<span class="visually-hidden"> {escape(label)}</span>'


def _stage_labels() -> dict[str, str]:
    return {key: str(label) for key, label in Conversation._meta.get_field("stage").flatchoices}


def found_rows(user, q: str, button: Buttons) -> dict[str, SafeString]:
    """Table rows of the user's conversations, contacts and organisations matching `q`
    (at most SEARCH_LIMIT of each): four queries, the search's probe among them (see
    contacts.search).

    The contacts are the ones the contacts list finds for the same text, in the same order
    (`found_contacts`, through the text index: name with accents and case folded, role,
    research notes, organisation name, tags); the conversations are those with these contacts,
    and the organisations those whose name contains the text, as the contacts search reads
    it. One search, so the two pages never disagree about who matches."""
    columns = ("pk", "display_name", "role", "organisation__name")
    contacts = found_contacts(user, columns, 0, SEARCH_LIMIT, q=q)
    # The conversations with the contacts listed: a second pass of the search over all the
    # matching contacts, for conversations with people beyond the first SEARCH_LIMIT, cost
    # more than the rest of the page.
    conversations = _FOUND_CONVERSATIONS.rows(user=user.pk, contacts=[row[0] for row in contacts])
    organisations = found_organisations(user, q, SEARCH_LIMIT)
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
    # Every name is escaped; the markup and the buttons are ours.
    return {kind: mark_safe("".join(rows)) for kind, rows in found.items()}


def linked_rows(path: CareerPath, button: Buttons) -> dict[str, SafeString]:
    """List items of what the path links (at most LINKED_LIMIT of each), in one statement: a
    part per kind, each in its own order, joined by UNION ALL (on PostgreSQL each query of the
    page costs a round trip and a plan)."""
    kinds = list(_LINKED.values())
    sql, params = union_all([kind.query.statement(path=path.pk) for kind in kinds], numbered=True)
    found: list[list[tuple[int, str]]] = [[] for _kind in kinds]
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY 1, 4", params)
        for part, pk, name, _place in cursor.fetchall():
            found[part].append((pk, name))
    linked = {}
    for key, kind, rows in zip(_LINKED, kinds, found, strict=True):
        url = url_maker(kind.url_name)
        linked[key] = mark_safe(  # the name is escaped; the URL and the button are ours
            "".join(
                f'<li><a href="{url(pk)}">{kind.text.format(escape(name))}</a>\n    '
                f"{button(kind.form_kind, pk, name, unlink=True)}</li>"
                for pk, name in rows
            )
        )
    return linked


@dataclass(frozen=True)
class _LinkedKind:
    """One kind of row a path links: its query (id, name, place), its page, its form's kind and
    its text."""

    query: CompiledQuery
    url_name: str
    form_kind: str
    text: str


def _linked(model, name: str, order: list) -> CompiledQuery:
    """The part of linked_rows that reads a path's links to `model`: id, name and place."""
    return CompiledQuery(
        lambda path: (
            model.objects.filter(career_paths=path)
            .annotate(place=Window(RowNumber(), order_by=order))
            .order_by(*order)
            .values_list("pk", name, "place")[:LINKED_LIMIT]
        ),
        path=CareerPath._meta.get_field("id"),
    )


# The page's queries that do not depend on the search's text, built once (core.compiled): the
# ORM took about as long to build them as the database to run them.
_FOUND_CONVERSATIONS = CompiledQuery(
    # Found through the contacts' index: on SQLite `owned_by` would read all the user's
    # conversations in order instead (see `owned_by_checking_rows`).
    lambda user, contacts: (
        Conversation.objects.owned_by_checking_rows(user)
        .filter(contact__in=contacts)
        .values_list("pk", "stage", "contact__display_name")[:SEARCH_LIMIT]
    ),
    user=Conversation._meta.get_field("user"),
    contacts=IDS,
)
# In each model's own order (Meta.ordering).
_LINKED = {
    "conversations": _LinkedKind(
        _linked(
            Conversation,
            "contact__display_name",
            [F("stage_changed_at").desc(), F("id").desc()],
        ),
        "pipeline:conversation_detail",
        "conversation",
        "Conversation with {}",
    ),
    "contacts": _LinkedKind(
        _linked(Contact, "display_name", [F("name_key").asc(), F("id").asc()]),
        "contacts:detail",
        "contact",
        "{}",
    ),
    "organisations": _LinkedKind(
        _linked(Organisation, "name", [F("name").asc(), F("id").asc()]),
        "contacts:organisation_detail",
        "organisation",
        "{}",
    ),
}
