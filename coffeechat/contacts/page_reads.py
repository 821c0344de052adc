"""What the contact page reads of the contact itself: the contact (with its organisation's and
referrer's names), its tags, its newest touches and the people it referred.

The page is among the most visited, and the ORM spent about a third of its time building these
small queries (the SQL ran in a few hundredths of a millisecond each): they are compiled once
per connection (core.compiled), and their rows become model instances as the ORM would make
them (`Model.from_db`), since the page and its panels call their methods.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS
from django.http import Http404

from coffeechat.contacts.models import Contact, Tag, Touchpoint
from coffeechat.core.compiled import CompiledQuery, model_fields

# The newest touches the page's timeline shows: no fewer than the 50 that keep in touch looks
# through for its reasons (keepintouch.reasons.RECENT_TOUCHES), as it takes them from here.
TIMELINE_SHOWN = 100
REFERRALS_SHOWN = 50

_CONTACT_FIELDS = model_fields(Contact)
_TOUCH_FIELDS = model_fields(
    Touchpoint, {"id", "contact_id", "happened_at", "kind", "channel", "text"}
)
_REFERRAL_FIELDS = model_fields(Contact, {"id", "referred_by_id", "display_name"})

_CONTACT = CompiledQuery(
    lambda user, pk: Contact.objects.filter(user_id=user, pk=pk).values_list(
        *_CONTACT_FIELDS, "organisation__name", "referred_by__display_name"
    ),
    user=Contact._meta.get_field("user"),
    pk=Contact._meta.pk,
)
_TAGS = CompiledQuery(
    lambda pk: Tag.objects.filter(contacts=pk).values_list("id", "name", "keep_in_touch_days"),
    pk=Contact._meta.pk,
)
_TIMELINE = CompiledQuery(
    lambda pk: Touchpoint.objects.filter(contact_id=pk).values_list(*_TOUCH_FIELDS)[
        :TIMELINE_SHOWN
    ],
    pk=Contact._meta.pk,
)
_REFERRALS = CompiledQuery(
    lambda pk: Contact.objects.filter(referred_by_id=pk).values_list(*_REFERRAL_FIELDS)[
        :REFERRALS_SHOWN
    ],
    pk=Contact._meta.pk,
)


def contact_or_404(user, pk: int) -> Contact:
    """The user's contact with this id, with `organisation_name` and `referrer_name`, or 404."""
    found = _CONTACT.rows(user=user.pk, pk=pk)
    if not found:
        raise Http404("No contact here")
    *values, organisation_name, referrer_name = found[0]
    contact = Contact.from_db(DEFAULT_DB_ALIAS, _CONTACT_FIELDS, values)
    contact.organisation_name, contact.referrer_name = organisation_name, referrer_name
    return contact


def tags_of(contact: Contact) -> list[Tag]:
    """Its tags, by name (with each one's cadence: keep in touch takes it from them)."""
    fields = ("id", "name", "keep_in_touch_days")
    return [Tag.from_db(DEFAULT_DB_ALIAS, fields, row) for row in _TAGS.rows(pk=contact.pk)]


def timeline_of(contact: Contact) -> list[Touchpoint]:
    """Its newest touches, newest first, each pointing back at `contact` (as a related manager
    would fill in: the page reads no contact again per touch)."""
    touches = []
    for row in _TIMELINE.rows(pk=contact.pk):
        touch = Touchpoint.from_db(DEFAULT_DB_ALIAS, _TOUCH_FIELDS, row)
        touch.contact = contact
        touches.append(touch)
    return touches


def referrals_of(contact: Contact) -> list[Contact]:
    """The people it referred, by name."""
    return [
        Contact.from_db(DEFAULT_DB_ALIAS, _REFERRAL_FIELDS, row)
        for row in _REFERRALS.rows(pk=contact.pk)
    ]
