"""Is the user ready to meet? A checklist computed from what is stored.

No item is ticked as such: each is reached by doing the thing it names, and says how (`hint`)
and where (`url`). The meeting's invitation has a button for "I sent it myself".

`readiness_for_many` serves lists (the board, Today) with a fixed number of queries however many
conversations it is given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils import timezone

from coffeechat.core.compiled import IDS, CompiledQuery
from coffeechat.core.extensions import ChangesAt, Timed
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


# The checklist's own items, in the order it lists them (later stages add theirs after).
RESEARCH = "Research written"
INTENTION = "Intention written"
TALKING_POINTS = "Talking points"
SIZED = "Question plan sized to the meeting"
NO_PROBLEMS = "Questions free of problems"


class _Checks(NamedTuple):
    """The outcome of each of the checklist's own items: what both the full checklist (with its
    hints and links) and the board's badge (the labels still to do) are made from."""

    research: bool
    intention: bool
    talking_points: bool
    size: services.Sizing
    problems: int

    def missing(self) -> list[str]:
        done = (self.research, self.intention, self.talking_points, self.size.ok, not self.problems)
        labels = (RESEARCH, INTENTION, TALKING_POINTS, SIZED, NO_PROBLEMS)
        return [label for label, ok in zip(labels, done, strict=True) if not ok]


def _checks(conversation, rows: list) -> _Checks:
    """`conversation`: a model instance or a _Conversation; `rows`: its questions (either kind)."""
    contact = conversation.contact
    # Closing questions not yet stored are clean bank questions (the bank's own tests say so),
    # so readiness reads the stored rows only; filling the unsaved ones cost most of the board.
    return _Checks(
        research=services.has_research(contact),
        intention=bool(conversation.intention.strip()),
        talking_points=bool(services.talking_points(conversation)),
        size=services.sizing(conversation.meeting_minutes, sum(1 for r in rows if not r.closing)),
        # No questions, no problems: most cards before the plan is started.
        problems=services.count_problems(rows, contact) if rows else 0,
    )


def plan_checks(conversation, rows: list) -> tuple:
    """What readiness reads of a plan and its conversation, from the rows a page has loaded
    (unsaved closing questions among them are skipped, as `readiness` skips them): a change
    that leaves this as it was leaves the list as it was (the plan's script is then answered
    without it)."""
    checks = _checks(conversation, [row for row in rows if row.pk])
    # The list shows the size's verdict and how many fit (_compute), not the count itself.
    size = checks.size
    return (*checks._replace(size=None), size.too_few, size.too_many, size.fit)


def _compute(conversation, rows: list, extra: list[Item], links: _Links) -> Readiness:
    """The full checklist, with how and where to do each item."""
    checks = _checks(conversation, rows)
    plan = links.plan(conversation.pk)
    research = links.contact_edit(conversation.contact.pk) + "#id_research_notes"
    items = [
        Item(
            RESEARCH,
            checks.research,
            "Write notes or the career story on the contact's page.",
            research,
        ),
        Item(
            INTENTION,
            checks.intention,
            "Say in a sentence or two what you want to learn.",
            plan + "#id_intention",
        ),
        Item(
            TALKING_POINTS,
            checks.talking_points,
            "Note 3–4 points about yourself to get across.",
            plan + "#id_talking_points",
        ),
    ]
    size, minutes = checks.size, conversation.meeting_minutes
    if size.too_few:
        hint = f"Plan at least {services.MIN_QUESTIONS} questions (about {size.fit} fit)."
    elif size.too_many:
        hint = f"Trim the plan to about {size.fit} questions for {minutes} minutes."
    else:
        hint = f"Keep to about {size.fit} questions for {minutes} minutes."
    items.append(Item(SIZED, size.ok, hint, plan + "#phase-questions"))
    problems = checks.problems
    items.append(
        Item(
            NO_PROBLEMS,
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
# fixed number of queries. Registered with `@more_items` at start-up; with `changes_at`, a
# function `(ids, now)` that says when time alone next changes its items (core.extensions.Timed).
MoreItems = Callable[[object, datetime], dict[int, list[Item]]]
_MORE_ITEMS: Timed[MoreItems] = Timed()


def more_items(func: MoreItems | None = None, *, changes_at: ChangesAt | None = None):
    return _MORE_ITEMS.register(func, changes_at=changes_at)


def items_change_at(ids: list[int], now: datetime) -> datetime | None:
    """The first instant after `now` at which time alone could change these conversations'
    readiness: the checklist's own items are worked out from the data alone, so the soonest the
    later stages' items name."""
    return _MORE_ITEMS.soonest_change(ids, now)


class _Loaded(NamedTuple):
    """What readiness reads for many conversations: each one, its questions and the items
    later stages add."""

    conversations: list[_Conversation]
    questions: dict[int, list[_Question]]
    extra: dict[int, list[Item]]


def _conversations_query(wanted) -> QuerySet:
    return Conversation.objects.filter(pk__in=wanted).values_list(*_FIELDS).order_by()


def _questions_query(wanted) -> QuerySet:
    return (
        PlannedQuestion.objects.filter(conversation_id__in=wanted)
        .values_list("conversation_id", "text", "closing")
        .order_by()
    )


# For a list of ids (the board), the same queries built once (core.compiled): building them cost
# more than running them. A queryset stays a subquery.
_CONVERSATIONS = CompiledQuery(_conversations_query, wanted=IDS)
_QUESTIONS = CompiledQuery(_questions_query, wanted=IDS)


def _rows(query: Callable[[object], QuerySet], compiled: CompiledQuery, wanted) -> Iterable:
    return query(wanted) if isinstance(wanted, QuerySet) else compiled.rows(wanted=wanted)


def _load(conversations, now: datetime) -> _Loaded:
    """Read what readiness needs in a fixed number of queries, for none as for many."""
    if isinstance(conversations, QuerySet):
        wanted = conversations.values("pk")
    else:
        wanted = [c if isinstance(c, int) else c.pk for c in conversations]
    loaded = [_conversation(row) for row in _rows(_conversations_query, _CONVERSATIONS, wanted)]
    # The other queries take the ids found, not the subquery again: on SQLite a subquery of a
    # subquery is planned badly, and compiling it costs more than the list. None found still
    # runs them with the subquery (it selects nothing), so the count of queries never changes.
    found = [c.pk for c in loaded] or wanted
    rows: dict[int, list[_Question]] = {c.pk: [] for c in loaded}
    for conversation_id, text, closing in _rows(_questions_query, _QUESTIONS, found):
        if conversation_id in rows:  # one added since the first query is not in this answer
            rows[conversation_id].append(_Question(text, closing))
    extra: dict[int, list[Item]] = defaultdict(list)
    for func in _MORE_ITEMS:
        for pk, more in func(found, now).items():
            extra[pk].extend(more)
    return _Loaded(loaded, rows, extra)


def readiness_for_many(conversations, now=None) -> dict[int, Readiness]:
    """Readiness per conversation id, in a fixed number of queries however many there are.

    `conversations` is a list of conversations, a list of their ids or a queryset (used as a
    subquery); none costs the same number of queries as many.
    """
    found = _load(conversations, now or timezone.now())
    links = _Links.make()
    return {
        c.pk: _compute(c, found.questions[c.pk], found.extra[c.pk], links)
        for c in found.conversations
    }


def missing_for_many(conversations, now=None) -> dict[int, tuple[str, ...]]:
    """What each conversation still lacks, as `Readiness.missing` lists it (labels only): all the
    board's badge says. The same queries as readiness_for_many, without the hints and links."""
    found = _load(conversations, now or timezone.now())
    return {
        c.pk: tuple(
            _checks(c, found.questions[c.pk]).missing()
            + [item.label for item in found.extra[c.pk] if not item.done]
        )
        for c in found.conversations
    }


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
