"""Merge two contacts into one, and find pairs that are probably the same person."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction

from coffeechat.contacts.models import Contact
from coffeechat.contacts.normalise import normalise_email

_FILLABLE = [
    "given_name",
    "family_name",
    "linkedin_url",
    "role",
    "location",
    "time_zone",
    "research_notes",
]


@transaction.atomic
def merge_contacts(keep: Contact, remove: Contact) -> Contact:
    """Move everything that points at `remove` onto `keep`, fill `keep`'s blanks, delete `remove`.

    Every reverse relation is found through the model's metadata, so touchpoints,
    conversations, action items and anything added later follow the merged contact.
    """
    if keep.pk == remove.pk or keep.user_id != remove.user_id:
        raise ValueError("Choose two different contacts of the same person's account.")
    if keep.referred_by_id == remove.pk:
        keep.referred_by = remove.referred_by if remove.referred_by_id != keep.pk else None
    for relation in Contact._meta.related_objects:
        if relation.many_to_many or not relation.field.concrete:
            continue
        relation.related_model._default_manager.filter(**{relation.field.name: remove}).update(
            **{relation.field.name: keep}
        )
    for m2m in Contact._meta.many_to_many:
        getattr(keep, m2m.name).add(*getattr(remove, m2m.name).all())
    known = {normalise_email(e) for e in keep.emails}
    keep.emails = list(keep.emails) + [e for e in remove.emails if normalise_email(e) not in known]
    phones = {"".join(p.split()) for p in keep.phones}
    keep.phones = list(keep.phones) + [p for p in remove.phones if "".join(p.split()) not in phones]
    for name in _FILLABLE:
        if not getattr(keep, name) and getattr(remove, name):
            setattr(keep, name, getattr(remove, name))
    if not keep.organisation_id and remove.organisation_id:
        keep.organisation_id = remove.organisation_id
    links = list(keep.links or [])
    urls = {link.get("url") for link in links if isinstance(link, dict)}
    links += [x for x in remove.links or [] if isinstance(x, dict) and x.get("url") not in urls]
    keep.links = links
    keep.save()
    remove.delete()
    return keep


@dataclass
class DuplicateGroup:
    reason: str
    value: str
    contacts: list[Contact]


def likely_duplicates(user) -> list[DuplicateGroup]:
    """Groups of two or more contacts sharing a normalised name, an e-mail or a LinkedIn key."""
    buckets: dict[tuple[str, str], set[int]] = {}
    rows = Contact.objects.owned_by(user).values_list("id", "name_key", "emails", "linkedin_key")
    for pk, name_key, emails, linkedin_key in rows:
        if name_key:
            buckets.setdefault(("name", name_key), set()).add(pk)
        for email in emails or []:
            buckets.setdefault(("e-mail", normalise_email(email)), set()).add(pk)
        if linkedin_key:
            buckets.setdefault(("LinkedIn", linkedin_key), set()).add(pk)
    groups = [(key, ids) for key, ids in buckets.items() if len(ids) > 1]
    wanted = set().union(*(ids for _, ids in groups)) if groups else set()
    contacts = Contact.objects.owned_by(user).filter(id__in=wanted).select_related("organisation")
    by_id = {c.pk: c for c in contacts}
    result = []
    seen: set[frozenset[int]] = set()
    for (reason, value), ids in sorted(groups, key=lambda g: (g[0][1], g[0][0])):
        if frozenset(ids) in seen:
            continue
        seen.add(frozenset(ids))
        result.append(DuplicateGroup(reason, value, [by_id[i] for i in sorted(ids)]))
    return result


def related_counts(contact: Contact) -> dict[str, int]:
    """How many rows of each kind point at this contact (for the merge page)."""
    out = {}
    for relation in Contact._meta.related_objects:
        if relation.many_to_many or not isinstance(relation.field, models.ForeignKey):
            continue
        count = relation.related_model._default_manager.filter(
            **{relation.field.name: contact}
        ).count()
        if count:
            out[str(relation.related_model._meta.verbose_name_plural)] = count
    return out
