from django import forms
from django.conf import settings

from coffeechat.sync.crypto import encrypt
from coffeechat.sync.dav import is_local, is_loopback
from coffeechat.sync.models import SyncAccount


class SyncAccountForm(forms.ModelForm):
    password = forms.CharField(
        label="App password",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="An app password made for Coffeechat on your provider's security page, not "
        "your main password. Stored encrypted. Leave empty to keep the saved one.",
    )

    server_url = forms.URLField(
        label="Server address",
        max_length=500,
        assume_scheme="https",
        help_text="Your provider's CalDAV address, e.g. https://caldav.fastmail.com/ "
        "or https://cloud.example.org/remote.php/dav/",
    )
    addressbook_url = forms.URLField(
        label="Address book address",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=SyncAccount._meta.get_field("addressbook_url").help_text,
    )

    class Meta:
        model = SyncAccount
        fields = ["server_url", "username", "password", "calendar_name", "addressbook_url"]

    def _https_or_loopback(self, field: str) -> str:
        url = (self.cleaned_data.get(field) or "").strip()
        if url and is_local(url) and not settings.SYNC_LOCAL_SERVERS:
            raise forms.ValidationError(
                "This instance does not sync with servers on its own machine or network: use "
                "your provider's public address."
            )
        if url and not url.lower().startswith("https://") and not is_loopback(url):
            raise forms.ValidationError(
                "Use an https:// address: the app password must not cross the network in the "
                "clear (plain http is accepted only for a server on this machine)."
            )
        return url

    def clean_server_url(self) -> str:
        return self._https_or_loopback("server_url")

    def clean_addressbook_url(self) -> str:
        return self._https_or_loopback("addressbook_url")

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password") or ""
        if not password and not self.instance.password_encrypted:
            raise forms.ValidationError("Enter the app password your provider gave you.")
        return password

    def save(self, commit: bool = True) -> SyncAccount:
        account = super().save(commit=False)
        if self.cleaned_data["password"]:
            account.password_encrypted = encrypt(self.cleaned_data["password"])
        if {"server_url", "username", "calendar_name"} & set(self.changed_data):
            account.calendar_url = ""  # look the calendar up again
        if commit:
            account.save()
        return account
