"""The contacts list's rows, built in Python: the list shows 50 people, and a template loop
with its links and tag badges per row cost more than the rest of the page (the board's cards
are built the same way, pipeline/cards.py)."""

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from coffeechat.contacts.models import Relationship
from coffeechat.core.reversing import url_maker

# The columns a row shows, read as plain rows: 50 model instances, each with a tag manager,
# cost more than the query.
LIST_COLUMNS = (
    "pk",
    "display_name",
    "role",
    "relationship",
    "organisation_id",
    "organisation__name",
)

ROW = (
    '<tr><td><a href="{url}">{name}</a></td>'
    '<td data-label="Organisation">{organisation}</td>'
    '<td data-label="Role">{role}</td>'
    '<td data-label="How you know them">{relationship}</td>'
    '<td data-label="Tags">{tags}</td></tr>'
)


@dataclass(frozen=True)
class ContactRow:
    """What the list shows of a contact, and its table row."""

    pk: int
    display_name: str
    role: str
    relationship_label: str
    organisation_id: int | None
    organisation_name: str
    tags: list[str]
    url: str
    organisation_url: str

    @property
    def html(self) -> SafeString:
        # Every value goes through escape(); the stdlib's, as format_html's per-value checks
        # cost half of building the rows.
        organisation = ""
        if self.organisation_url:
            url, name = escape(self.organisation_url), escape(self.organisation_name)
            organisation = f'<a href="{url}">{name}</a>'
        tags = " ".join(f'<span class="badge">{escape(tag)}</span>' for tag in self.tags)
        return mark_safe(
            ROW.format(
                url=escape(self.url),
                name=escape(self.display_name),
                organisation=organisation,
                role=escape(self.role),
                relationship=escape(self.relationship_label),
                tags=tags,
            )
        )


def contact_rows(rows: Iterable[tuple], tags: dict[int, list[str]]) -> list[ContactRow]:
    """ContactRows from `LIST_COLUMNS` rows and each contact's tag names."""
    relationships = dict(Relationship.choices)
    contact_url = url_maker("contacts:detail")
    organisation_url = url_maker("contacts:organisation_detail")
    return [
        ContactRow(
            pk,
            name,
            role,
            relationships.get(how, ""),
            org_id,
            org or "",
            tags[pk],
            contact_url(pk),
            organisation_url(org_id) if org_id else "",
        )
        for pk, name, role, how, org_id, org in rows
    ]


def table_body(rows: list[ContactRow]) -> SafeString:
    return mark_safe("".join(row.html for row in rows))
