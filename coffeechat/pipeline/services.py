"""Moving conversations through the stages of the method, keeping a record of every move."""

from django.db import transaction
from django.utils import timezone

from coffeechat.accounts.defaults import DEFAULT_MEETING_MINUTES
from coffeechat.accounts.models import Profile
from coffeechat.pipeline.models import Conversation, Kind, Stage, StageChange

# The key date a stage sets the first time a conversation reaches it.
_STAGE_DATES = {
    Stage.REQUESTED: "requested_at",
    Stage.SCHEDULED: "replied_at",
    Stage.DECLINED: "replied_at",
    Stage.MET: "met_at",
    Stage.THANKED: "thanked_at",
    Stage.HOST_REQUESTED: "requested_at",
    Stage.HOST_ACCEPTED: "replied_at",
    Stage.HOST_HELD: "met_at",
    Stage.HOST_THANKED: "thanked_at",
}


def start_conversation(
    contact, *, intention: str = "", kind: str = Kind.ASKING, minutes: int | None = None
) -> Conversation:
    """A new conversation with `contact`: one the user asks for, or (kind "hosting") one
    someone asked the user for, which starts at its own first stage."""
    if minutes is None:
        profile = Profile.objects.filter(user=contact.user).first()
        minutes = profile.default_meeting_minutes if profile else DEFAULT_MEETING_MINUTES
    stage = Stage.HOST_REQUESTED if kind == Kind.HOSTING else Stage.PROSPECT
    with transaction.atomic():
        conversation = Conversation.objects.create(
            user=contact.user,
            contact=contact,
            intention=intention,
            meeting_minutes=minutes,
            kind=kind,
            stage=stage,
            requested_at=timezone.now() if kind == Kind.HOSTING else None,
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
