"""`{% field_group form.field %}`: a field with its label, help text and errors, the same HTML as
Django's `as_field_group`, built in Python.

`as_field_group` renders a template for the group, another for the label and another for the
(usually empty) error list, then the widget's templates (one per attribute list and one per
<option>): on the contact page's ten fields that was a fifth of the page's time. Here the widget's
context (its attributes, `required`, `aria-describedby` pointing at the help text,
`aria-invalid` on errors, the selected options) still comes from Django; only the printing of
the plain widgets (inputs, text areas, selects) is done in Python, and any other widget is left
to Django's templates. core/tests/test_field_group.py checks the HTML is Django's.
"""

from functools import cache

from django import template
from django.forms import BaseForm, BoundField, Widget
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _label(field: BoundField) -> SafeString:
    """What `field.label_tag()` prints for a form without a required or label CSS class."""
    contents = conditional_escape(field.label)
    suffix = field.form.label_suffix
    if suffix and contents and contents[-1] not in ":?.!":
        contents = format_html("{}{}", contents, suffix)
    target = field.id_for_label
    if not target:
        return contents
    return format_html('<label for="{}">{}</label>', target, contents)


_WIDGETS = "django/forms/widgets/"
# Widgets whose templates are input.html with a type: printed by _input.
_INPUTS = {
    f"{_WIDGETS}{name}.html"
    for name in (
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
        "search",
        "tel",
        "color",
    )
}


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f'<input type="{widget["type"]}" name="{widget["name"]}"{shown}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{widget["name"]}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{widget["name"]}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != f"{_WIDGETS}select_option.html":
                return None
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _widget(field: BoundField) -> str:
    """What `str(field)` prints (BoundField.as_widget), for the plain widgets."""
    widget: Widget = field.field.widget
    if field.field.localize:
        return str(field)
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    name = widget.template_name
    html = None
    if name in _INPUTS:
        html = _input(context)
    elif name == f"{_WIDGETS}textarea.html":
        html = _textarea(context)
    elif name == f"{_WIDGETS}select.html":
        html = _select(context)
    return str(field) if html is None else html


@register.simple_tag
def field_group(field: BoundField) -> SafeString:
    # Fieldsets (radio buttons, checkbox lists) and forms that style their labels keep Django's.
    form = field.form
    if (
        field.use_fieldset
        or hasattr(form, "required_css_class")
        or field.field.label_suffix is not None
    ):
        return field.as_field_group()
    parts = [_label(field) if field.label else ""]
    if field.help_text:
        # Trusted text from our own forms, printed unescaped as Django's template does.
        help_text = mark_safe(field.help_text)  # noqa: S308
        if field.auto_id:
            parts.append(
                format_html(
                    '<div class="helptext" id="{}_helptext">{}</div>', field.auto_id, help_text
                )
            )
        else:
            parts.append(format_html('<div class="helptext">{}</div>', help_text))
    if field.errors:
        parts.append(str(field.errors))
    parts.append(_widget(field))
    return mark_safe("\n".join(part for part in parts if part))  # noqa: S308 - escaped above


@cache
def blank_field_groups(form_class: type[BaseForm]) -> dict[str, SafeString]:
    """`field_group` of every field of an empty `form_class()`, built once per process.

    Only for forms whose empty fields print the same for everyone at any time: fixed choices, no
    initial value from the user, the clock or the request (the contact page's "Log it", "Add
    action" and "Save for later" forms). A form whose bound field shows errors or values is
    printed with `{% field_group %}` as before."""
    form = form_class()
    return {name: field_group(form[name]) for name in form.fields}
