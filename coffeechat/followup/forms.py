from django import forms

from coffeechat.followup.models import ActionItem


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "due", "owner", "origin"]
        labels = {"text": "To do", "due": "Due"}
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}
