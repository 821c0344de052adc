from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from coffeechat.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 above


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def safe_url(url: str) -> str:
    """A link target only when it is a web, mail or phone address; anything else goes nowhere."""
    value = (url or "").strip()
    if value.lower().startswith(("http://", "https://", "mailto:", "tel:")):
        return value
    return "#"


@register.simple_tag
def plain_select(bound_field) -> SafeString:
    """A choice field's <select>, built directly: the form widget renders a template per option,
    which cost a list page several milliseconds for three filters. Every value and label goes
    through the stdlib's escape(), cheaper than format_html's checks per value."""
    current = str(bound_field.value() or "")
    options = "".join(
        f'<option value="{escape(str(value))}"{" selected" if str(value) == current else ""}>'
        f"{escape(str(label))}</option>"
        for value, label in bound_field.field.choices
    )
    name, id_ = escape(bound_field.html_name), escape(bound_field.id_for_label)
    return mark_safe(f'<select name="{name}" id="{id_}">{options}</select>')
