from django import forms

from coffeechat.core.placeholders import PlaceholderError
from coffeechat.prep.models import TIARA_CHOICES, TOPIC_CHOICES, Priority
from coffeechat.prep.question_bank import PLACEHOLDERS


class NewQuestionForm(forms.Form):
    """A question written by the user, for this plan and optionally for their bank."""

    text = forms.CharField(
        label="Your question",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "data-coach-text": ""}),
        help_text="Placeholders such as {role} or {organisation} are filled in for this person.",
    )
    priority = forms.ChoiceField(choices=Priority.choices, initial=Priority.MUST, required=False)
    save_to_bank = forms.BooleanField(label="Also keep it in my question bank", required=False)
    topic = forms.ChoiceField(choices=[("", "—"), *TOPIC_CHOICES], required=False)
    tiara = forms.ChoiceField(label="TIARA", choices=[("", "—"), *TIARA_CHOICES], required=False)

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        try:
            PLACEHOLDERS.check(text)
        except PlaceholderError as error:
            raise forms.ValidationError(str(error)) from None
        return text

    def clean_priority(self) -> str:
        return self.cleaned_data["priority"] or Priority.MUST


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(choices=Priority.choices)
