from django import forms

from coffeechat.keepintouch.models import SharedItem


class SharedItemForm(forms.ModelForm):
    url = forms.URLField(label="Link", required=False, max_length=1000, assume_scheme="https")

    class Meta:
        model = SharedItem
        fields = ["title", "url", "note"]
        labels = {"title": "Article or news", "url": "Link", "note": "Why it is for them"}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
