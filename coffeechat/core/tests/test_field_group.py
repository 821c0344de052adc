"""`{% field_group %}` prints what Django's `as_field_group` prints (label, help text, errors,
widget with its aria attributes), for the forms of the pages that use it, blank and with errors."""

import re

from django import forms
from django.template import engines
from django.test import SimpleTestCase

from coffeechat.contacts.forms import TouchpointForm
from coffeechat.core.templatetags.fields import blank_field_groups
from coffeechat.followup.forms import ActionItemForm
from coffeechat.keepintouch.forms import SharedItemForm

TEMPLATE = engines["django"].from_string("{% load fields %}{% field_group field %}")


def tidy(html: str) -> str:
    # as_field_group's template puts line breaks between the parts; a browser shows none.
    return re.sub(r">\s+<", "><", html.strip())


class PickOne(forms.Form):
    colour = forms.ChoiceField(
        choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect, help_text="One."
    )
    note = forms.CharField(label="Why?", help_text="A <em>short</em> note.")
    size = forms.ChoiceField(
        choices=[("", "—"), ("Small & light", [("s", "<S>"), ("m", "M")]), ("l", "L")],
        required=False,
    )
    count = forms.IntegerField(min_value=1, required=False)
    keen = forms.BooleanField(required=False)
    story = forms.CharField(widget=forms.Textarea, required=False)


class FieldGroupTests(SimpleTestCase):
    def assert_same(self, form: forms.Form) -> None:
        for field in form:
            with self.subTest(form=type(form).__name__, field=field.name):
                self.assertEqual(
                    tidy(TEMPLATE.render({"field": field})), tidy(field.as_field_group())
                )

    def test_it_prints_blank_forms_as_django_does(self):
        for form in (TouchpointForm(), ActionItemForm(), SharedItemForm(), PickOne()):
            self.assert_same(form)

    def test_it_prints_values_escaped_and_choices_selected(self):
        for form in (
            TouchpointForm({"kind": "reply", "text": 'Said "hi" & <left>'}),
            SharedItemForm({"title": "R&D <news>", "url": "https://example.org/?a=1&b=2"}),
            PickOne({"note": "x", "size": "s", "count": "3", "keen": "on", "story": "<p>"}),
        ):
            form.is_valid()
            self.assert_same(form)

    def test_it_prints_errors_and_marks_the_field_invalid(self):
        for form in (
            TouchpointForm({"kind": "nonsense", "happened_at": "yesterday"}),
            ActionItemForm({"text": "", "due": "soon"}),
            SharedItemForm({"title": "", "url": "not a link"}),
            PickOne({"note": ""}),
        ):
            self.assertFalse(form.is_valid())
            self.assert_same(form)
        html = TEMPLATE.render(
            {"field": TouchpointForm({"happened_at": "yesterday"})["happened_at"]}
        )
        self.assertIn('aria-invalid="true"', html)
        self.assertIn('<ul class="errorlist" id="id_happened_at_error">', html)
        self.assertIn('<div class="helptext" id="id_happened_at_helptext">', html)
        self.assertIn('<label for="id_happened_at">When:</label>', html)

    def test_it_keeps_the_blank_forms_of_the_contact_page_once_as_django_prints_them(self):
        for form_class in (TouchpointForm, ActionItemForm, SharedItemForm):
            kept = blank_field_groups(form_class)
            self.assertIs(blank_field_groups(form_class), kept)  # built once per process
            form = form_class()
            self.assertEqual(list(kept), list(form.fields))
            for name, html in kept.items():
                with self.subTest(form=form_class.__name__, field=name):
                    self.assertEqual(tidy(html), tidy(form[name].as_field_group()))
