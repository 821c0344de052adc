"""Queries and changes on contacts shared by the pages, the API and the command line."""

import json
import re
from collections import defaultdict
from typing import NamedTuple

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
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
from coffeechat.core.compiled import IDS, RAW, CompiledQuery

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
    """The user's contacts that match these criteria, in this order: the definition, through
    the ORM. The pages read them through `found_contacts`, the same query compiled once per
    shape; `tests/test_search.py` checks that the two agree."""
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


# How `_found_part` finds the contacts of a text the probe found few of: by their ids.
_BY_ID = "by id"


def _found_part(shape: tuple, user, ids, like, name_like, match, relationship, tag, stage):
    """`search_contacts`' query, as `found_contacts` compiles it for one shape: the columns and
    the slice, how a text is found (no text, the probe's ids, or its condition for a text of
    this shape, `search.condition`), which other filters apply, and the order."""
    columns, start, stop, text_shape, filters, sort = shape
    owner = RawSQL("%s", [user], output_field=Contact._meta.get_field("user"))
    if text_shape == _BY_ID:
        contacts = Contact.objects.owned_by_checking_rows(owner).filter(pk__in=ids)
    elif text_shape is None:
        contacts = Contact.objects.owned_by(owner)
    else:
        condition = search.condition(text_shape, user, like, name_like, match)
        contacts = Contact.objects.owned_by(owner).filter(condition)
    if "relationship" in filters:
        contacts = contacts.filter(relationship=relationship)
    if "tag" in filters:
        contacts = contacts.filter(pk__in=RawSQL(search.tagged_named(), [user, tag]))
    if "stage" in filters:
        contacts = contacts.filter(
            pk__in=_conversations(owner).filter(stage=stage).values("contact")
        )
    return contacts.order_by(*_SORTS[sort]).values_list(*columns)[start:stop]


# The contacts list and the link page read their contacts through this: built once per shape
# (core.compiled), as building the query through the ORM took half as long as running it.
_FOUND = CompiledQuery(
    _found_part,
    user=RAW,
    ids=IDS,
    like=RAW,
    name_like=RAW,
    match=RAW,
    relationship=Contact._meta.get_field("relationship"),
    tag=RAW,
    stage=Contact._meta.get_field("conversations").related_model._meta.get_field("stage"),
)


def found_contacts(
    user,
    columns: tuple[str, ...],
    start: int,
    stop: int,
    *,
    q: str = "",
    relationship: str = "",
    tag: str = "",
    stage: str = "",
    sort: str = "name",
) -> list[tuple]:
    """Rows `start` to `stop` (as in a slice) of `columns` of the contacts `search_contacts`
    finds with the same criteria, in its order."""
    q = q.strip()
    text = search.parsed(q)
    few = search.few_matches(user, q) if q else None
    if few == []:
        return []  # the probe found none: nothing to read
    text_shape = None if not q else text.shape if few is None else _BY_ID
    filters = tuple(
        name
        for name, value in (("relationship", relationship), ("tag", tag), ("stage", stage))
        if value
    )
    return _FOUND.rows(
        (columns, start, stop, text_shape, filters, sort if sort in _SORTS else "name"),
        user=user.pk,
        ids=few or [],
        like=text.like,
        name_like=text.name_like,
        match=text.match,
        relationship=relationship,
        tag=search.iexact_value(tag),
        stage=stage,
    )


_FOUND_ORGANISATIONS = CompiledQuery(
    lambda limit, user, like: (
        Organisation.objects.owned_by(user)
        .filter(search.organisation_named(like))
        .values_list("pk", "name")[:limit]
    ),
    user=Organisation._meta.get_field("user"),
    like=RAW,
)


def found_organisations(user, q: str, limit: int) -> list[tuple[int, str]]:
    """The first `limit` of the user's organisations (id, name) whose name contains `q`, as
    the contacts search reads it, in name order."""
    return _FOUND_ORGANISATIONS.rows(limit, user=user.pk, like=search.parsed(q).like)


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


def _other_part(shape: tuple[int, bool], user, exclude_contact_ids) -> QuerySet:
    """The first `per_organisation` contacts by name at the organisation the enclosing
    statement names `organisation.id` (see others_at); their ids alone on SQLite."""
    per_organisation, ids_only = shape
    part = (
        # Scoped by `user_id + 0`, which no index serves: SQLite (no statistics) would otherwise
        # read all the user's contacts by the user index instead of the organisation's few.
        Contact.objects.alias(owner=F("user_id") + 0)
        .filter(owner=user, organisation_id=RawSQL("organisation.id", ()))
        .exclude(pk__in=exclude_contact_ids)
        .order_by("name_key", "id")
    )
    columns = ("id",) if ids_only else (*_OTHERS_COLUMNS, "name_key")  # by name_key
    return part.values_list(*columns)[:per_organisation]


class OtherPerson(NamedTuple):
    """Someone else the user knows at an organisation (others_at)."""

    id: int
    user_id: int
    display_name: str
    organisation_id: int


_OTHERS_COLUMNS = OtherPerson._fields
# Read by Today after every change of the user's data: built once (core.compiled), as building
# it took longer than running it.
_OTHER_PART = CompiledQuery(
    _other_part, user=Contact._meta.get_field("user"), exclude_contact_ids=IDS
)


def others_at(
    user, organisation_ids, exclude_contact_ids, per_organisation: int = 3
) -> dict[int, list[OtherPerson]]:
    """Up to `per_organisation` other contacts per organisation, by name, in one query: the
    second person to ask there (3B7).

    Each organisation's first few are read from the index of its contacts by name (a LATERAL
    join on PostgreSQL, a correlated subquery on SQLite), not all of them: a window numbering
    every contact at Today's 25 organisations read ~900 rows for 75 (3 ms at 30,000)."""
    if not organisation_ids:
        return {}
    organisations = sorted(organisation_ids)
    postgres = connection.vendor == "postgresql"
    sql, params = _OTHER_PART.statement(
        (per_organisation, not postgres), user=user.pk, exclude_contact_ids=exclude_contact_ids
    )
    if not sql:
        return {}
    columns = ", ".join(f"other.{connection.ops.quote_name(c)}" for c in _OTHERS_COLUMNS)
    if postgres:
        query = (
            f"SELECT {columns} FROM unnest(%s::bigint[]) AS organisation(id) "
            f"CROSS JOIN LATERAL ({sql}) AS other"
        )
        args = [organisations, *params]
    else:
        query = (
            f"SELECT {columns} FROM (SELECT value AS id FROM json_each(%s)) AS organisation "
            f"JOIN {Contact._meta.db_table} AS other ON other.id IN ({sql})"
        )
        args = [json.dumps(organisations), *params]
    found: dict[int, list[OtherPerson]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(f"{query} ORDER BY other.name_key, other.id", args)
        for person in map(OtherPerson._make, cursor.fetchall()):
            found[person.organisation_id].append(person)
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
