"""The host's settings, the public request form, and the host's answers."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django import forms
from django.utils.text import slugify

from coffeechat.hosting import availability
from coffeechat.hosting.models import (
    ABOUT_MAX,
    EMAIL_MAX,
    LEARN_MAX,
    NAME_MAX,
    QUESTION_MAX,
    Format,
    HostPage,
)

# Addresses a host may not take: they read as the site's own pages.
RESERVED_SLUGS = {"requests", "admin", "staff", "directory", "hosting", "static", "accounts"}


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class HostPageForm(forms.ModelForm):
    formats = forms.MultipleChoiceField(
        label="Formats you offer",
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    time_zone = forms.ChoiceField(label="Your time zone")

    class Meta:
        model = HostPage
        fields = [
            "enabled",
            "slug",
            "display_name",
            "headline",
            "field",
            "about",
            "topics",
            "organisations",
            "career_moves",
            "formats",
            "minutes",
            "languages",
            "time_zone",
            "how_to",
            "decline_text",
            "in_directory",
        ]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 4}),
            "topics": forms.Textarea(attrs={"rows": 3}),
            "organisations": forms.Textarea(attrs={"rows": 2}),
            "career_moves": forms.Textarea(attrs={"rows": 2}),
            "how_to": forms.Textarea(attrs={"rows": 10}),
            "decline_text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()

    def clean_slug(self) -> str:
        slug = slugify(self.cleaned_data["slug"])
        if not slug:
            raise forms.ValidationError("Choose an address of letters, digits and hyphens.")
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError("That address is taken by the site itself; choose another.")
        taken = HostPage.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Someone already has that address; choose another.")
        return slug

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        if not 10 <= minutes <= 120:
            raise forms.ValidationError("Between 10 and 120 minutes (20 is usual).")
        return minutes


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = HostPage
        fields = ["weekly_windows", "blackouts", "cap_per_week", "cap_per_month", "paused"]
        widgets = {
            "weekly_windows": forms.Textarea(attrs={"rows": 4}),
            "blackouts": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_weekly_windows(self) -> str:
        text = self.cleaned_data["weekly_windows"]
        try:
            availability.parse_windows(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return text

    def clean_blackouts(self) -> str:
        text = self.cleaned_data["blackouts"]
        try:
            availability.parse_blackouts(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return text


def _slot_choices(slots: list[datetime], zone) -> list[tuple[str, str]]:
    return [
        (availability.slot_value(s), s.astimezone(zone).strftime("%a %d %b, %H:%M")) for s in slots
    ]


# Fields whose typing asks the coach again (coach/live.js), as the request form always did.
COACHED = {"data-coach-text": ""}


class RequestForm(forms.Form):
    """The public form. `website` is a honeypot: hidden from people, filled in by robots."""

    name = forms.CharField(
        label="Your name", max_length=NAME_MAX, widget=forms.TextInput(attrs=COACHED)
    )
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=EMAIL_MAX,
        help_text="We send a link to confirm it; the host sees your request only after that.",
    )
    about = forms.CharField(
        label="Who you are",
        max_length=ABOUT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, **COACHED}),
        help_text="Two or three sentences: what you do now and what you are exploring.",
    )
    learn = forms.CharField(
        label="What you hope to learn",
        max_length=LEARN_MAX,
        widget=forms.Textarea(attrs={"rows": 3, **COACHED}),
    )
    question_1 = forms.CharField(
        label="Question 1",
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 2, **COACHED}),
    )
    question_2 = forms.CharField(
        label="Question 2",
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 2, **COACHED}),
    )
    question_3 = forms.CharField(
        label="Question 3 (optional)",
        max_length=QUESTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **COACHED}),
    )
    zone = forms.ChoiceField(label="Your time zone", initial="UTC")
    slots = forms.MultipleChoiceField(
        label="Times that suit you",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    override = forms.BooleanField(
        label="Send it as it is: I have read the coach's notes",
        required=False,
    )
    website = forms.CharField(label="Leave this empty", required=False, max_length=200)

    def __init__(self, *args, slots: list[datetime], zone, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = zone_choices()
        self.fields["slots"].choices = _slot_choices(slots, zone)

    def questions(self) -> list[str]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return [data.get(f"question_{n}", "") or "" for n in (1, 2, 3)]

    def clean_slots(self) -> list[str]:
        chosen = self.cleaned_data["slots"]
        if len(chosen) > 6:
            raise forms.ValidationError("Choose up to six times.")
        return chosen


class AcceptForm(forms.Form):
    slots = forms.MultipleChoiceField(
        label="Times you can offer",
        widget=forms.CheckboxSelectMultiple,
        help_text="They choose one; the times they preferred are ticked.",
    )
    format = forms.ChoiceField(label="Format", choices=Format.choices)
    place = forms.CharField(
        label="Video link, phone number or place",
        max_length=500,
        required=False,
        help_text="Put in the invitation both of you receive.",
    )

    def __init__(self, *args, slots: list[datetime], zone, formats: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = _slot_choices(slots, zone)
        offered = [(v, label) for v, label in Format.choices if v in formats]
        self.fields["format"].choices = offered or Format.choices


class AskForm(forms.Form):
    question = forms.CharField(
        label="Your question to them",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclineForm(forms.Form):
    text = forms.CharField(
        label="Your message", max_length=2000, widget=forms.Textarea(attrs={"rows": 7})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer", max_length=ABOUT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class ChooseSlotForm(forms.Form):
    slot = forms.ChoiceField(label="Choose a time", widget=forms.RadioSelect)

    def __init__(self, *args, slots: list[datetime], zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = _slot_choices(slots, zone)


class NotesForm(forms.Form):
    was_prepared = forms.NullBooleanField(
        label="They came prepared", required=False, widget=forms.NullBooleanSelect
    )
    thanked = forms.NullBooleanField(
        label="They thanked me", required=False, widget=forms.NullBooleanSelect
    )
    host_notes = forms.CharField(
        label="Private notes",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
