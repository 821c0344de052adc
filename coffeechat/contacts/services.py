"""Queries and changes on contacts shared by the pages, the API and the command line."""

import re
from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from nameparser import HumanName

from coffeechat.contacts import search
from coffeechat.contacts.models import (
    Contact,
    Organisation,
    Relationship,
    Source,
    Tag,
    Touchpoint,
)
from coffeechat.contacts.normalise import normalise_organisation_name
from coffeechat.core.compiled import IDS, CompiledQuery, model_fields

_SORTS = {
    "name": ["name_key", "id"],
    "organisation": ["organisation__name_key", "name_key", "id"],
    "-updated": ["-updated", "-id"],
    "-created": ["-created", "-id"],
}


def search_contacts(
    user,
    *,
    q: str = "",
    relationship: str = "",
    tag: str = "",
    stage: str = "",
    sort: str = "name",
) -> QuerySet[Contact]:
    q = q.strip()
    if q:
        contacts = search.contacts_containing(Contact.objects, user, q)
    else:
        contacts = Contact.objects.owned_by(user)
    if relationship:
        contacts = contacts.filter(relationship=relationship)
    if tag:
        contacts = contacts.filter(
            pk__in=Tag.objects.owned_by(user).filter(name__iexact=tag).values("contacts")
        )
    if stage:
        contacts = contacts.filter(
            pk__in=_conversations(user).filter(stage=stage).values("contact")
        )
    return contacts.order_by(*_SORTS.get(sort, _SORTS["name"]))


def organisation_for_name(user, name: str) -> Organisation | None:
    """The user's organisation with this name ("Stripe, Inc." finds "Stripe"), created if new."""
    name = name.strip()
    if not name:
        return None
    key = normalise_organisation_name(name)
    organisation = Organisation.objects.owned_by(user).filter(name_key=key).first()
    if organisation is None:
        organisation = Organisation.objects.create(user=user, name=name)
    return organisation


def add_referred_contact(
    referrer: Contact, name: str, *, organisation: str = "", reach: str = ""
) -> Contact:
    """Save someone `referrer` suggested we talk to.

    `reach` is however the user noted how to reach them: an e-mail address, a LinkedIn URL or
    a phone number goes in its field; anything else is kept in the research notes.
    """
    name = name.strip()
    parsed = HumanName(name)
    contact = Contact(
        user=referrer.user,
        given_name=(parsed.first or "").strip()[:150],
        family_name=" ".join(p for p in (parsed.middle, parsed.last) if p).strip()[:150],
        display_name=name[:300],
        organisation=organisation_for_name(referrer.user, organisation),
        relationship=Relationship.REFERRAL,
        source=Source.REFERRAL,
        referred_by=referrer,
    )
    reach = reach.strip()
    if "@" in reach and " " not in reach:
        contact.emails = [reach]
    elif "linkedin.com/" in reach.lower():
        contact.linkedin_url = reach
    elif reach and re.fullmatch(r"[+\d][\d\s().-]{5,}", reach):
        contact.phones = [reach]
    elif reach:
        contact.research_notes = f"How to reach them: {reach}"
    contact.save()
    return contact


def log_touchpoint(
    contact: Contact,
    kind: str,
    *,
    text: str = "",
    channel: str = "",
    at=None,
    conversation=None,
) -> Touchpoint:
    return Touchpoint.objects.create(
        user_id=contact.user_id,  # the id alone: `contact.user` would read the user again
        contact=contact,
        conversation=conversation,
        kind=kind,
        channel=channel,
        text=text,
        happened_at=at or timezone.now(),
    )


def _conversations(user) -> QuerySet:
    """The user's conversations, reached through the reverse relation: the pipeline app is built
    on contacts, so contacts may not import it (see docs/architecture.md)."""
    model = Contact._meta.get_field("conversations").related_model
    return model.objects.filter(user=user)


def conversation_stage_choices() -> list[tuple[str, str]]:
    """The conversation stages, for filtering contacts, through the same reverse relation."""
    model = Contact._meta.get_field("conversations").related_model
    return list(model._meta.get_field("stage").choices)


def _others_at(per_organisation: int, user, organisation_ids, exclude_contact_ids) -> QuerySet:
    # Scoped by `user_id + 0`, which no index serves: otherwise SQLite (no statistics) reads
    # all the user's contacts by the user index to find the few at these organisations,
    # instead of reading each organisation's from its own index (20 ms at 30,000 contacts).
    return (
        Contact.objects.alias(owner=F("user_id") + 0)
        .filter(owner=user, organisation_id__in=organisation_ids)
        .exclude(pk__in=exclude_contact_ids)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("organisation_id")], order_by=[F("name_key"), F("id")]
            )
        )
        .filter(rank__lte=per_organisation)
        .order_by("organisation_id", "rank")
        .values_list(*_OTHERS_COLUMNS)
    )


_OTHERS_COLUMNS = model_fields(Contact, {"id", "user_id", "display_name", "organisation_id"})
# Read by Today after every change of the user's data: built once (core.compiled), as building
# it took longer than running it.
_OTHERS = CompiledQuery(
    _others_at,
    user=Contact._meta.get_field("user"),
    organisation_ids=IDS,
    exclude_contact_ids=IDS,
)


def others_at(
    user, organisation_ids, exclude_contact_ids, per_organisation: int = 3
) -> dict[int, list[Contact]]:
    """Up to `per_organisation` other contacts per organisation, by name, in one query (a window
    per organisation): the second person to ask there (3B7)."""
    if not organisation_ids:
        return {}
    rows = _OTHERS.rows(
        per_organisation,
        user=user.pk,
        organisation_ids=organisation_ids,
        exclude_contact_ids=exclude_contact_ids,
    )
    found: dict[int, list[Contact]] = defaultdict(list)
    for row in rows:
        contact = Contact.from_db(DEFAULT_DB_ALIAS, _OTHERS_COLUMNS, row)
        found[contact.organisation_id].append(contact)
    return found


def tag_names(contact_ids) -> dict[int, list[str]]:
    """Each contact's tag names, in name order, for a page of contacts, in one query, written
    in SQL: building it through the ORM took longer than running it."""
    names: dict[int, list[str]] = defaultdict(list)
    ids = list(contact_ids)
    if not ids:
        return names
    through, tags = Contact.tags.through._meta.db_table, Tag._meta.db_table
    sql = (
        f"SELECT ct.contact_id, t.name FROM {through} ct JOIN {tags} t ON t.id = ct.tag_id "
        f"WHERE ct.contact_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY t.name"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        for contact_id, name in cursor.fetchall():
            names[contact_id].append(name)
    return names
