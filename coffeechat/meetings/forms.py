"""Forms for scheduling a meeting, the checklist, meeting mode without JavaScript, and capture."""

from django import forms
from django.core.validators import URLValidator

from coffeechat.accounts.defaults import DEFAULT_MEETING_MINUTES
from coffeechat.meetings.models import Meeting, MeetingFormat
from coffeechat.prep.question_bank import TOPICS

LENGTHS = [(15, "15 minutes"), (20, "20 minutes"), (30, "30 minutes"), (45, "45 minutes")]
OTHER = "other"


class MeetingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In your own time zone.",
    )
    length = forms.ChoiceField(
        label="Length",
        choices=[(str(m), label) for m, label in LENGTHS] + [(OTHER, "Other length")],
        widget=forms.RadioSelect,
    )
    other_minutes = forms.IntegerField(
        label="Other length (minutes)", required=False, min_value=5, max_value=240
    )
    place = forms.CharField(
        label="Phone number, video link or place",
        required=False,
        max_length=500,
        help_text="For a video call, paste the link to the call.",
    )

    class Meta:
        model = Meeting
        fields = ["starts_at", "format", "place"]

    def __init__(self, *args, user=None, initial_minutes: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        minutes = (
            self.instance.minutes
            if self.instance.pk
            else (initial_minutes or DEFAULT_MEETING_MINUTES)
        )
        if not self.is_bound:
            if minutes in dict(LENGTHS):
                self.initial.setdefault("length", str(minutes))
            else:
                self.initial.setdefault("length", OTHER)
                self.initial.setdefault("other_minutes", minutes)
        self.order_fields(["starts_at", "length", "other_minutes", "format", "place"])

    def clean(self) -> dict:
        data = super().clean()
        length = data.get("length")
        if length == OTHER:
            if not data.get("other_minutes"):
                self.add_error("other_minutes", "Give the length in minutes.")
            else:
                data["minutes"] = data["other_minutes"]
        elif length:
            data["minutes"] = int(length)
        place = (data.get("place") or "").strip()
        data["place"] = place
        if data.get("format") == MeetingFormat.VIDEO and place:
            try:
                URLValidator(schemes=["http", "https"])(place)
            except forms.ValidationError:
                self.add_error("place", "For a video call, give the full link (https://…).")
        return data

    def save(self, commit: bool = True) -> Meeting:
        meeting = super().save(commit=False)
        meeting.minutes = self.cleaned_data["minutes"]
        if commit:
            meeting.save()
        return meeting


class ChecklistForm(forms.Form):
    def __init__(self, *args, items: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done"] = forms.MultipleChoiceField(
            choices=items, required=False, widget=forms.CheckboxSelectMultiple, label="Ready?"
        )


class CaptureForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("insight", "Insight"), ("advice", "Advice"), ("resource", "Resource")]
    )
    text = forms.CharField(required=False, max_length=2000, label="What")
    url = forms.URLField(required=False, max_length=500, label="Link", assume_scheme="https")
    topic = forms.ChoiceField(required=False, label="Topic")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "No topic")] + list(TOPICS)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("url") and not data.get("text"):
            data["text"] = data["url"]
        return data


class ReferralForm(forms.Form):
    name = forms.CharField(required=False, max_length=300, label="Name")
    organisation = forms.CharField(required=False, max_length=200, label="Organisation")
    reach = forms.CharField(
        required=False,
        max_length=500,
        label="How to reach them",
        help_text="An e-mail address, a LinkedIn link, a phone number or a note.",
    )

    def clean(self) -> dict:
        data = super().clean()
        if (data.get("organisation") or data.get("reach")) and not data.get("name"):
            self.add_error("name", "Give the person's name.")
        return data


class PromiseForm(forms.Form):
    text = forms.CharField(required=False, max_length=500, label="Promise")
    owner = forms.ChoiceField(choices=[("mine", "I will"), ("theirs", "They will")], label="Whose")
    due_in_days = forms.IntegerField(
        required=False, min_value=0, max_value=365, initial=2, label="Due in (days)"
    )


class OutcomeForm(forms.Form):
    further_contact = forms.ChoiceField(
        label="Did they agree to further contact?",
        choices=[("", "Not asked"), ("yes", "Yes"), ("no", "No")],
        required=False,
    )
    rating = forms.TypedChoiceField(
        label="How useful was it? (private)",
        choices=[("", "No rating")] + [(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )


CaptureFormSet = forms.formset_factory(CaptureForm, extra=3)
ReferralFormSet = forms.formset_factory(ReferralForm, extra=2)
PromiseFormSet = forms.formset_factory(PromiseForm, extra=2)
