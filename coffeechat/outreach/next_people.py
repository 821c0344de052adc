"""Who to ask next: prospects ranked by warmth, the user's target organisations and stated
interests, and age.

The order is (warmth, organisation interest highest first, matches the profile's career
interests first, created, id). Sorting every contact by it took 25 ms at 30,000 contacts, so it
is three short queries instead, each stopping at `limit` rows: people at organisations the user
marked as interesting (usually few, sorted in full), people elsewhere whose role, organisation or
industry matches a stated interest, and everyone else, read in order from the (user, warmth,
created, id) index. Within each part the order is the overall order, so the best `limit` of the
three lists are the best overall.
"""

import re
from functools import reduce
from operator import or_

from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.compiled import CompiledQuery, model_fields
from coffeechat.outreach.models import Reply
from coffeechat.pipeline.models import Conversation, Stage

EARLY_STAGES = [Stage.PROSPECT, Stage.RESEARCHING]

# Where a stated interest is looked for in a contact.
INTEREST_FIELDS = ("role", "organisation__name", "organisation__industry")
# Words too general to say that a person matches an interest on their own.
GENERIC_WORDS = {
    "about", "business", "career", "careers", "company", "companies", "consulting", "field",
    "fields", "industry", "management", "organisation", "organisations", "roles", "senior",
    "junior", "work", "working",
}  # fmt: skip
_SPLIT_RE = re.compile(r"[,;/\n]+|\band\b|\bor\b", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]{5,}", re.UNICODE)


def interest_terms(text: str) -> list[str]:
    """The phrases and telling words of the profile's "career interests", lower case.

    "Renewable energy, sustainability consulting" gives "renewable energy", "sustainability
    consulting", and the words "renewable", "energy", "sustainability" (general words such as
    "consulting" are left out on their own).
    """
    terms: list[str] = []
    for part in _SPLIT_RE.split(text or ""):
        phrase = " ".join(part.split()).strip(" .").lower()
        if len(phrase) < 3:
            continue
        candidates = [phrase]
        if " " in phrase:
            candidates += [w for w in _WORD_RE.findall(phrase) if w not in GENERIC_WORDS]
        for term in candidates:
            if term not in terms and term not in GENERIC_WORDS:
                terms.append(term)
    return terms


def user_interest_terms(user) -> list[str]:
    # The profile a request has already loaded (accounts' middleware reads it for every page):
    # Today asks after every change of the user's data, and a query of its own cost a round trip.
    profile = getattr(user, "profile", None)
    return interest_terms(profile.career_interests if profile is not None else "")


def _interest_q(terms: list[str]) -> Q | None:
    if not terms:
        return None
    return reduce(or_, (Q(**{f"{f}__icontains": t}) for t in terms for f in INTEREST_FIELDS))


def matched_interest(person: Contact, terms: list[str]) -> str:
    """The first stated interest this person's role, organisation or industry matches, or ""."""
    org = person.organisation if person.organisation_id else None
    haystack = " ".join([person.role, org.name if org else "", org.industry if org else ""]).lower()
    return next((t for t in terms if t in haystack), "")


def who_to_ask_next(user, limit: int = 20) -> list[Contact]:
    return ranked_prospects(user, limit)


class RankedProspects:
    """Every prospect, best first, for a Paginator: a page reads only the rows up to its end."""

    def __init__(self, user) -> None:
        self.user = user
        self.terms = user_interest_terms(user)

    def count(self) -> int:
        beyond = Conversation.objects.filter(contact=OuterRef("pk")).exclude(stage__in=EARLY_STAGES)
        return Contact.objects.owned_by(self.user).filter(~Exists(beyond)).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        return ranked_prospects(self.user, stop, terms=self.terms)[start:stop]


# What a prospect row carries: the contact's columns, then its organisation's, then the two
# annotations. Read as plain rows by compiled queries (core.compiled): building these three
# queries took the ORM 4 ms for a few rows that the database found in 0.1.
_CONTACT_COLUMNS = model_fields(
    Contact,
    {"id", "user_id", "display_name", "given_name", "role", "warmth", "created", "organisation_id"},
)
_ORGANISATION_COLUMNS = ("name", "industry", "interest")
_COLUMNS = (
    *_CONTACT_COLUMNS,
    *(f"organisation__{name}" for name in _ORGANISATION_COLUMNS),
    "early_conversation_id",
    "matches",
)


def _prospects(shape: tuple[str, int, tuple[str, ...]], user) -> QuerySet:
    """One part of the ranking (see the module's docstring), its best `limit` rows; `user` is
    the user's id (a placeholder when compiled)."""
    part, limit, terms = shape
    interest_q = _interest_q(list(terms))
    matches = (
        Case(When(interest_q, then=Value(1)), default=Value(0), output_field=IntegerField())
        if interest_q is not None
        else Value(0, output_field=IntegerField())
    )
    # By contact only (the contact is already the user's): SQLite then uses the contact index
    # instead of scanning all the user's conversations for every contact.
    conversations = Conversation.objects.filter(contact=OuterRef("pk"))
    beyond = conversations.exclude(stage__in=EARLY_STAGES)
    early = conversations.filter(stage__in=EARLY_STAGES).order_by("-stage_changed_at", "-id")
    if part == "interesting":
        # Found through the organisation index: filtering on the user as well made SQLite walk
        # every contact. The organisations are the user's, so their people are too (checked).
        interesting = Organisation.objects.filter(user_id=user, interest__gt=0).values("pk")
        contacts = Contact.objects.filter(organisation__in=interesting)
        order = ("warmth", "-organisation__interest", "-matches", "created", "id")
    else:
        contacts = Contact.objects.filter(user_id=user).filter(
            Q(organisation__isnull=True) | Q(organisation__interest=0)
        )
        order = ("warmth", "created", "id")
    found = contacts.filter(~Exists(beyond)).annotate(
        early_conversation_id=Subquery(early.values("pk")[:1]), matches=matches
    )
    if part != "interesting":
        # Those matching a stated interest, then the rest: each read in index order.
        found = found.filter(matches=1 if part == "matching" else 0)
    return found.order_by(*order).values_list(*_COLUMNS)[:limit]


_PROSPECTS = CompiledQuery(_prospects, user=Contact._meta.get_field("user"))


def _prospect(row: tuple) -> Contact:
    """A Contact (and its organisation) from a prospect row, as the ORM would make them."""
    contact_values = row[: len(_CONTACT_COLUMNS)]
    person = Contact.from_db(DEFAULT_DB_ALIAS, _CONTACT_COLUMNS, contact_values)
    organisation_values = row[len(_CONTACT_COLUMNS) : -2]
    if person.organisation_id:
        person.organisation = Organisation.from_db(
            DEFAULT_DB_ALIAS,
            ("id", *_ORGANISATION_COLUMNS),
            (person.organisation_id, *organisation_values),
        )
    person.early_conversation_id, person.matches = row[-2:]
    return person


def ranked_prospects(user, limit: int, *, terms: list[str] | None = None) -> list[Contact]:
    """Contacts with no conversation, or only one still at prospect/researching, best first.

    Each row carries `warmth` (0 warmest … 3 cold), `org_interest`, `interest_match` (the
    stated interest it matches, or "") and `early_conversation_id`. Four queries at most,
    whatever the number of contacts.
    """
    if terms is None:
        terms = user_interest_terms(user)
    parts = ["interesting", "matching", "rest"] if terms else ["interesting", "rest"]
    # The parts in one statement (each its own best `limit`): one round trip, not three. Every
    # row is checked to be the user's ("interesting" is found through organisations).
    shapes = [(part, limit, tuple(terms)) for part in parts]
    found = map(_prospect, _PROSPECTS.rows_of(shapes, user=user.pk))
    people = [person for person in found if person.user_id == user.pk]
    for person in people:
        person.org_interest = person.organisation.interest if person.organisation_id else 0
        person.interest_match = matched_interest(person, terms) if person.matches else ""
    ranked = sorted(
        people,
        key=lambda p: (p.warmth, -p.org_interest, -p.matches, p.created, p.pk),
    )
    return ranked[:limit]


def _waiting(user) -> QuerySet:
    replies = Reply.objects.filter(conversation=OuterRef("pk")).exclude(outcome="out_of_office")
    return (
        Conversation.objects.filter(user_id=user, stage=Stage.REQUESTED)
        .filter(~Exists(replies))
        .order_by()
        .values("user_id")
        .annotate(waiting=Count("pk"))
        .values_list("waiting")
    )


_WAITING = CompiledQuery(_waiting, user=Conversation._meta.get_field("user"))


def waiting_count(user) -> int:
    """Requests sent that still wait for an answer."""
    found = _WAITING.rows(user=user.pk)  # one row per user, none if nothing waits
    return found[0][0] if found else 0
