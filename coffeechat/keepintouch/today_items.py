"""Today: the people due for keeping in touch, and those to connect with on LinkedIn."""

from django.db.models import QuerySet
from django.utils import timezone

from coffeechat.core.compiled import CompiledQuery
from coffeechat.core.extensions import (
    Action,
    TodayItem,
    never,
    next_local_midnight,
    provider,
    soonest_after,
)
from coffeechat.core.reversing import url_maker
from coffeechat.keepintouch.cadence import due_contacts, next_due_after
from coffeechat.pipeline.models import Conversation, Stage

KEEP_IN_TOUCH_LIMIT = 15


def keep_in_touch_change_at(user, now):
    """A contact falls due at its stored time; a snooze ends with the local date."""
    return soonest_after(now, next_due_after(user, now), next_local_midnight(user, now))


@provider(changes_at=keep_in_touch_change_at)
def keep_in_touch(user, now):
    """Contacts whose keep-in-touch date has come: two small compiled queries (cadence.py),
    however many contacts."""
    contacts = due_contacts(user, now, limit=KEEP_IN_TOUCH_LIMIT)
    # The zone and the links' patterns looked up once, not per row.
    zone = timezone.get_current_timezone()
    check_in_url = url_maker("keepintouch:check_in")
    snooze_url = url_maker("keepintouch:snooze")
    for contact in contacts:
        last = contact.last_touch_at
        since = (
            f"last touch {timezone.localdate(last, zone):%-d %b %Y}"
            if last
            else "no touch logged yet"
        )
        page = contact.get_absolute_url()
        yield TodayItem(
            kind="Keep in touch",
            title=f"Keep in touch with {contact.display_name}",
            url=page,
            when=timezone.localdate(contact.due_at, zone) if contact.due_at else None,
            detail=f"Every {contact.cadence_days} days; {since}.",
            urgency=3,
            action=Action("Log a touch", page + "#timeline-h"),
            extra_actions=(
                Action("Write a check-in", check_in_url(contact.pk)),
                Action("Snooze a month", snooze_url(contact.pk), "post"),
            ),
        )


LINKEDIN_LIMIT = 20


def _linkedin(user) -> QuerySet:
    """The user's conversations met or thanked whose contact is not connected, oldest first;
    `user` is the user's id (a placeholder when compiled)."""
    return (
        Conversation.objects.filter(
            user_id=user,
            stage__in=[Stage.MET, Stage.THANKED],
            contact__linkedin_connected=False,
        )
        .order_by("stage_changed_at", "id")
        .values_list("contact_id", "contact__display_name")[: LINKEDIN_LIMIT * 2]
    )


# Run after every change of the user's data: the ORM took longer to build this small query
# than the database to run it, so it is built once (core.compiled), and read as plain rows.
_LINKEDIN = CompiledQuery(_linkedin, user=Conversation._meta.get_field("user"))


@provider(changes_at=never)
def connect_on_linkedin(user, now):
    """People met (or thanked) and not yet connected with on LinkedIn: one query."""
    contact_url = url_maker("contacts:detail")
    connected_url = url_maker("keepintouch:linkedin")
    seen: set[int] = set()
    for contact_id, display_name in _LINKEDIN.rows(user=user.pk):
        if contact_id in seen or len(seen) >= LINKEDIN_LIMIT:
            continue
        seen.add(contact_id)
        yield TodayItem(
            kind="LinkedIn",
            title=f"Connect with {display_name} on LinkedIn",
            url=contact_url(contact_id),
            detail="After a good conversation, a connection keeps the door open.",
            urgency=3,
            action=Action("Connected", connected_url(contact_id), "post"),
        )
