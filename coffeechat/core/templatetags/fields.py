"""`{% field_group form.field %}`: a field with its label, help text and errors, the same HTML as
Django's `as_field_group`, built in Python.

`as_field_group` renders a template for the group, another for the label and another for the
(usually empty) error list, on top of the widget's own: on the contact page's ten fields that was
a fifth of the page's time. Only the widget is still rendered by Django, so its attributes
(`required`, `aria-describedby` pointing at the help text, `aria-invalid` on errors) stay as
Django makes them.
"""

from django import template
from django.forms import BoundField
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
    parts.append(str(field))
    return mark_safe("\n".join(part for part in parts if part))  # noqa: S308 - escaped above
