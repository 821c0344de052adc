import re

from django import forms
from django.core.validators import validate_email

from coffeechat.contacts.models import Contact, Organisation, Relationship, Tag, TouchpointKind
from coffeechat.contacts.normalise import normalise_name, normalise_organisation_name
from coffeechat.contacts.orgmatch import Suggester, Suggestion
from coffeechat.contacts.services import conversation_stage_choices, organisation_for_name

# The answers of the organisation question (ContactForm._suggest_organisation).
USE_EXISTING, KEEP_NEW = "existing", "new"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ContactForm(forms.ModelForm):
    """A contact, with the list-like fields edited as plain text a person can type."""

    emails_text = forms.CharField(
        label="E-mail addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line.",
    )
    phones_text = forms.CharField(
        label="Phone numbers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line.",
    )
    organisation_name = forms.CharField(
        label="Organisation",
        required=False,
        max_length=200,
        help_text="Matched to an existing organisation when the name is the same "
        "(“Stripe, Inc.” is “Stripe”); when it is close to one you have (“Arup” and "
        "“Arup Group Ltd”) you are asked which you mean; otherwise created.",
    )
    referred_by_name = forms.CharField(
        label="Referred by",
        required=False,
        max_length=300,
        help_text="The name of another of your contacts who suggested this person.",
    )
    tags_text = forms.CharField(
        label="Tags", required=False, max_length=1000, help_text="Separated by commas."
    )
    links_text = forms.CharField(
        label="Links",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line: a URL, optionally followed by a space and a title.",
    )

    class Meta:
        model = Contact
        fields = [
            "given_name",
            "family_name",
            "display_name",
            "role",
            "location",
            "time_zone",
            "relationship",
            "linkedin_url",
            "research_notes",
            "career_story",
            "common_ground",
            "keep_in_touch_days",
            "linkedin_connected",
        ]
        labels = {"display_name": "Display name", "research_notes": "Research notes"}
        help_texts = {
            "display_name": "Leave empty to use the given and family names.",
            "research_notes": "Markdown. Their career story, expertise, what you have in common.",
            "time_zone": "For example Europe/London, if they live elsewhere.",
        }
        widgets = {
            "research_notes": forms.Textarea(attrs={"rows": 6}),
            "career_story": forms.Textarea(attrs={"rows": 3}),
            "common_ground": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = False
        contact = self.instance
        if contact.pk:
            self.fields["emails_text"].initial = "\n".join(contact.emails)
            self.fields["phones_text"].initial = "\n".join(contact.phones)
            self.fields["organisation_name"].initial = (
                contact.organisation.name if contact.organisation else ""
            )
            self.fields["referred_by_name"].initial = (
                contact.referred_by.display_name if contact.referred_by else ""
            )
            self.fields["tags_text"].initial = ", ".join(t.name for t in contact.tags.all())
            self.fields["links_text"].initial = "\n".join(
                f"{link['url']} {link.get('title', '')}".strip() for link in contact.links
            )
        self.organisation_suggestion = self._suggest_organisation()
        order = [
            "given_name",
            "family_name",
            "display_name",
            "organisation_name",
            "organisation_choice",
            "role",
            "relationship",
            "referred_by_name",
            "emails_text",
            "phones_text",
            "linkedin_url",
            "location",
            "time_zone",
            "tags_text",
            "links_text",
            "research_notes",
        ]
        self.order_fields(order)

    def _suggest_organisation(self) -> Suggestion | None:
        """After a submit that names a new organisation close to one the user has ("Arup" /
        "Arup Group Ltd"), ask which is meant, with a choice under the name; never merge
        silently."""
        if not self.is_bound:
            return None
        typed = str(self.data.get(self.add_prefix("organisation_name"), "")).strip()
        found = Suggester.for_user(self.user).suggest(typed) if typed else None
        if found is not None:
            self.fields["organisation_choice"] = forms.ChoiceField(
                label=f"Is this your “{found.name}”?",
                required=False,
                widget=forms.RadioSelect,
                choices=[
                    (USE_EXISTING, f"Yes, use “{found.name}”"),
                    (KEEP_NEW, f"No, add “{typed}” as a new organisation"),
                ],
            )
        return found

    def clean_organisation_name(self) -> str:
        name = self.cleaned_data["organisation_name"].strip()
        found = self.organisation_suggestion
        if found is None or not name:
            return name
        choice = self.data.get(self.add_prefix("organisation_choice"), "")
        if choice == USE_EXISTING:
            return found.name
        if choice != KEEP_NEW:
            raise forms.ValidationError(
                f"You already have “{found.name}”, which looks like the same organisation. "
                "Choose below whether to use it or to add this name as a new one."
            )
        return name

    def clean_keep_in_touch_days(self) -> int | None:
        # The same range as a tag's cadence on the keep-in-touch page; beyond it the due date
        # would leave the calendar, after the row was saved.
        days = self.cleaned_data["keep_in_touch_days"]
        if days is not None and not 1 <= days <= 3650:
            raise forms.ValidationError("Use a whole number of days, 1 to 3650, or leave it empty.")
        return days

    def clean_emails_text(self) -> list[str]:
        emails = _lines(self.cleaned_data["emails_text"])
        for number, email in enumerate(emails, start=1):
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"Line {number}: “{email}” is not an e-mail address."
                ) from None
        return emails

    def clean_phones_text(self) -> list[str]:
        phones = _lines(self.cleaned_data["phones_text"])
        for number, phone in enumerate(phones, start=1):
            if not re.fullmatch(r"[\d\s()+\-./x#*]{3,40}", phone):
                raise forms.ValidationError(f"Line {number}: “{phone}” is not a phone number.")
        return phones

    def clean_links_text(self) -> list[dict]:
        links = []
        url_field = forms.URLField(assume_scheme="https")
        for number, line in enumerate(_lines(self.cleaned_data["links_text"]), start=1):
            url, _, title = line.partition(" ")
            try:
                url = url_field.clean(url)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"Line {number}: “{url}” is not a web address."
                ) from None
            links.append({"url": url, "title": title.strip()})
        return links

    def clean_tags_text(self) -> list[str]:
        seen: dict[str, str] = {}
        for raw in (self.cleaned_data["tags_text"] or "").split(","):
            name = raw.strip()[:100]
            if name:
                seen.setdefault(name.casefold(), name)
        return list(seen.values())

    def clean_referred_by_name(self) -> Contact | None:
        name = self.cleaned_data["referred_by_name"].strip()
        if not name:
            return None
        matches = Contact.objects.owned_by(self.user).filter(name_key=normalise_name(name))
        if self.instance.pk:
            matches = matches.exclude(pk=self.instance.pk)
        found = list(matches[:2])
        if not found:
            raise forms.ValidationError(f"None of your contacts is named “{name}”.")
        if len(found) > 1:
            raise forms.ValidationError(
                f"Several contacts are named “{name}”; add something to tell them apart first."
            )
        return found[0]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f) for f in ("given_name", "family_name", "display_name")):
            raise forms.ValidationError("Give the contact a name.")
        return cleaned

    def save(self, commit: bool = True) -> Contact:
        contact = super().save(commit=False)
        contact.user = self.user
        contact.emails = self.cleaned_data["emails_text"]
        contact.phones = self.cleaned_data["phones_text"]
        contact.links = self.cleaned_data["links_text"]
        contact.referred_by = self.cleaned_data["referred_by_name"]
        contact.organisation = organisation_for_name(
            self.user, self.cleaned_data["organisation_name"]
        )
        contact.save()
        contact.tags.set(tags_for_names(self.user, self.cleaned_data["tags_text"]))
        return contact


def tags_for_names(user, names: list[str]) -> list[Tag]:
    existing = {t.name.casefold(): t for t in Tag.objects.owned_by(user)}
    tags = []
    for name in names:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = Tag.objects.create(user=user, name=name)
            existing[name.casefold()] = tag
        tags.append(tag)
    return tags


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "website", "industry", "interest", "research_notes"]
        labels = {"research_notes": "Research notes"}
        help_texts = {
            "research_notes": "Markdown. What they do, news, culture, people you know there."
        }
        widgets = {"research_notes": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Organisation.objects.owned_by(self.user).filter(
            name_key=normalise_organisation_name(name)
        )
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"You already have an organisation called “{name}”.")
        return name

    def save(self, commit: bool = True) -> Organisation:
        organisation = super().save(commit=False)
        organisation.user = self.user
        organisation.save()
        return organisation


class ContactFilterForm(forms.Form):
    SORTS = [
        ("name", "Name"),
        ("organisation", "Organisation"),
        ("-updated", "Recently changed"),
        ("-created", "Recently added"),
    ]
    q = forms.CharField(label="Search", required=False, max_length=200)
    relationship = forms.ChoiceField(
        label="How you know them",
        required=False,
        choices=[("", "Anyone")] + list(Relationship.choices),
    )
    tag = forms.CharField(label="Tag", required=False, max_length=100)
    stage = forms.ChoiceField(label="Conversation stage", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORTS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "Any")] + conversation_stage_choices()


class TouchpointForm(forms.Form):
    kind = forms.ChoiceField(label="What happened", choices=TouchpointKind.choices, initial="note")
    happened_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="In your time zone. Leave empty for now.",
        required=False,
    )
    text = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
