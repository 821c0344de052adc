"""Reasons to get in touch with someone, and what the contact page's keep-in-touch panel shows.

A reason is something worth writing about: an article saved for them and not sent yet, a new
role or organisation to congratulate them on, or an update on advice of theirs the user acted on.
Every function here runs a fixed number of queries for one contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from coffeechat.contacts.models import Contact, Touchpoint, TouchpointKind
from coffeechat.followup.models import ActionItem, Owner
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


def reasons_for(contact: Contact, now=None, saved: list[SharedItem] | None = None) -> list[Reason]:
    """`saved`: the contact's items not yet shared, newest first, if the caller has read them."""
    now = now or timezone.now()
    reasons: list[Reason] = []
    if saved is None:
        saved = SharedItem.objects.filter(
            user_id=contact.user_id, contact=contact, shared_on__isnull=True
        ).order_by("-created", "-id")[:3]
    for item in saved[:3]:
        reasons.append(Reason("share", f"Send them “{item.title}”, which you saved for them."))
    touches = list(
        Touchpoint.objects.filter(
            user_id=contact.user_id, contact=contact, happened_at__gte=now - RECENT
        )
        .order_by("-happened_at", "-id")
        .values("kind", "text", "happened_at")[:50]
    )
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
    done = ActionItem.objects.filter(
        user_id=contact.user_id,
        contact=contact,
        owner=Owner.MINE,
        done=True,
        done_at__gte=now - RECENT,
    ).order_by("-done_at", "-id")
    if last_update:
        done = done.filter(done_at__gt=last_update)
    for item in done[:3]:
        reasons.append(
            Reason(
                "update",
                f"Tell them how it went: you did “{item.text}”.",
                reverse("followup:close_loop", args=[item.pk]),
            )
        )
    return reasons


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
    items = list(
        SharedItem.objects.filter(user_id=contact.user_id, contact=contact).order_by(
            F("shared_on").asc(nulls_first=True), "-created", "-id"
        )[:SHOWN]
    )
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
        "reasons": reasons_for(contact, now, saved),
        "form": SharedItemForm(),
        "snooze_choices": SNOOZE_CHOICES,
    }
