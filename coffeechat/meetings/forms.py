"""Forms for scheduling a meeting, the checklist, meeting mode without JavaScript, and capture."""

from datetime import UTC, datetime, timedelta

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone

from coffeechat.accounts.defaults import DEFAULT_MEETING_MINUTES
from coffeechat.meetings import lines
from coffeechat.meetings.models import LineMark, Meeting, MeetingFormat

LENGTHS = [(15, "15 minutes"), (20, "20 minutes"), (30, "30 minutes"), (45, "45 minutes")]
OTHER = "other"
# A meeting is logged after it took place or planned ahead, never centuries away: a typo there
# would otherwise reach calendar files, which cannot hold it.
EARLIEST_YEAR = 2000
YEARS_AHEAD = 10


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

    def clean_starts_at(self):
        starts = self.cleaned_data["starts_at"]
        earliest = datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)
        latest = timezone.now() + timedelta(days=365 * YEARS_AHEAD)
        if not earliest <= starts <= latest:
            raise forms.ValidationError(
                f"Choose a date between 1 January {EARLIEST_YEAR} and {latest:%-d %B %Y}."
            )
        return starts

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


MARK_CHOICES = [("", "Nothing")] + LineMark.choices
PROMISES = {LineMark.MINE.value, LineMark.THEIRS.value}


class MarkForm(forms.Form):
    """What one line of the notes (or one added item) is; nothing, by default.

    The due date counts for promises, the name for a person (read from the words when left
    empty). Every error names the line, so a long page says where to look.
    """

    mark = forms.ChoiceField(choices=MARK_CHOICES, required=False, label="Mark as")
    due = forms.DateField(
        required=False, label="Due", widget=forms.DateInput(attrs={"type": "date"})
    )
    name = forms.CharField(required=False, max_length=300, label="Name")

    def words(self) -> str:
        raise NotImplementedError

    def what(self) -> str:
        return f"“{lines.short(self.words())}”"

    def clean(self) -> dict:
        data = super().clean()
        if "due" in self.errors:
            self.errors["due"] = self.error_class(
                [f"{self.what()}: the due date is not a date. Pick a day, or leave it empty."]
            )
        mark = data.get("mark")
        if mark not in PROMISES:
            data["due"] = None
        if mark == LineMark.PERSON and self.words():
            data["name"] = (data.get("name") or "").strip()
            if not data["name"] and not lines.guess_person(self.words()).name:
                self.add_error("name", f"{self.what()}: give the person's name.")
        return data

    def to_mark(self) -> dict | None:
        """The mark for services.capture, or None for a line marked as nothing."""
        data = self.cleaned_data
        if not data.get("mark") or not self.words():
            return None
        return {
            "mark": data["mark"],
            "text": self.words(),
            "due": data.get("due"),
            "name": data.get("name", ""),
        }


class LineForm(MarkForm):
    """One line of the notes. `part`, filled by the page's script, narrows the mark to the words
    selected within the line; without the script the whole line counts."""

    part = forms.CharField(required=False, max_length=lines.MAX_LINE, widget=forms.HiddenInput)

    def __init__(self, *args, line: lines.Line, **kwargs) -> None:
        super().__init__(*args, prefix=f"line-{line.key}", **kwargs)
        self.line = line
        described = f"text-{line.key}"
        for name in ("mark", "due", "name"):
            self.fields[name].widget.attrs["aria-describedby"] = described
        guess = lines.guess_person(line.text).name
        if guess:
            self.fields["name"].widget.attrs["placeholder"] = guess

    def words(self) -> str:
        part = lines.normalise((getattr(self, "cleaned_data", {}) or {}).get("part") or "")
        if part and part.casefold() in self.line.text.casefold():
            return part
        return self.line.text

    def what(self) -> str:
        return f"Line “{lines.short(self.line.text)}”"

    def to_mark(self) -> dict | None:
        mark = super().to_mark()
        if mark is not None:
            mark.update(line=self.line.text, topic=self.line.topic)
        return mark


class ExtraForm(MarkForm):
    """Something said that is not in the notes."""

    text = forms.CharField(required=False, max_length=lines.MAX_LINE, label="What")

    def words(self) -> str:
        return lines.normalise((getattr(self, "cleaned_data", {}) or {}).get("text") or "")

    def what(self) -> str:
        return f"Added item “{lines.short(self.words())}”" if self.words() else "Added item"

    def clean(self) -> dict:
        data = super().clean()
        if data.get("mark") and not self.words():
            self.add_error("text", f"{self.what()}: write what it is.")
        elif self.words() and not data.get("mark"):
            self.add_error("mark", f"{self.what()}: choose what it is.")
        return data


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


ExtraFormSet = forms.formset_factory(ExtraForm, extra=1)
