"""Moving conversations through the stages of the method, keeping a record of every move."""

from django.db import transaction
from django.utils import timezone

from coffeechat.accounts.defaults import DEFAULT_MEETING_MINUTES
from coffeechat.accounts.models import Profile
from coffeechat.pipeline.models import Conversation, Stage, StageChange

# The key date a stage sets the first time a conversation reaches it.
_STAGE_DATES = {
    Stage.REQUESTED: "requested_at",
    Stage.SCHEDULED: "replied_at",
    Stage.DECLINED: "replied_at",
    Stage.MET: "met_at",
    Stage.THANKED: "thanked_at",
}


def start_conversation(contact, *, intention: str = "") -> Conversation:
    profile = Profile.objects.filter(user=contact.user).first()
    minutes = profile.default_meeting_minutes if profile else DEFAULT_MEETING_MINUTES
    with transaction.atomic():
        conversation = Conversation.objects.create(
            user=contact.user, contact=contact, intention=intention, meeting_minutes=minutes
        )
        StageChange.objects.create(
            conversation=conversation, from_stage="", to_stage=conversation.stage
        )
    return conversation


def move_to_stage(conversation: Conversation, stage: str, *, at=None) -> bool:
    """Move to `stage`; returns False when the conversation was already there."""
    stage = Stage(stage)
    if conversation.stage == stage:
        return False
    at = at or timezone.now()
    with transaction.atomic():
        StageChange.objects.create(
            conversation=conversation, from_stage=conversation.stage, to_stage=stage, at=at
        )
        conversation.stage = stage
        conversation.stage_changed_at = at
        fields = ["stage", "stage_changed_at", "updated"]
        date_field = _STAGE_DATES.get(stage)
        if date_field and getattr(conversation, date_field) is None:
            setattr(conversation, date_field, at)
            fields.append(date_field)
        conversation.save(update_fields=fields)
    return True
