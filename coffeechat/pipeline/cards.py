"""The board's cards, read as plain rows and built in Python: a board shows up to 225 cards,
each with a link, its badges and a "Move" form, and model instances, `format_html` and a
template tag per card cost more than the rest of the page together."""

from __future__ import annotations

from html import escape
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from coffeechat.core.compiled import CompiledQuery, union_all
from coffeechat.core.reversing import url_format
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.pipeline.templatetags.pipeline import board_lanes, stage_options

# Newest move first in each column; the same order as the index that serves it
# (conversation_user_stage_recent), so the database reads each column's first cards in order.
ORDER = (F("stage_changed_at").desc(), F("id").desc())


class Card(NamedTuple):
    """One card: what the board shows, and `pk` and `stage` for the badge functions."""

    pk: int
    stage: str
    name: str
    organisation: str | None


_COLUMNS = (
    "pk",
    "stage",
    "contact__display_name",
    "contact__organisation__name",
    "stage_changed_at",
)


def _part(shape: tuple[int, bool], user, stage) -> QuerySet:
    """One column's newest `per_column` cards; on PostgreSQL the stage is the LATERAL join's
    column (see board_cards)."""
    per_column, lateral = shape
    if lateral:
        stage = RawSQL("board_stage.stage", ())
    return (
        Conversation.objects.filter(user_id=user, stage=stage)
        .order_by(*ORDER)
        .values_list(*_COLUMNS)[:per_column]
    )


# The board is read on every view: its part, and the counts, are built once (core.compiled).
_PART = CompiledQuery(
    _part,
    user=Conversation._meta.get_field("user"),
    stage=Conversation._meta.get_field("stage"),
)
_COUNTS = CompiledQuery(
    lambda user: (
        Conversation.objects.filter(user_id=user)
        .values_list("stage")
        .annotate(n=Count("id"))
        .order_by()
    ),
    user=Conversation._meta.get_field("user"),
)


def board_cards(user, per_column: int) -> list[Card]:
    """The user's newest `per_column` conversations of every stage, as plain rows, in one
    query: one `LIMIT`ed SELECT per stage, each read in order from the index.

    One part (its scoping to the user, joins and quoting) is built once (core.compiled) and
    repeated per stage. PostgreSQL runs it once per stage through a LATERAL join, planned once;
    SQLite has no LATERAL, so there the parts are joined by UNION ALL (the ORM cannot slice the
    parts of a UNION on SQLite). On PostgreSQL the fifteen-part UNION took longer to plan
    (4.2 ms) than to run (1.7 ms): the LATERAL query reads the same rows in 1.6 ms in all. A
    window numbering every conversation of the user instead read them all: 15 times slower.
    """
    stages = [str(stage) for stage in Stage]
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        sql, params = _PART.statement((per_column, True), user=user.pk, stage="")
        query = (
            "SELECT card.* FROM unnest(%s::text[]) AS board_stage(stage) "
            f"CROSS JOIN LATERAL ({sql}) AS card"
        )
        args = [stages, *params]
    else:
        parts = [_PART.statement((per_column, False), user=user.pk, stage=s) for s in stages]
        query, args = union_all(parts)
    with connection.cursor() as cursor:
        # Newest first across the board (5 and 1: stage_changed_at and pk).
        cursor.execute(f"{query} ORDER BY 5 DESC, 1 DESC", args)
        return [Card(*row[:4]) for row in cursor.fetchall()]


def one_card(owned: QuerySet[Conversation], pk: int) -> Card:
    """The card of one conversation, as `board_cards` reads it (for a card moved in place)."""
    row = owned.filter(pk=pk).values_list(*_COLUMNS).get()
    return Card(*row[:4])


def stage_counts(user) -> dict[str, int]:
    return dict(_COUNTS.rows(user=user.pk))


# Filled with str.format after escaping the two texts that come from the user (with the standard
# library's html.escape: Django's is the same escaping behind a lazy-text wrapper that cost a
# third of the cards); every other piece is ours (ids, reversed URLs, the stage menus built once
# per stage, the CSRF field).
CARD = (
    '<article class="board-card" draggable="true" data-id="{id}" data-url="{move}">'
    '<a href="{detail}"><strong>{name}</strong></a>{organisation}{badges}'
    '<form method="post" action="{move}" class="move">{csrf}'
    '<input type="hidden" name="next" value="board">'
    '<label class="visually-hidden" for="move-{id}">Move {name} to</label>'
    '<select name="stage" id="move-{id}">{options}</select>'
    '<button type="submit">Move</button></form></article>'
)


class CardRenderer:
    """Builds one page's cards: the links are reversed and the page's CSRF field (the same for
    every form on it) put in once, so each card is one `str.format` call."""

    def __init__(self, csrf_input: str) -> None:
        self.template = CARD.format(
            id="{id}",
            move=url_format("pipeline:conversation_move"),
            detail=url_format("pipeline:conversation_detail"),
            name="{name}",
            organisation="{organisation}",
            badges="{badges}",
            csrf=csrf_input.replace("{", "{{").replace("}", "}}"),
            options="{options}",
        )

    def html(self, card: Card, badges: str) -> str:
        """One card; `badges` is HTML from the badge functions."""
        organisation = card.organisation
        return self.template.format(
            id=card.pk,
            name=escape(card.name),
            organisation=(
                f'<div class="muted small">{escape(organisation)}</div>' if organisation else ""
            ),
            badges=f'<div class="small">{badges}</div>' if badges else "",
            options=stage_options(card.stage),
        )


def lanes_html(columns: list[dict], per_column: int) -> SafeString:
    """The board's lanes and columns around the cards' HTML (`column["html"]`): built here as
    the cards are, since the template's loops over fifteen columns cost as much as the cards."""
    parts = []
    for number, lane in enumerate(board_lanes(columns), start=1):
        parts.append(
            f'<section class="board-lane" aria-labelledby="lane-{number}">'
            f'<h2 id="lane-{number}"><span>{escape(lane["label"])}</span> '
            f'<span class="badge lane-count">{lane["count"]}</span></h2>'
        )
        for column in lane["columns"]:
            stage, count = escape(str(column["stage"])), column["count"]
            more = (
                f'<p class="small"><a href="{escape(column["all_url"])}">All {count} →</a></p>'
                if count > per_column
                else ""
            )
            parts.append(
                f'<section class="board-column{"" if count else " empty"}" data-stage="{stage}"'
                f' aria-labelledby="col-{stage}">'
                f'<h3 id="col-{stage}"><span>{escape(column["label"])}</span> '
                f'<span class="badge count">{count}</span></h3>'
                f'<div class="cards">{column["html"]}</div>{more}</section>'
            )
        parts.append("</section>")
    return SafeString("".join(parts))
