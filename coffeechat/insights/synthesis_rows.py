"""What a path's synthesis is made of, read with hand-written SQL.

The first view after a change reads a path's conversations (with their contact, organisation
and meetings), captures and question notes: for 200 conversations, compiling the three ORM
queries (the path's filter, two correlated sub-selects, the conversations' ids as 200
parameters twice) took longer than running them, and converting each row's times in Python
again as long. Here the SQL is written once, every part scoped to the user and the path, and
the conversations found by the same rule as `CareerPath.conversation_filter` (the ORM version,
kept as the definition; `tests/test_synthesis_rows.py` checks the two agree, row for row).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from django.db import connection

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.insights import synthesis
from coffeechat.insights.models import CareerPath
from coffeechat.meetings.models import Capture, Meeting, MeetingStatus
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.prep.models import PlannedQuestion

MET_STAGES = {Stage.MET, Stage.THANKED, Stage.KEEPING_IN_TOUCH}


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _in_path() -> str:
    """`CareerPath.conversation_filter` for conversations `c`: linked directly, through their
    contact, or through the contact's organisation. Parameters: the path, three times."""
    by_conversation = _table(CareerPath.conversations.through)
    by_contact = _table(CareerPath.contacts.through)
    by_organisation = _table(CareerPath.organisations.through)
    contacts = _table(Contact)
    # One set of ids, the union of the three ways, so that the databases know it is small:
    # with the contact's two inside one sub-select (`id IN (...) OR organisation_id IN (...)`,
    # as the ORM writes it) PostgreSQL scanned all of the contacts table (97 ms at 60,000
    # contacts), and with the three ORed it guessed 1,750 of 2,000 conversations and read the
    # contacts table whole to join them.
    conversations = _table(Conversation)
    return (
        f"c.id IN (SELECT conversation_id FROM {by_conversation} WHERE careerpath_id = %s "
        f"UNION SELECT id FROM {conversations} WHERE contact_id IN "
        f"(SELECT contact_id FROM {by_contact} WHERE careerpath_id = %s) "
        f"UNION SELECT id FROM {conversations} WHERE contact_id IN "
        f"(SELECT id FROM {contacts} WHERE organisation_id IN "
        f"(SELECT organisation_id FROM {by_organisation} WHERE careerpath_id = %s)))"
    )


def _path_conversations() -> str:
    """A sub-select of the ids of the path's conversations. Parameters: the user, then the path
    three times."""
    return f"SELECT c.id FROM {_table(Conversation)} c WHERE c.user_id = %s AND {_in_path()}"


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _moment(value) -> datetime | None:
    """A stored time as an aware datetime: PostgreSQL's driver gives one; SQLite gives UTC text
    (or, for a plain column, a naive datetime through Django's converter)."""
    if value is None or isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
        if value.tzinfo is not None:
            return value
    return value.replace(tzinfo=UTC)


def columns(path: CareerPath) -> Iterator[tuple[int, str, str, bool, datetime | None]]:
    """Each conversation of the path: id, title, subtitle, met, and when it was (to be) met.
    One query."""
    meetings = _table(Meeting)
    first_meeting = (
        f"(SELECT MIN(m.starts_at) FROM {meetings} m WHERE m.conversation_id = c.id "
        "AND m.status = %s)"
    )
    sql = (
        f"SELECT c.id, c.stage, c.met_at, ct.display_name, ct.role, o.name, "
        f"{first_meeting}, {first_meeting} "
        f"FROM {_table(Conversation)} c JOIN {_table(Contact)} ct ON ct.id = c.contact_id "
        f"LEFT JOIN {_table(Organisation)} o ON o.id = ct.organisation_id "
        f"WHERE c.user_id = %s AND {_in_path()}"
    )
    params = [MeetingStatus.HELD, MeetingStatus.SCHEDULED, path.user_id, *[path.pk] * 3]
    for pk, stage, met_at, name, role, organisation, held_at, next_at in _rows(sql, params):
        met_at, held_at = _moment(met_at), _moment(held_at)
        subtitle = ", ".join(bit for bit in (role, organisation or "") if bit)
        met = bool(met_at or held_at or stage in MET_STAGES)
        yield pk, name, subtitle, met, met_at or held_at or _moment(next_at)


def entries(path: CareerPath) -> list[synthesis.Entry]:
    """Captures and question notes of the path's conversations (two queries)."""
    found = []
    conversations = _path_conversations()
    path_params = [path.user_id, *[path.pk] * 3]
    captures = (
        f"SELECT m.conversation_id, k.kind, k.topic, k.text, k.url FROM {_table(Capture)} k "
        f"JOIN {_table(Meeting)} m ON m.id = k.meeting_id "
        f"WHERE k.user_id = %s AND m.conversation_id IN ({conversations}) "
        "ORDER BY m.starts_at, k.id"
    )
    for conversation_id, kind, topic, text, url in _rows(captures, [path.user_id, *path_params]):
        row = synthesis.capture_topic(kind, topic)
        found.append(synthesis.Entry(conversation_id, row, text, kind, url))
    notes = (
        f"SELECT q.conversation_id, q.topic, q.text, q.note FROM {_table(PlannedQuestion)} q "
        f"WHERE q.user_id = %s AND q.conversation_id IN ({conversations}) AND q.note <> '' "
        "ORDER BY q.closing, q.position, q.id"
    )
    for conversation_id, topic, question, note in _rows(notes, [path.user_id, *path_params]):
        row = synthesis.note_topic(topic)
        if row is not None:
            found.append(synthesis.Entry(conversation_id, row, f"{question} — {note}", "note"))
    return found
