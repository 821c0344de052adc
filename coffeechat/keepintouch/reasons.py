"""Reasons to get in touch with someone, and what the contact page's keep-in-touch panel shows.

A reason is something worth writing about: an article saved for them and not sent yet, a new
role or organisation to congratulate them on, or an update on advice of theirs the user acted on.
Every function here runs a fixed number of queries for one contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from coffeechat.contacts.models import Contact, Touchpoint, TouchpointKind
from coffeechat.core.compiled import CompiledQuery, model_fields
from coffeechat.core.templatetags.fields import blank_field_groups
from coffeechat.followup.models import ActionItem, Owner
from coffeechat.followup.reads import action_items_of
from coffeechat.keepintouch.cadence import SNOOZE_CHOICES, tag_cadence
from coffeechat.keepintouch.forms import SharedItemForm
from coffeechat.keepintouch.models import SharedItem

RECENT = timedelta(days=120)
SHOWN = 20


@dataclass(frozen=True)
class Reason:
    kind: str  # "share" | "congratulate" | "update"
    text: str
    url: str = ""


RECENT_TOUCHES = 50


def _recent_touches(contact: Contact, now) -> list[dict]:
    """The contact's newest touches of the last four months, newest first. The contact page
    has read its newest touches in the same order for the timeline (`contact.timeline`): the
    recent ones are the first of those, so they are taken from there without a query."""
    since = now - RECENT
    timeline = getattr(contact, "timeline", None)
    # The timeline holds at least as many rows as are wanted here (or all there are).
    if timeline is not None:
        recent = [t for t in timeline if t.happened_at >= since][:RECENT_TOUCHES]
        return [{"kind": t.kind, "text": t.text, "happened_at": t.happened_at} for t in recent]
    return list(
        Touchpoint.objects.filter(user_id=contact.user_id, contact=contact, happened_at__gte=since)
        .order_by("-happened_at", "-id")
        .values("kind", "text", "happened_at")[:RECENT_TOUCHES]
    )


def _done_lately(
    contact: Contact, now, last_update, actions: list[ActionItem] | None
) -> list[ActionItem]:
    """The user's own actions for the contact done in the last four months and since the last
    update sent, the latest three first."""
    if actions is not None:
        done = [
            item
            for item in actions
            if item.owner == Owner.MINE
            and item.done
            and item.done_at is not None
            and item.done_at >= now - RECENT
            and (not last_update or item.done_at > last_update)
        ]
        done.sort(key=lambda item: (item.done_at, item.pk), reverse=True)
        return done[:3]
    done = ActionItem.objects.filter(
        user_id=contact.user_id,
        contact=contact,
        owner=Owner.MINE,
        done=True,
        done_at__gte=now - RECENT,
    ).order_by("-done_at", "-id")
    if last_update:
        done = done.filter(done_at__gt=last_update)
    return list(done[:3])


def reasons_for(
    contact: Contact,
    now=None,
    saved: list[SharedItem] | None = None,
    actions: list[ActionItem] | None = None,
) -> list[Reason]:
    """`saved`: the contact's items not yet shared, newest first, and `actions`: all the
    contact's action items, if the caller has read them."""
    now = now or timezone.now()
    reasons: list[Reason] = []
    if saved is None:
        saved = SharedItem.objects.filter(
            user_id=contact.user_id, contact=contact, shared_on__isnull=True
        ).order_by("-created", "-id")[:3]
    for item in saved[:3]:
        reasons.append(Reason("share", f"Send them “{item.title}”, which you saved for them."))
    touches = _recent_touches(contact, now)
    last_written = next(
        (t["happened_at"] for t in touches if t["kind"] != TouchpointKind.NOTE), None
    )
    change = next(
        (t for t in touches if t["kind"] == TouchpointKind.NOTE and "changed" in t["text"].lower()),
        None,
    )
    if change and (last_written is None or change["happened_at"] > last_written):
        reasons.append(
            Reason(
                "congratulate",
                "Their role or organisation changed: a short note of congratulations is welcome.",
            )
        )
    last_update = next(
        (t["happened_at"] for t in touches if t["kind"] == TouchpointKind.UPDATE), None
    )
    for item in _done_lately(contact, now, last_update, actions):
        reasons.append(
            Reason(
                "update",
                f"Tell them how it went: you did “{item.text}”.",
                reverse("followup:close_loop", args=[item.pk]),
            )
        )
    return reasons


_SHARED_FIELDS = model_fields(SharedItem)
# The contact page reads it on every view: built once (core.compiled), as building it took the
# ORM longer than running it.
_SHARED = CompiledQuery(
    lambda user, pk: (
        SharedItem.objects.filter(user_id=user, contact_id=pk)
        .order_by(F("shared_on").asc(nulls_first=True), "-created", "-id")
        .values_list(*_SHARED_FIELDS)[:SHOWN]
    ),
    user=SharedItem._meta.get_field("user"),
    pk=SharedItem._meta.get_field("contact"),
)


def panel_for(contact: Contact, now=None) -> dict:
    """Everything the keep-in-touch panel shows for one contact."""
    now = now or timezone.now()
    # The page has just read the contact, with the due time that refresh_due keeps on it: no
    # need to work it out again from every touch and tag (cadence_of), which cost a third of
    # the contact page.
    due_at = contact.keep_in_touch_due_at
    cadence_days = contact.keep_in_touch_days
    if cadence_days is None:
        cadence_days = tag_cadence(contact)
    # Items still to share first (on every database: PostgreSQL sorts empty dates last), newest
    # first: the same rows give the reasons their three newest.
    items = [
        SharedItem.from_db(DEFAULT_DB_ALIAS, _SHARED_FIELDS, row)
        for row in _SHARED.rows(user=contact.user_id, pk=contact.pk)
    ]
    saved = [i for i in items if i.shared_on is None]
    today = timezone.localdate(now)
    return {
        "cadence_days": cadence_days,
        "due_on": timezone.localdate(due_at) if due_at else None,
        "is_due": bool(due_at and due_at <= now),
        "snoozed": bool(contact.snoozed_until and contact.snoozed_until > today),
        "snoozed_until": contact.snoozed_until,
        "saved": saved,
        "shared": [i for i in items if i.shared_on is not None],
        "reasons": reasons_for(contact, now, saved, action_items_of(contact)),
        "fields": blank_field_groups(SharedItemForm),
        "snooze_choices": SNOOZE_CHOICES,
    }
