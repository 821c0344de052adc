"""Is the user ready to meet? A checklist computed from what is stored.

No item is ticked as such: each is reached by doing the thing it names, and says how (`hint`)
and where (`url`). The meeting's invitation has a button for "I sent it myself".

`readiness_for_many` serves lists (the board, Today) with a fixed number of queries however many
conversations it is given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from coffeechat.core.reversing import url_with_id
from coffeechat.pipeline.models import Conversation
from coffeechat.prep import services
from coffeechat.prep.models import PlannedQuestion


@dataclass(frozen=True)
class Item:
    label: str
    done: bool
    hint: str = ""  # how to get it done, in a short sentence
    url: str = ""  # where to do it

    # Unpacks as (label, done, hint).
    def __iter__(self):
        return iter((self.label, self.done, self.hint))


@dataclass(frozen=True)
class Readiness:
    items: list[Item] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.items if not item.done]


def _compute(conversation, rows: list[PlannedQuestion], extra: list[Item]) -> Readiness:
    contact = conversation.contact
    # Each name reversed once per process, anchors added: the board computes this for every card.
    plan = url_with_id("prep:plan", conversation.pk)
    research = url_with_id("contacts:edit", contact.pk) + "#id_research_notes"
    items = [
        Item(
            "Research written",
            services.has_research(contact),
            "Write notes or the career story on the contact's page.",
            research,
        ),
        Item(
            "Intention written",
            bool(conversation.intention.strip()),
            "Say in a sentence or two what you want to learn.",
            plan + "#id_intention",
        ),
        Item(
            "Talking points",
            bool(services.talking_points(conversation)),
            "Note 3–4 points about yourself to get across.",
            plan + "#id_talking_points",
        ),
    ]
    # Closing questions not yet stored are clean bank questions (the bank's own tests say so),
    # so readiness reads the stored rows only; filling the unsaved ones cost most of the board.
    minutes = conversation.meeting_minutes
    size = services.sizing(minutes, sum(1 for r in rows if not r.closing))
    if size.too_few:
        hint = f"Plan at least {services.MIN_QUESTIONS} questions (about {size.fit} fit)."
    elif size.too_many:
        hint = f"Trim the plan to about {size.fit} questions for {minutes} minutes."
    else:
        hint = f"Keep to about {size.fit} questions for {minutes} minutes."
    items.append(
        Item("Question plan sized to the meeting", size.ok, hint, plan + "#phase-questions")
    )
    problems = services.count_problems(rows, contact)
    items.append(
        Item(
            "Questions free of problems",
            problems == 0,
            f"Reword {problems} question{'s' if problems != 1 else ''}."
            if problems
            else "Reword any question the coach flags.",
            plan + "#phase-questions",
        )
    )
    items.extend(extra)
    return Readiness(items)


# What readiness reads; fetched here, so callers may pass cards loaded with `.only(...)`.
_FIELDS = [
    "id",
    "user_id",
    "intention",
    "talking_points",
    "meeting_minutes",
    "contact__display_name",
    "contact__given_name",
    "contact__role",
    "contact__research_notes",
    "contact__career_story",
    "contact__organisation__name",
    "contact__organisation__industry",
    "contact__organisation__research_notes",
]


# Later stages add their own items (the meetings app: invitation sent, checklist ticked): each
# function takes the wanted conversations (ids or a subquery) and returns {id: [Item, ...]}, in a
# fixed number of queries. Registered with `@more_items` at start-up.
MoreItems = Callable[[object, datetime], dict[int, list[Item]]]
_MORE_ITEMS: list[MoreItems] = []


def more_items(func: MoreItems) -> MoreItems:
    _MORE_ITEMS.append(func)
    return func


def readiness_for_many(conversations, now=None) -> dict[int, Readiness]:
    """Readiness per conversation id, in a fixed number of queries however many there are.

    `conversations` is a list of conversations or a queryset; a queryset is used as a subquery,
    so even an empty one costs the same number of queries (Today's query-count tests rely on it).
    """
    now = now or timezone.now()
    if isinstance(conversations, QuerySet):
        wanted = conversations.values("pk")
    else:
        wanted = [c.pk for c in conversations]
        if not wanted:
            return {}
    loaded = list(
        Conversation.objects.filter(pk__in=wanted)
        .select_related("contact__organisation")
        .only(*_FIELDS)
    )
    rows: dict[int, list[PlannedQuestion]] = {c.pk: [] for c in loaded}
    for row in PlannedQuestion.objects.filter(conversation_id__in=wanted).only(
        "id", "conversation_id", "text", "bank_slug", "position", "closing"
    ):
        rows.setdefault(row.conversation_id, []).append(row)
    extra: dict[int, list[Item]] = defaultdict(list)
    for func in _MORE_ITEMS:
        for pk, more in func(wanted, now).items():
            extra[pk].extend(more)
    return {c.pk: _compute(c, rows[c.pk], extra[c.pk]) for c in loaded}


def readiness(conversation, rows: list[PlannedQuestion] | None = None) -> Readiness:
    """One conversation's readiness. The plan page passes the plan it has loaded (`rows`, with
    the conversation's contact and organisation), which saves reading both again."""
    if rows is None:
        return readiness_for_many([conversation])[conversation.pk]
    extra = [
        item
        for func in _MORE_ITEMS
        for item in func([conversation.pk], timezone.now()).get(conversation.pk, [])
    ]
    return _compute(conversation, [row for row in rows if row.pk], extra)
