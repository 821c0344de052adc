"""Today: the people due for keeping in touch, and those to connect with on LinkedIn."""

from django.utils import timezone

from coffeechat.core.extensions import Action, TodayItem, provider
from coffeechat.core.reversing import url_with_id
from coffeechat.keepintouch.cadence import due_contacts
from coffeechat.pipeline.models import Conversation, Stage

KEEP_IN_TOUCH_LIMIT = 15


@provider
def keep_in_touch(user, now):
    """Contacts whose keep-in-touch date has come: one annotated query, however many contacts."""
    contacts = due_contacts(user, now, limit=KEEP_IN_TOUCH_LIMIT)
    for contact in contacts:
        last = contact.last_touch_at
        since = (
            f"last touch {timezone.localdate(last):%-d %b %Y}" if last else "no touch logged yet"
        )
        yield TodayItem(
            kind="Keep in touch",
            title=f"Keep in touch with {contact.display_name}",
            url=contact.get_absolute_url(),
            when=timezone.localdate(contact.due_at) if contact.due_at else None,
            detail=f"Every {contact.cadence_days} days; {since}.",
            urgency=3,
            action=Action("Log a touch", contact.get_absolute_url() + "#timeline-h"),
            extra_actions=(
                Action("Write a check-in", url_with_id("keepintouch:check_in", contact.pk)),
                Action("Snooze a month", url_with_id("keepintouch:snooze", contact.pk), "post"),
            ),
        )


LINKEDIN_LIMIT = 20


@provider
def connect_on_linkedin(user, now):
    """People met (or thanked) and not yet connected with on LinkedIn: one query."""
    conversations = (
        Conversation.objects.owned_by(user)
        .filter(stage__in=[Stage.MET, Stage.THANKED], contact__linkedin_connected=False)
        .select_related("contact")
        .only("id", "stage_changed_at", "contact__id", "contact__display_name")
        .order_by("stage_changed_at", "id")[: LINKEDIN_LIMIT * 2]
    )
    seen: set[int] = set()
    for conversation in conversations:
        contact = conversation.contact
        if contact.pk in seen or len(seen) >= LINKEDIN_LIMIT:
            continue
        seen.add(contact.pk)
        yield TodayItem(
            kind="LinkedIn",
            title=f"Connect with {contact.display_name} on LinkedIn",
            url=contact.get_absolute_url(),
            detail="After a good conversation, a connection keeps the door open.",
            urgency=3,
            action=Action("Connected", url_with_id("keepintouch:linkedin", contact.pk), "post"),
        )
