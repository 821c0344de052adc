"""Template helpers of the coach: `findings|coach_cards:text` groups findings into cards."""

from __future__ import annotations

from django import template

from coffeechat.coach.cards import cards

register = template.Library()


@register.filter
def coach_cards(findings, text=""):
    return cards(findings, text if isinstance(text, str) else "")
