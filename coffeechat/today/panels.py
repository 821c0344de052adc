"""The next step on the board's cards and at the head of the conversation page: the same step,
from the same table, as on Today (today.next_step)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from coffeechat.core.extensions import card_badges, panel
from coffeechat.pipeline.models import Conversation
from coffeechat.today.facts import action_for, steps_for


def _loaded(ids: list[int]):
    # Cards and pages load only the columns they show; the facts read their own.
    return Conversation.objects.filter(pk__in=ids)


@card_badges("board")
def next_step_badges(cards: list[Conversation]) -> dict[int, str]:
    now = timezone.now()
    steps = steps_for(_loaded([card.pk for card in cards]), now)
    return {
        pk: render_to_string("today/card_step.html", {"step": step, "overdue": step.overdue(now)})
        for pk, (step, _facts) in steps.items()
    }


@panel("conversation", template="today/conversation_step.html", order=0, column="next")
def conversation_step(request: HttpRequest, conversation: Conversation) -> dict:
    now = timezone.now()
    step, facts = steps_for(_loaded([conversation.pk]), now)[conversation.pk]
    return {"step": step, "action": action_for(step, facts), "overdue": step.overdue(now)}
