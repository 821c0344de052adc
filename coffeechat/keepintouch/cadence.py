"""Keep in touch: how often to write to someone, and when they are next due.

A contact's cadence is its own `keep_in_touch_days`, or else the shortest cadence among its
tags, or none. The due date is counted from the last touch of any kind (the contact's creation
when nothing was ever logged), so every logged interaction resets it. A snooze hides a due
contact until the chosen date.

The due time is stored on the contact (`keep_in_touch_due_at`) so that finding everyone due is
one indexed query; `refresh_due` recomputes it in one UPDATE from correlated subqueries (the last
touch and the tag cadence), so neither touchpoints nor tags fan out the contact rows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from coffeechat.contacts.models import Contact, Tag, Touchpoint
from coffeechat.core.compiled import CompiledQuery, model_fields
from coffeechat.core.freshness import facts_changed_in_bulk

ONE_DAY = timedelta(days=1)
SNOOZE_CHOICES = [("7", "1 week"), ("30", "1 month"), ("91", "3 months")]


def _tag_cadence() -> Subquery:
    """The shortest cadence among the tags of the contact in the outer query."""
    return Subquery(
        Tag.objects.filter(contacts=OuterRef("pk"), keep_in_touch_days__isnull=False)
        .order_by()
        .values("contacts")
        .annotate(shortest=Min("keep_in_touch_days"))
        .values("shortest")[:1],
        output_field=IntegerField(),
    )


def _last_touch() -> Subquery:
    """When the contact in the outer query was last touched (None if never)."""
    return Subquery(
        Touchpoint.objects.filter(contact=OuterRef("pk"))
        .order_by()
        .values("contact")
        .annotate(last=Max("happened_at"))
        .values("last")[:1],
        output_field=DateTimeField(),
    )


def _cadence() -> Coalesce:
    """The contact's own cadence, else the shortest of its tags' (None if neither has one)."""
    return Coalesce(F("keep_in_touch_days"), _tag_cadence(), output_field=IntegerField())


def _due_at(cadence, last_touch) -> ExpressionWrapper:
    return ExpressionWrapper(
        Coalesce(last_touch, F("created"))
        + ExpressionWrapper(cadence * Value(ONE_DAY), output_field=DurationField()),
        output_field=DateTimeField(),
    )


def _with_cadence_and_last_touch(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    return contacts.annotate(cadence_days=_cadence(), last_touch_at=_last_touch())


def with_cadence(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Annotate `cadence_days`, `last_touch_at` and `due_at` (None when there is no cadence)."""
    return _with_cadence_and_last_touch(contacts).annotate(
        due_at=_due_at(F("cadence_days"), F("last_touch_at"))
    )


def refresh_due(contacts: QuerySet[Contact]) -> int:
    """Store the keep-in-touch due time of these contacts: one UPDATE, whatever their number.

    Called whenever something it depends on changes: a touch logged, the contact's cadence or
    tags, a tag's cadence, an import, a merge or a restore (see followup.signals).
    """
    # The date is a fact of the contacts' next steps and update() sends no signals. Sent first:
    # `contacts` may select by the very date the update changes.
    facts_changed_in_bulk(refresh_due, None, contacts=contacts)
    return contacts.order_by().update(keep_in_touch_due_at=_due_at(_cadence(), _last_touch()))


def contacts_with_a_cadence(user) -> QuerySet[Contact]:
    """Only contacts that can fall due: their own cadence, or a tag that has one."""
    through = Contact.tags.through
    tagged = through.objects.filter(tag__user=user, tag__keep_in_touch_days__isnull=False).values(
        "contact_id"
    )
    return Contact.objects.owned_by(user).filter(
        Q(keep_in_touch_days__isnull=False) | Q(pk__in=tagged)
    )


def _due_ids(limit: int | None = None, *, user, now, today) -> QuerySet:
    """The ids of the user's due contacts not snoozed, soonest due first (`limit` of them: the
    shape, given to `build` only when there is one)."""
    not_snoozed = Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today)
    due = (
        Contact.objects.filter(user_id=user, keep_in_touch_due_at__lte=now)
        .filter(not_snoozed)
        .order_by("keep_in_touch_due_at", "id")
        .values_list("id")
    )
    return due if limit is None else due[:limit]


# The fields a due contact is read with.
_DUE_FIELDS = model_fields(
    Contact,
    {"id", "user_id", "display_name", "created", "keep_in_touch_days", "keep_in_touch_due_at"},
)


def _due_rows(limit: int | None = None, *, user, now, today) -> QuerySet:
    """The due contacts (`_due_ids`) with their cadence and last touch, only for the rows
    shown: the ids are a sub-select, the annotations run on those alone."""
    # The due time is already stored; computing it again would repeat both subqueries. In no
    # order: due_contacts sorts them.
    ids = _due_ids(limit, user=user, now=now, today=today)
    contacts = _with_cadence_and_last_touch(Contact.objects.filter(pk__in=ids).order_by())
    return contacts.values_list(*_DUE_FIELDS, "cadence_days", "last_touch_at")


# Today asks for the due contacts after every change of the user's data, and building this
# query took the ORM far longer than running it: built once (core.compiled). The times are
# values (the local date depends on the time zone), the limit is the shape. One statement, not
# the ids and then their rows: on PostgreSQL each query is a round trip.
_DUE_ROWS = CompiledQuery(
    _due_rows,
    user=Contact._meta.get_field("user"),
    now=Contact._meta.get_field("keep_in_touch_due_at"),
    today=Contact._meta.get_field("snoozed_until"),
)


def due_contacts(user, now: datetime, limit: int | None = None) -> list[Contact]:
    """The user's contacts whose keep-in-touch date has come, not snoozed, soonest due first.

    Each comes with `cadence_days`, `last_touch_at` and `due_at`. The stored due time makes
    this one indexed range query, whose first `limit` rows alone are annotated: one query.
    """
    today = timezone.localdate(now)
    contacts = []
    for row in _DUE_ROWS.rows(limit, user=user.pk, now=now, today=today):
        contact = Contact.from_db(DEFAULT_DB_ALIAS, _DUE_FIELDS, row[: len(_DUE_FIELDS)])
        contact.cadence_days, last_touch_at = row[len(_DUE_FIELDS) :]
        contact.due_at = contact.keep_in_touch_due_at
        contact.last_touch_at = aware(last_touch_at)
        contacts.append(contact)
    contacts.sort(key=lambda c: (c.due_at, c.pk))
    return contacts


def _next_due(user, now) -> QuerySet:
    return (
        Contact.objects.filter(user_id=user, keep_in_touch_due_at__gt=now)
        .order_by("keep_in_touch_due_at")
        .values_list("keep_in_touch_due_at")[:1]
    )


# Read when Today's list is worked out, to know how long it holds (one indexed read).
_NEXT_DUE = CompiledQuery(
    _next_due,
    user=Contact._meta.get_field("user"),
    now=Contact._meta.get_field("keep_in_touch_due_at"),
)


def next_due_after(user, now: datetime) -> datetime | None:
    """When the user's next contact falls due for keeping in touch, after `now`."""
    found = _NEXT_DUE.rows(user=user.pk, now=now)
    return found[0][0] if found else None


def aware(value):
    """Computed datetimes come back as text or naive from some backends; make them aware."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.UTC)
    return value


def tag_cadence(contact: Contact) -> int | None:
    """The shortest cadence among the contact's tags (None if none has one), from its tags as
    read: the contact page keeps them on the contact (`contact.tag_list`)."""
    tags = getattr(contact, "tag_list", None)
    if tags is None:
        tags = contact.tags.all()
    days = [tag.keep_in_touch_days for tag in tags]
    return min((d for d in days if d is not None), default=None)


def cadence_of(contact: Contact) -> dict:
    """Cadence, last touch and due date of one contact (one query)."""
    row = (
        with_cadence(Contact.objects.filter(pk=contact.pk))
        .values("cadence_days", "last_touch_at", "due_at")
        .first()
    ) or {"cadence_days": None, "last_touch_at": None, "due_at": None}
    row["due_at"] = aware(row["due_at"])
    return row


def snooze_until(choice: str, custom: date | None, today: date) -> date | None:
    """The date a snooze ends for a form choice ("7", "30", "91" days or "custom")."""
    if choice == "custom":
        return custom if custom and custom > today else None
    if choice in dict(SNOOZE_CHOICES):
        return today + timedelta(days=int(choice))
    return None
