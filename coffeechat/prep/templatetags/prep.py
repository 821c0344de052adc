from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def readiness_badge(readiness) -> str:
    """The "Ready" / "Needs preparation" badge; built in Python as the board shows hundreds."""
    if not readiness:
        return ""
    if readiness.ready:
        return mark_safe('<span class="badge ok prep-ready">Ready</span>')
    missing = ", ".join(item.label.lower() for item in readiness.missing)
    return format_html(
        '<span class="badge warn prep-ready" title="Still to do: {}">Needs preparation</span>',
        missing,
    )
