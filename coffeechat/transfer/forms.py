from django import forms

from coffeechat.transfer.parsers import FORMAT_CHOICES
from coffeechat.transfer.parsers.csv_generic import FIELDS


class UploadForm(forms.Form):
    file = forms.FileField(label="Contacts file")
    format = forms.ChoiceField(label="Format", choices=FORMAT_CHOICES, initial="auto")


class RestoreForm(forms.Form):
    file = forms.FileField(label="Backup file (JSON)")


class MappingForm(forms.Form):
    """One select per CSV column: which contact field it fills."""

    def __init__(self, *args, columns: list[str], initial_mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        for i, column in enumerate(columns):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=column or f"Column {i + 1}",
                choices=list(FIELDS.items()),
                required=False,
                initial=initial_mapping.get(column, ""),
            )

    def mapping(self) -> dict[str, str]:
        return {
            column: self.cleaned_data.get(f"col_{i}", "")
            for i, column in enumerate(self.columns)
            if self.cleaned_data.get(f"col_{i}")
        }
