"""Run the pages' own forms on API input: the API sends JSON, the forms read form data.

A PATCH starts from the object's current values (as its edit page would show them) and
overlays what the client sent, so the form checks the result as a whole.
"""

from django import forms

from coffeechat.api.v1.errors import form_error


def current_values(form: forms.BaseForm) -> dict:
    """The values an unbound form shows for its instance: what a PATCH starts from."""
    values = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.ModelChoiceField) and hasattr(value, "pk"):
            value = value.pk
        values[name] = "" if value is None else value
    return values


def run_form(form: forms.BaseForm, names: dict[str, str] | None = None) -> forms.BaseForm:
    """The bound form, valid, or a 422 naming the fields (under the API's names)."""
    if not form.is_valid():
        raise form_error(form, names)
    return form
