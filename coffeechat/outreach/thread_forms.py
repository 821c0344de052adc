"""The two forms of "Paste the e-mail thread": the paste (or a .eml file), then the reply the
user confirms on the preview."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from coffeechat.outreach.forms import ReplyForm
from coffeechat.outreach.threads import ThreadError, ThreadMessage, read_eml, read_pasted

MAX_EML_BYTES = 1_000_000


class PasteThreadForm(forms.Form):
    thread = forms.CharField(
        label="The e-mail thread",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="Open their reply in your mail program, select the whole message with what it "
        "quotes, copy, and paste it here.",
    )
    eml = forms.FileField(
        label="Or a saved e-mail (.eml)",
        required=False,
        help_text="Most mail programs can save a message as a file: \u201cSave as\u201d, "
        "\u201cDownload message\u201d or drag it out of the list.",
        widget=forms.FileInput(attrs={"accept": ".eml,message/rfc822"}),
    )

    def clean(self):
        data = super().clean()
        text, upload = (data.get("thread") or "").strip(), data.get("eml")
        zone = timezone.get_current_timezone()
        if upload:
            if upload.size > MAX_EML_BYTES:
                self.add_error("eml", "That file is over 1 MB: it is not one e-mail.")
                return data
            try:
                data["messages"] = read_eml(upload.read(), zone)
            except ThreadError as error:
                self.add_error("eml", str(error))
            return data
        try:
            data["messages"] = read_pasted(text, zone)
        except ThreadError as error:
            self.add_error("thread", str(error))
        return data

    @property
    def messages(self) -> list[ThreadMessage]:
        return self.cleaned_data.get("messages", [])


class ThreadReplyForm(ReplyForm):
    """The reply as the preview proposes it: its answer, when it arrived (to the minute, from
    the thread) and its text as the note."""

    replied_on = None  # derived from replied_at
    replied_at = forms.DateTimeField(
        label="Arrived",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )
    note = forms.CharField(
        label="Their message", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    field_order = ["outcome", "replied_at", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", "Choose their answer")] + list(
            self.fields["outcome"].choices
        )

    def clean_replied_at(self):
        value = self.cleaned_data["replied_at"]
        # A minute of leeway: the clock of the mail server and ours may differ a little.
        if value > timezone.now() + timedelta(minutes=1):
            raise forms.ValidationError("That is in the future: when did their reply arrive?")
        return value

    def clean(self):
        data = super().clean()
        if data.get("replied_at"):
            data["replied_on"] = timezone.localdate(data["replied_at"])
        return data
