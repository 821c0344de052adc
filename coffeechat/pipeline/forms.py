from django import forms

from coffeechat.pipeline.models import Conversation, Kind, Stage, stages_for


class ConversationForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = ["intention", "talking_points", "meeting_minutes"]
        widgets = {
            "intention": forms.Textarea(attrs={"rows": 3}),
            "talking_points": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_meeting_minutes(self) -> int:
        minutes = self.cleaned_data["meeting_minutes"]
        if not 10 <= minutes <= 120:
            raise forms.ValidationError("Ask for between 10 and 120 minutes (20 is usual).")
        return minutes


class StageForm(forms.Form):
    stage = forms.ChoiceField(label="Move to", choices=Stage.choices)

    def __init__(self, *args, kind: str = Kind.ASKING, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A conversation moves only among its own kind's stages (a hosted one among its five).
        self.fields["stage"].choices = [(s.value, s.label) for s in stages_for(kind)]
