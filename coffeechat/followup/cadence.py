"""Keep in touch: how often to write to someone, and when they are next due.

A contact's cadence is its own `keep_in_touch_days`, or else the shortest cadence among its
tags, or none. The due date is counted from the last touch of any kind (the contact's creation
when nothing was ever logged), so every logged interaction resets it. A snooze hides a due
contact until the chosen date.

Everything is computed in one annotated query: the last touch and the tag cadence come from
correlated subqueries, so neither the touchpoints nor the tags fan out the contact rows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

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

ONE_DAY = timedelta(days=1)
SNOOZE_CHOICES = [("7", "1 week"), ("30", "1 month"), ("91", "3 months")]


def with_cadence(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Annotate `cadence_days`, `last_touch_at` and `due_at` (None when there is no cadence)."""
    tag_cadence = (
        Tag.objects.filter(contacts=OuterRef("pk"), keep_in_touch_days__isnull=False)
        .order_by()
        .values("contacts")
        .annotate(shortest=Min("keep_in_touch_days"))
        .values("shortest")[:1]
    )
    last_touch = (
        Touchpoint.objects.filter(contact=OuterRef("pk"))
        .order_by()
        .values("contact")
        .annotate(last=Max("happened_at"))
        .values("last")[:1]
    )
    return contacts.annotate(
        cadence_days=Coalesce(
            F("keep_in_touch_days"),
            Subquery(tag_cadence),
            output_field=IntegerField(),
        ),
        last_touch_at=Subquery(last_touch, output_field=DateTimeField()),
    ).annotate(
        due_at=ExpressionWrapper(
            Coalesce(F("last_touch_at"), F("created"))
            + ExpressionWrapper(F("cadence_days") * Value(ONE_DAY), output_field=DurationField()),
            output_field=DateTimeField(),
        )
    )


def contacts_with_a_cadence(user) -> QuerySet[Contact]:
    """Only contacts that can fall due: their own cadence, or a tag that has one.

    Narrowing first keeps the per-contact subqueries of `with_cadence` off the thousands of
    imported contacts that have no cadence at all.
    """
    through = Contact.tags.through
    tagged = through.objects.filter(tag__user=user, tag__keep_in_touch_days__isnull=False).values(
        "contact_id"
    )
    return Contact.objects.owned_by(user).filter(
        Q(keep_in_touch_days__isnull=False) | Q(pk__in=tagged)
    )


def has_any_cadence(user) -> bool:
    """Cheap indexed check, so users who never set a cadence pay almost nothing."""
    return (
        Tag.objects.owned_by(user).filter(keep_in_touch_days__isnull=False).exists()
        or Contact.objects.owned_by(user).filter(keep_in_touch_days__isnull=False).exists()
    )


def due_contacts(user, now: datetime, limit: int | None = None) -> list[Contact]:
    """The user's contacts whose keep-in-touch date has come, not snoozed, soonest due first.

    Each comes with `cadence_days`, `last_touch_at` and `due_at`. Three plain queries (the
    candidates, their tag cadences, their last touches) and a sort in Python: the annotated
    form repeated its subqueries in WHERE and ORDER BY and took 50 ms for 1,500 candidates.
    """
    today = timezone.localdate(now)
    if not has_any_cadence(user):
        return []
    # Two index-friendly halves instead of one OR that scans every contact: contacts with a
    # cadence of their own, and contacts reached through a tag that has one.
    through = Contact.tags.through
    cadence_tags = Tag.objects.owned_by(user).filter(keep_in_touch_days__isnull=False)
    tag_links = through.objects.filter(tag__in=cadence_tags)
    tag_cadence: dict[int, int] = {}
    for contact_id, days in tag_links.values_list("contact_id", "tag__keep_in_touch_days"):
        tag_cadence[contact_id] = min(days, tag_cadence.get(contact_id, days))
    not_snoozed = Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today)
    fields = ("id", "display_name", "created", "keep_in_touch_days")
    own = Contact.objects.owned_by(user).filter(keep_in_touch_days__isnull=False)
    tagged = Contact.objects.owned_by(user).filter(pk__in=tag_links.values("contact_id"))
    # Plain tuples: building 1,500 model instances cost more than all the SQL.
    candidates = {row[0]: row for row in tagged.filter(not_snoozed).values_list(*fields).order_by()}
    candidates.update(
        (row[0], row) for row in own.filter(not_snoozed).values_list(*fields).order_by()
    )
    last_touch = dict(
        Touchpoint.objects.filter(user=user)
        .filter(Q(contact__in=own) | Q(contact_id__in=tag_links.values("contact_id")))
        .values("contact_id")
        .annotate(last=Max("happened_at"))
        .values_list("contact_id", "last")
    )
    due = []
    for pk, display_name, created, own_days in candidates.values():
        cadence_days = own_days or tag_cadence.get(pk)
        if not cadence_days:
            continue
        last = last_touch.get(pk)
        due_at = (last or created) + timedelta(days=cadence_days)
        if due_at <= now:
            due.append((due_at, pk, display_name, created, own_days, cadence_days, last))
    due.sort()
    chosen = []
    for due_at, pk, display_name, created, own_days, cadence_days, last in (
        due if limit is None else due[:limit]
    ):
        contact = Contact(
            id=pk,
            user=user,
            display_name=display_name,
            created=created,
            keep_in_touch_days=own_days,
        )
        contact.cadence_days, contact.last_touch_at, contact.due_at = cadence_days, last, due_at
        chosen.append(contact)
    return chosen


def cadence_of(contact: Contact) -> dict:
    """Cadence, last touch and due date of one contact (one query)."""
    row = (
        with_cadence(Contact.objects.filter(pk=contact.pk))
        .values("cadence_days", "last_touch_at", "due_at")
        .first()
    ) or {"cadence_days": None, "last_touch_at": None, "due_at": None}
    due_at = row["due_at"]
    if isinstance(due_at, str):  # some backends hand back text for computed datetimes
        due_at = datetime.fromisoformat(due_at)
    if due_at is not None and timezone.is_naive(due_at):
        due_at = timezone.make_aware(due_at, timezone.UTC)
    row["due_at"] = due_at
    return row


def snooze_until(choice: str, custom: date | None, today: date) -> date | None:
    """The date a snooze ends for a form choice ("7", "30", "91" days or "custom")."""
    if choice == "custom":
        return custom if custom and custom > today else None
    if choice in dict(SNOOZE_CHOICES):
        return today + timedelta(days=int(choice))
    return None
