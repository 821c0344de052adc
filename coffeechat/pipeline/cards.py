"""The board's cards, read as plain rows and built in Python: a board shows up to 225 cards,
each with a link, its badges and a "Move" form, and model instances, `format_html` and a
template tag per card cost more than the rest of the page together."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.html import escape

from coffeechat.core.reversing import url_format
from coffeechat.pipeline.models import Conversation
from coffeechat.pipeline.templatetags.pipeline import stage_options

# Newest move first in each column; the same order as the index that serves it
# (conversation_user_stage_recent), so the database reads each column's first cards in order.
ORDER = (F("stage_changed_at").desc(), F("id").desc())


class Card(NamedTuple):
    """One card: what the board shows, and `pk` and `stage` for the badge functions."""

    pk: int
    stage: str
    name: str
    organisation: str | None


def board_cards(owned: QuerySet[Conversation], per_column: int) -> list[Card]:
    """The newest `per_column` conversations of every stage, in one query of plain rows: a
    window numbers each stage's conversations, and only the first few are joined to their
    contact and organisation."""
    newest = (
        owned.annotate(place=Window(RowNumber(), partition_by=F("stage"), order_by=ORDER))
        .filter(place__lte=per_column)
        .values("pk")
    )
    rows = (
        Conversation.objects.filter(pk__in=newest)
        .order_by(*ORDER)
        .values_list("pk", "stage", "contact__display_name", "contact__organisation__name")
    )
    return [Card(*row) for row in rows]


def stage_counts(owned: QuerySet[Conversation]) -> dict[str, int]:
    return dict(owned.values_list("stage").annotate(n=Count("id")).order_by())


# Filled with str.format after escaping the two texts that come from the user; every other
# piece is ours (ids, reversed URLs, the stage menus built once per stage, the CSRF field).
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
