"""The preparation card on the conversation page (plan size and readiness), and the board's
"Ready" / "Needs preparation" badge."""

from datetime import datetime
from functools import lru_cache

from django.http import HttpRequest

from coffeechat.core.extensions import card_badges, panel
from coffeechat.pipeline.models import Conversation, Kind, Stage
from coffeechat.prep import services
from coffeechat.prep.readiness import (
    Item,
    Readiness,
    items_change_at,
    missing_for_many,
    readiness,
)
from coffeechat.prep.templatetags.prep import readiness_badge

# Once met, readiness no longer matters.
PREPARING_STAGES = {
    Stage.PROSPECT,
    Stage.RESEARCHING,
    Stage.REQUEST_DRAFTED,
    Stage.REQUESTED,
    Stage.SCHEDULED,
}


@panel("conversation", template="prep/conversation_panel.html", order=20)
def preparation_panel(request: HttpRequest, conversation: Conversation) -> dict | None:
    if conversation.kind == Kind.HOSTING:
        return None  # a conversation the user gives: nothing to ask, prepare or thank for
    count = conversation.planned_questions.filter(closing=False).count()
    return {
        "conversation": conversation,
        "prep": {
            "readiness": readiness(conversation),
            "size": services.sizing(conversation.meeting_minutes, count),
        },
    }


def _preparing(cards: list) -> list:
    return [card for card in cards if card.stage in PREPARING_STAGES]


def readiness_badges_change_at(cards: list, now: datetime) -> datetime | None:
    preparing = _preparing(cards)
    return items_change_at([card.pk for card in preparing], now) if preparing else None


@card_badges("board", changes_at=readiness_badges_change_at)
def readiness_badges(cards: list[Conversation]) -> dict[int, str]:
    """Every visible card before the meeting, at once (a fixed number of queries)."""
    preparing = _preparing(cards)
    if not preparing:
        return {}
    return {pk: _badge(labels) for pk, labels in missing_for_many(preparing).items()}


@lru_cache(maxsize=256)
def _badge(missing: tuple[str, ...]) -> str:
    """The badge of a conversation that lacks `missing`: the same few sets of labels come back
    card after card, so each is formatted once (by the badge's own tag, so it reads the same)."""
    return readiness_badge(Readiness([Item(label, False) for label in missing]))
