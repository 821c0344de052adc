from django import forms

from coffeechat.insights.models import CareerPath


class CareerPathForm(forms.ModelForm):
    class Meta:
        model = CareerPath
        fields = ["name", "fit", "open_questions", "next_steps"]
        widgets = {
            "fit": forms.Textarea(attrs={"rows": 4}),
            "open_questions": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
        }


class LinkForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("conversation", "conversation"), ("contact", "contact"), ("organisation", "")]
    )
    target = forms.IntegerField(min_value=1)
