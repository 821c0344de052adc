from functools import cache

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from coffeechat.pipeline.models import Stage

register = template.Library()


@cache
def _options(current: str) -> SafeString:
    # Built once per stage: the board renders hundreds of these selects.
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == current else "", label) for value, label in Stage.choices),
    )


@register.simple_tag
def stage_options(current: str) -> SafeString:
    return _options(str(current))
