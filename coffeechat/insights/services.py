"""Loading what the synthesis needs from the database, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, OuterRef, Subquery

from coffeechat.core.freshness import cached_for_user
from coffeechat.core.reversing import url_maker
from coffeechat.insights import synthesis
from coffeechat.insights.models import CareerPath
from coffeechat.meetings.models import Capture, Meeting, MeetingStatus
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.prep.models import PlannedQuestion

MET_STAGES = {Stage.MET, Stage.THANKED, Stage.KEEPING_IN_TOUCH}


# The columns a synthesis column is made of: one row per conversation, no model instances.
COLUMN_FIELDS = (
    "pk",
    "stage",
    "met_at",
    "contact__display_name",
    "contact__role",
    "contact__organisation__name",
)


def path_conversations(path: CareerPath):
    """The path's conversations with contact and organisation, and when they were (to be) met."""
    meetings = Meeting.objects.filter(conversation=OuterRef("pk"))
    held = meetings.filter(status=MeetingStatus.HELD).order_by("starts_at").values("starts_at")
    upcoming = meetings.filter(status=MeetingStatus.SCHEDULED)
    upcoming = upcoming.order_by("starts_at").values("starts_at")
    return (
        Conversation.objects.owned_by(path.user)
        .filter(path.conversation_filter())
        .annotate(held_at=Subquery(held[:1]), next_at=Subquery(upcoming[:1]))
    )


def column_for(row: dict, url: Callable[[int], str]) -> synthesis.Column:
    """A synthesis column from one row of `path_conversations(...).values(*COLUMN_FIELDS, ...)`."""
    met_at, held_at = row["met_at"], row["held_at"]
    met = bool(met_at or held_at or row["stage"] in MET_STAGES)
    when = met_at or held_at or row["next_at"]
    bits = [row["contact__role"], row["contact__organisation__name"] or ""]
    return synthesis.Column(
        id=row["pk"],
        title=row["contact__display_name"],
        subtitle=", ".join(b for b in bits if b),
        met=met,
        when=when,
        url=url(row["pk"]),
    )


def entries_for(user, conversation_ids) -> list[synthesis.Entry]:
    """Captures and question notes of these conversations (two queries)."""
    entries = []
    captures = (
        Capture.objects.owned_by(user)
        .filter(meeting__conversation_id__in=conversation_ids)
        .values_list("meeting__conversation_id", "kind", "topic", "text", "url")
        .order_by("meeting__starts_at", "id")
    )
    for conversation_id, kind, topic, text, url in captures:
        entries.append(
            synthesis.Entry(conversation_id, synthesis.capture_topic(kind, topic), text, kind, url)
        )
    notes = (
        PlannedQuestion.objects.owned_by(user)
        .filter(conversation_id__in=conversation_ids)
        .exclude(note="")
        .values_list("conversation_id", "topic", "text", "note")
        .order_by("closing", "position", "id")
    )
    for conversation_id, topic, question, note in notes:
        row = synthesis.note_topic(topic)
        if row is not None:
            entries.append(synthesis.Entry(conversation_id, row, f"{question} — {note}", "note"))
    return entries


def synthesis_for(path: CareerPath) -> synthesis.Synthesis:
    """The path's synthesis, worked out once per change of the user's data (core.freshness):
    the path page, the comparison and the exports read the same one."""
    return cached_for_user(path.user, f"synthesis:{path.pk}", lambda: build_synthesis(path))


def compare_column_for(path: CareerPath) -> tuple[int, list[synthesis.CompareCell]]:
    """How many conversations the path has, and its column of the comparison; kept per change
    of the user's data, small (not the whole synthesis) so that reading it back is quick."""

    def work_out() -> tuple[int, list[synthesis.CompareCell]]:
        found = build_synthesis(path)
        return len(found.columns), synthesis.compare_column(found)

    return cached_for_user(path.user, f"compare:{path.pk}", work_out)


def build_synthesis(path: CareerPath) -> synthesis.Synthesis:
    """Three queries whatever the number of conversations."""
    rows = list(path_conversations(path).values(*COLUMN_FIELDS, "held_at", "next_at"))
    url = url_maker("pipeline:conversation_detail")
    columns = [column_for(row, url) for row in rows]
    ids = [c.id for c in columns]
    # A sub-select keeps the parameter list short even for large paths.
    id_query = path_conversations(path).values("pk") if len(ids) > 500 else ids
    return synthesis.build(columns, entries_for(path.user, id_query))


def link_counts(user) -> dict[int, dict[str, int]]:
    """For the list page: how many conversations, contacts, organisations each path links."""
    counts: dict[int, dict[str, int]] = {}
    for name in ("conversations", "contacts", "organisations"):
        through = getattr(CareerPath, name).through
        rows = (
            through.objects.filter(careerpath__user=user)
            .values("careerpath_id")
            .annotate(n=Count("id"))
            .values_list("careerpath_id", "n")
        )
        for path_id, n in rows:
            counts.setdefault(path_id, {})[name] = n
    return counts
