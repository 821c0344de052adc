"""Is the user ready to meet? A checklist computed from what is stored, never ticked by hand.

`readiness_for_many` serves lists (the board, Today) with a fixed number of queries however many
conversations it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.pipeline.models import Conversation
from coffeechat.prep import services
from coffeechat.prep.models import PlannedQuestion

# A meeting that started less than this long ago is still "the next meeting" (it may be running).
RUNNING = timedelta(hours=2)


@dataclass(frozen=True)
class Item:
    label: str
    done: bool
    hint: str = ""

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


def _checklist_keys(meeting) -> list[str] | None:
    """The keys of the meeting format's checklist, or None when there is no such checklist."""
    try:
        from coffeechat.meetings.checklists import items_for
    except ImportError:
        return None
    keys = []
    for entry in items_for(meeting.format) or []:
        if isinstance(entry, str):
            keys.append(entry)
        elif isinstance(entry, tuple | list):
            keys.append(str(entry[0]))
        elif isinstance(entry, dict):
            keys.append(str(entry.get("key")))
        else:
            keys.append(str(getattr(entry, "key", entry)))
    return keys


def _compute(conversation, rows: list[PlannedQuestion], meeting) -> Readiness:
    contact = conversation.contact
    items = [
        Item(
            "Research written",
            services.has_research(contact),
            "Write notes or the career story on the contact's page.",
        ),
        Item(
            "Intention written",
            bool(conversation.intention.strip()),
            "Say in a sentence or two what you want to learn.",
        ),
        Item(
            "Talking points",
            bool(services.talking_points(conversation)),
            "Note 3–4 points about yourself to get across.",
        ),
    ]
    # Closing questions not yet stored are clean bank questions (the bank's own tests say so),
    # so readiness reads the stored rows only; filling the unsaved ones cost most of the board.
    plan = rows
    size = services.sizing(conversation.meeting_minutes, sum(1 for r in plan if not r.closing))
    if size.too_few:
        hint = f"Plan at least {services.MIN_QUESTIONS} questions (about {size.fit} fit)."
    elif size.too_many:
        minutes = conversation.meeting_minutes
        hint = f"Trim the plan to about {size.fit} questions for {minutes} minutes."
    else:
        hint = ""
    items.append(Item("Question plan sized to the meeting", size.ok, hint))
    problems = services.count_problems(plan, contact)
    items.append(
        Item(
            "Questions free of problems",
            problems == 0,
            f"Reword {problems} question{'s' if problems != 1 else ''}." if problems else "",
        )
    )
    if meeting is not None:
        if hasattr(meeting, "invitation_sent_at"):
            items.append(
                Item(
                    "Invitation sent",
                    meeting.invitation_sent_at is not None,
                    "Send the calendar invitation.",
                )
            )
        ticked = getattr(meeting, "checklist_done", None)
        keys = _checklist_keys(meeting) if ticked is not None else None
        if keys:
            items.append(
                Item(
                    f"{meeting.get_format_display()} checklist done",
                    set(keys) <= set(ticked or []),
                    "Tick the meeting's checklist.",
                )
            )
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


def readiness_for_many(conversations, now=None) -> dict[int, Readiness]:
    """Readiness per conversation id, in three queries however many conversations there are.

    `conversations` is a list of conversations or a queryset; a queryset is used as a subquery,
    so even an empty one costs the same three queries (Today's query-count tests rely on it).
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
    meetings: dict[int, Meeting] = {}
    upcoming = Meeting.objects.filter(
        conversation_id__in=wanted,
        status=MeetingStatus.SCHEDULED,
        starts_at__gte=now - RUNNING,
    ).order_by("starts_at", "id")
    upcoming = upcoming.only(
        "id", "conversation_id", "starts_at", "format", "invitation_sent_at", "checklist_done"
    )
    for meeting in upcoming:
        meetings.setdefault(meeting.conversation_id, meeting)
    return {c.pk: _compute(c, rows[c.pk], meetings.get(c.pk)) for c in loaded}


def readiness(conversation) -> Readiness:
    return readiness_for_many([conversation])[conversation.pk]
