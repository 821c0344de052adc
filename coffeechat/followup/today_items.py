"""Today: my action items due within the next week, and the people due for keeping in touch."""

from datetime import timedelta

from django.utils import timezone

from coffeechat.followup.models import ActionItem, Owner
from coffeechat.today.registry import Action, TodayItem, provider

HORIZON_DAYS = 7
LIMIT = 20


@provider
def action_items(user, now):
    today = timezone.localdate(now)
    items = (
        ActionItem.objects.owned_by(user)
        .filter(done=False, owner=Owner.MINE, due__lte=today + timedelta(days=HORIZON_DAYS))
        .select_related("contact")
        .only("id", "text", "due", "conversation_id", "contact_id", "contact__display_name")
        .order_by("due", "id")[:LIMIT]
    )
    for item in items:
        yield TodayItem(
            kind="Action",
            title=item.text,
            url=(
                f"/conversations/{item.conversation_id}/"
                if item.conversation_id
                else f"/contacts/{item.contact_id}/"
                if item.contact_id
                else "/"
            ),
            when=item.due,
            detail=f"For {item.contact}" if item.contact else "",
            overdue=item.due < today,
            urgency=1 if item.due == today else 2,
            action=Action("Done", f"/actions/{item.pk}/toggle/", "post"),
        )


KEEP_IN_TOUCH_LIMIT = 15


@provider
def keep_in_touch(user, now):
    """Contacts whose keep-in-touch date has come: one annotated query, however many contacts."""
    from coffeechat.followup.cadence import due_contacts

    contacts = due_contacts(user, now, limit=KEEP_IN_TOUCH_LIMIT)
    for contact in contacts:
        last = contact.last_touch_at
        since = (
            f"last touch {timezone.localdate(last):%-d %b %Y}" if last else "no touch logged yet"
        )
        yield TodayItem(
            kind="Keep in touch",
            title=f"Keep in touch with {contact.display_name}",
            url=f"/contacts/{contact.pk}/",
            when=timezone.localdate(contact.due_at) if contact.due_at else None,
            detail=f"Every {contact.cadence_days} days; {since}.",
            urgency=3,
            action=Action("Log a touch", f"/contacts/{contact.pk}/#timeline-h"),
            extra_actions=(
                Action("Snooze a month", f"/actions/contacts/{contact.pk}/snooze/", "post"),
            ),
        )


LINKEDIN_LIMIT = 20


@provider
def connect_on_linkedin(user, now):
    """People met (or thanked) and not yet connected with on LinkedIn: one query."""
    from coffeechat.pipeline.models import Conversation, Stage

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
            url=f"/contacts/{contact.pk}/",
            detail="After a good conversation, a connection keeps the door open.",
            urgency=3,
            action=Action("Connected", f"/actions/contacts/{contact.pk}/linkedin/", "post"),
        )


THANKS_LIMIT = 30
THANKS_WITHIN = timedelta(hours=24)


@provider
def thank_you_due(user, now):
    """Conversations met and not thanked yet: due within a day of the meeting, then overdue."""
    from django.db.models import DateTimeField, Max, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from coffeechat.meetings.models import Meeting
    from coffeechat.pipeline.models import Conversation, Stage

    ended = (
        Meeting.objects.filter(conversation=OuterRef("pk"), ended_at__isnull=False)
        .order_by()
        .values("conversation")
        .annotate(last=Max("ended_at"))
        .values("last")[:1]
    )
    conversations = (
        Conversation.objects.owned_by(user)
        .filter(stage=Stage.MET)
        .annotate(
            ended=Coalesce(
                Subquery(ended), "met_at", "stage_changed_at", output_field=DateTimeField()
            )
        )
        .select_related("contact")
        .only("id", "contact__id", "contact__display_name")
        .order_by("ended", "id")[:THANKS_LIMIT]
    )
    for conversation in conversations:
        due = conversation.ended + THANKS_WITHIN
        overdue = now > due
        yield TodayItem(
            kind="Thank-you",
            title=f"Thank-you due to {conversation.contact.display_name}",
            url=f"/actions/thanks/{conversation.pk}/",
            when=due,
            detail="More than a day since you met: send it today."
            if overdue
            else "Best sent within a day, while the conversation is fresh.",
            overdue=overdue,
            urgency=0 if overdue else 1,
            action=Action("Write it", f"/actions/thanks/{conversation.pk}/"),
        )
