"""The board's cards, built in Python: a board shows up to 150 cards, each with a link, its
badges and a "Move" form, and a template tag per card cost more than the rest of the page."""

from django.utils.html import format_html
from django.utils.safestring import SafeString

from coffeechat.core.reversing import url_with_id
from coffeechat.pipeline.models import Conversation
from coffeechat.pipeline.templatetags.pipeline import stage_options

CARD = (
    '<article class="board-card" draggable="true" data-id="{id}" data-url="{move}">'
    '<a href="{detail}"><strong>{name}</strong></a>{organisation}{badges}'
    '<form method="post" action="{move}" class="move">{csrf}'
    '<input type="hidden" name="next" value="board">'
    '<label class="visually-hidden" for="move-{id}">Move {name} to</label>'
    '<select name="stage" id="move-{id}">{options}</select>'
    '<button type="submit">Move</button></form></article>'
)


def card_html(conversation: Conversation, badges: str, csrf_input: str) -> SafeString:
    """One card; `csrf_input` is the page's hidden CSRF field, the same for every form on it."""
    contact = conversation.contact
    organisation = contact.organisation
    return format_html(
        CARD,
        id=conversation.pk,
        move=url_with_id("pipeline:conversation_move", conversation.pk),
        detail=url_with_id("pipeline:conversation_detail", conversation.pk),
        name=contact.display_name,
        organisation=(
            format_html('<div class="muted small">{}</div>', organisation.name)
            if organisation
            else ""
        ),
        badges=format_html('<div class="small">{}</div>', badges) if badges else "",
        csrf=SafeString(csrf_input),
        options=stage_options(conversation.stage),
    )
