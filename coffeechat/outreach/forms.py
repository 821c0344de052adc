from django import forms
from django.utils import timezone

from coffeechat.core.channels import REQUEST_CHANNELS, Channel, choices
from coffeechat.core.placeholders import PlaceholderError
from coffeechat.outreach.builtin_templates import BUILTIN_TEMPLATES
from coffeechat.outreach.models import Outcome, RequestDraft, RequestTemplate
from coffeechat.outreach.rendering import PLACEHOLDERS


def template_choices(user) -> list[tuple[str, str]]:
    choices = [("", "Best fit for this contact")]
    choices += [(key, f"{t.name} (built in)") for key, t in BUILTIN_TEMPLATES.items()]
    choices += [
        (str(t.pk), t.name) for t in RequestTemplate.objects.owned_by(user).only("id", "name")
    ]
    return choices


class StartDraftForm(forms.Form):
    channel = forms.ChoiceField(choices=choices(REQUEST_CHANNELS), initial=Channel.EMAIL)
    template = forms.ChoiceField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["template"].choices = template_choices(user)

    def chosen_template(self) -> RequestTemplate | str | None:
        value = self.cleaned_data.get("template") or ""
        if value in BUILTIN_TEMPLATES:
            return value
        if value.isdigit():
            return RequestTemplate.objects.owned_by(self.user).filter(pk=value).first()
        return None


class DraftForm(forms.ModelForm):
    class Meta:
        model = RequestDraft
        fields = ["channel", "subject", "body"]
        # The coach's cards select the places they quote in the text marked data-coach-text.
        widgets = {"body": forms.Textarea(attrs={"rows": 14, "data-coach-text": ""})}


class TemplateForm(forms.ModelForm):
    class Meta:
        model = RequestTemplate
        fields = ["name", "kind", "channel", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"body": f"Placeholders: {PLACEHOLDERS.listed()}."}

    def _clean_placeholders(self, field: str) -> str:
        value = self.cleaned_data.get(field, "")
        try:
            PLACEHOLDERS.check(value)
        except PlaceholderError as error:
            raise forms.ValidationError(str(error)) from None
        return value

    def clean_subject(self) -> str:
        return self._clean_placeholders("subject")

    def clean_body(self) -> str:
        return self._clean_placeholders("body")


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, label="Their answer")
    replied_on = forms.DateField(
        label="Replied on",
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    referral_name = forms.CharField(label="Their name", required=False, max_length=300)
    referral_organisation = forms.CharField(label="Organisation", required=False, max_length=200)
    referral_email = forms.EmailField(label="E-mail", required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == Outcome.REFERRED
            and not (data.get("referral_name") or "").strip()
        ):
            self.add_error("referral_name", "Who did they refer you to? A name is enough.")
        return data
