"""Template helpers of the coach: `{% coach_cards findings as cards %}` groups findings into cards,
with the places quoted from `checked` (the text they were found in) when the page gives it."""

from __future__ import annotations

from django import template

from coffeechat.coach.cards import cards

register = template.Library()


@register.simple_tag(takes_context=True)
def coach_cards(context, findings):
    # Read raw from the context: {% firstof %} and the like would escape the text first and
    # shift every offset.
    text = context.get("checked", "")
    return cards(findings, text if isinstance(text, str) else "")
