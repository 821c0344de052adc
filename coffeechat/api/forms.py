from django import forms

from coffeechat.contacts.forms import ContactForm


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name", max_length=100, help_text="What will use it, e.g. “sync script”."
    )
    access = forms.ChoiceField(
        label="Access",
        choices=[("read", "Read only"), ("write", "Read and write")],
        initial="read",
        widget=forms.RadioSelect,
    )


# The contact form's fields a capture asks about; the rest keep their defaults.
_CAPTURE_FIELDS = [
    "given_name",
    "family_name",
    "display_name",
    "organisation_name",
    "role",
    "relationship",
    "linkedin_url",
    "links_text",
    "research_notes",
]


class CaptureForm(ContactForm):
    """The contact form, cut down to what a page can tell us: the same rules, one set of them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in _CAPTURE_FIELDS:
                del self.fields[name]
        self.fields["links_text"].label = "Page"
        self.fields["research_notes"].label = "Notes"
        self.fields["research_notes"].widget.attrs["rows"] = 3
        self.order_fields(_CAPTURE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        # The fields left out are empty, as on a new contact.
        for name, empty in (
            ("emails_text", []),
            ("phones_text", []),
            ("tags_text", []),
            ("referred_by_name", None),
        ):
            cleaned.setdefault(name, empty)
        return cleaned
