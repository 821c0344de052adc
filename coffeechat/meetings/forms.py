from django import forms

from coffeechat.meetings.models import Meeting


class MeetingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In your own time zone.",
    )

    class Meta:
        model = Meeting
        fields = ["starts_at", "minutes", "format", "place"]

    def __init__(self, *args, user=None, initial_minutes: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if initial_minutes and not self.is_bound:
            self.initial.setdefault("minutes", initial_minutes)

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        if not 5 <= minutes <= 240:
            raise forms.ValidationError("A meeting lasts between 5 and 240 minutes.")
        return minutes
