"""Small builders for test data; every object belongs to the user passed in."""

from datetime import date, timedelta

from django.utils import timezone

from coffeechat.contacts.models import Contact, Organisation, Tag, Touchpoint
from coffeechat.followup.models import ActionItem
from coffeechat.meetings.models import Meeting
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.pipeline.services import move_to_stage, start_conversation


def organisation(user, name: str = "Stripe, Inc.", **fields) -> Organisation:
    return Organisation.objects.create(user=user, name=name, **fields)


def contact(
    user, name: str = "Jordan Lee", *, org: Organisation | None = None, **fields
) -> Contact:
    given, _, family = name.partition(" ")
    return Contact.objects.create(
        user=user, given_name=given, family_name=family, organisation=org, **fields
    )


def tag(user, name: str = "ux") -> Tag:
    return Tag.objects.create(user=user, name=name)


def conversation(user, who: Contact | None = None, stage: str = Stage.PROSPECT) -> Conversation:
    conv = start_conversation(who or contact(user))
    if stage != Stage.PROSPECT:
        move_to_stage(conv, stage)
    return conv


def meeting(user, conv: Conversation, *, in_days: float = 2, **fields) -> Meeting:
    return Meeting.objects.create(
        user=user,
        conversation=conv,
        starts_at=timezone.now() + timedelta(days=in_days),
        **fields,
    )


def action(
    user, text: str = "Send the article", *, due: date | None = None, **fields
) -> ActionItem:
    return ActionItem.objects.create(user=user, text=text, due=due, **fields)


def touchpoint(user, who: Contact, kind: str = "note", text: str = "Said hello") -> Touchpoint:
    return Touchpoint.objects.create(
        user=user, contact=who, kind=kind, text=text, happened_at=timezone.now()
    )
