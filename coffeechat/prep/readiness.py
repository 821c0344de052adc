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
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils import timezone

from coffeechat.core.reversing import url_maker
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


class _Links(NamedTuple):
    """The two pages readiness links to, each reversed once per call (url_maker): the board and
    Today compute readiness for a hundred conversations at once."""

    plan: Callable[[int], str]
    contact_edit: Callable[[int], str]

    @classmethod
    def make(cls) -> _Links:
        return cls(url_maker("prep:plan"), url_maker("contacts:edit"))


def _compute(conversation, rows: list, extra: list[Item], links: _Links) -> Readiness:
    """`conversation`: a model instance or a _Conversation; `rows`: its questions (either kind)."""
    contact = conversation.contact
    plan = links.plan(conversation.pk)
    research = links.contact_edit(contact.pk) + "#id_research_notes"
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


# What readiness reads of a conversation, its contact and organisation, as plain values: the
# board asks for a hundred cards and Today for every meeting ahead, and model instances (three per
# conversation) cost more than the queries. Callers may pass cards loaded with `.only(...)`.
_FIELDS = (
    "id",
    "intention",
    "talking_points",
    "meeting_minutes",
    "contact_id",
    "contact__display_name",
    "contact__role",
    "contact__research_notes",
    "contact__career_story",
    "contact__organisation__name",
    "contact__organisation__industry",
)


class _Organisation(NamedTuple):
    name: str
    industry: str


class _Contact(NamedTuple):
    """The contact fields readiness reads (services.has_research, services.count_problems)."""

    pk: int
    display_name: str
    role: str
    research_notes: str
    career_story: str
    organisation: _Organisation | None


class _Conversation(NamedTuple):
    pk: int
    intention: str
    talking_points: str
    meeting_minutes: int
    contact: _Contact


class _Question(NamedTuple):
    text: str
    closing: bool


def _conversation(row: tuple) -> _Conversation:
    pk, intention, points, minutes, contact_id, name, role, notes, story, org, industry = row
    organisation = _Organisation(org, industry) if org is not None else None
    contact = _Contact(contact_id, name, role, notes, story, organisation)
    return _Conversation(pk, intention, points, minutes, contact)


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
    loaded = [
        _conversation(row)
        for row in Conversation.objects.filter(pk__in=wanted).values_list(*_FIELDS).order_by()
    ]
    # The other queries take the ids found, not the subquery again: on SQLite a subquery of a
    # subquery is planned badly, and compiling it costs more than the list. None found still
    # runs them with the subquery (it selects nothing), so the count of queries never changes.
    found = [c.pk for c in loaded] or wanted
    rows: dict[int, list[_Question]] = {c.pk: [] for c in loaded}
    questions = PlannedQuestion.objects.filter(conversation_id__in=found).order_by()
    for conversation_id, text, closing in questions.values_list(
        "conversation_id", "text", "closing"
    ):
        if conversation_id in rows:  # one added since the first query is not in this answer
            rows[conversation_id].append(_Question(text, closing))
    extra: dict[int, list[Item]] = defaultdict(list)
    for func in _MORE_ITEMS:
        for pk, more in func(found, now).items():
            extra[pk].extend(more)
    links = _Links.make()
    return {c.pk: _compute(c, rows[c.pk], extra[c.pk], links) for c in loaded}


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
    return _compute(conversation, [row for row in rows if row.pk], extra, _Links.make())
