import logging
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User
from django.core import mail
from django.template import loader

from coffeechat.accounts import throttle
from coffeechat.accounts.models import Profile
from coffeechat.core.mail import MailError, send_email

logger = logging.getLogger(__name__)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in that refuses to even check a password after too many recent failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": "Too many failed sign-ins. Wait %(wait)s, then try again.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = throttle.client_ip(self.request) if self.request else "unknown"
        wait = throttle.seconds_to_wait(username, ip)
        if wait:
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"wait": throttle.in_words(wait)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, ip)
            raise
        throttle.clear_failures(username, ip)
        return cleaned


class AccountCreationForm(UserCreationForm):
    """The instance's first account (setup), and the base of the sign-up form. While nobody has
    an account a taken name reveals nothing; the check only stops two set-ups at once from
    making the same name twice."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "E-mail address"
        # Where a stranger can sign up, an account needs an address to reset its password by.
        email.required = settings.SIGNUP_OPEN
        email.help_text = "For resetting your password if you forget it."

    def clean_username(self):
        return self.cleaned_data.get("username")

    def validate_unique(self) -> None:
        """The name's uniqueness is checked last, in _post_clean."""

    def _post_clean(self) -> None:
        super()._post_clean()  # the model's checks and the password validators
        username = self.cleaned_data.get("username")
        if not self.errors and username and User.objects.filter(username__iexact=username).exists():
            self.add_error("username", "This user name cannot be used. Choose another.")


class SignupForm(AccountCreationForm):
    """Sign-up on an open instance: checks only what the visitor typed. Whether the name or the
    address is in use is never said here: the message to the address says it (signup.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.required = True
        email.help_text = "We send a link there to finish making your account."

    def _post_clean(self) -> None:
        UserCreationForm._post_clean(self)  # the model's checks and the password validators


class MailedPasswordResetForm(PasswordResetForm):
    """Django's password reset, its message sent through the instance's one mail function.

    Whether or not an account has the address, and whether or not the mail server takes the
    message, the visitor is told the same, so the form reveals no addresses."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = mail.EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to_email]
        )
        try:
            send_email(context["user"], message)
        except MailError:
            user_id = context["user"].pk
            logger.exception("The password reset message to user %s was not sent", user_id)


MAX_WEEKLY_GOAL = 50


def _zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.ModelForm):
    email = forms.EmailField(
        label="Your e-mail address",
        required=False,
        help_text="Used as the sender of your requests and for the daily digest.",
    )
    time_zone = forms.ChoiceField(
        label="Your time zone", help_text="Every date and time is shown in this zone."
    )

    class Meta:
        model = Profile
        fields = [
            "full_name",
            "preferred_name",
            "phone",
            "signature",
            "introduction",
            "career_interests",
            "background",
            "time_zone",
            "default_meeting_minutes",
            "weekly_request_goal",
            "digest_opt_in",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "career_interests": forms.Textarea(attrs={"rows": 3}),
            "background": forms.Textarea(attrs={"rows": 3}),
            "signature": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "default_meeting_minutes": "Usual meeting length (minutes)",
            "weekly_request_goal": "Goal: new requests a week",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = _zone_choices()
        self.fields["full_name"].required = True
        self.fields["default_meeting_minutes"].widget.attrs.update(min=10, max=120)
        self.fields["weekly_request_goal"].required = False
        self.fields["weekly_request_goal"].widget.attrs.update(min=0, max=MAX_WEEKLY_GOAL)
        self.fields["email"].initial = self.instance.user.email if self.instance.pk else ""
        self.order_fields(["full_name", "email"])

    def save(self, commit: bool = True):
        profile = super().save(commit=commit)
        user = profile.user
        if user.email != self.cleaned_data["email"]:
            user.email = self.cleaned_data["email"]
            user.save(update_fields=["email"])
        return profile

    def clean_weekly_request_goal(self) -> int:
        goal = self.cleaned_data["weekly_request_goal"] or 0  # empty: no goal
        if goal > MAX_WEEKLY_GOAL:
            raise forms.ValidationError(
                f"Choose at most {MAX_WEEKLY_GOAL} a week; a few good requests beat many."
            )
        return goal

    def clean_default_meeting_minutes(self) -> int:
        minutes = self.cleaned_data["default_meeting_minutes"]
        if not 10 <= minutes <= 120:
            raise forms.ValidationError("Choose a length between 10 and 120 minutes.")
        return minutes
