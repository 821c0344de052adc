from django.conf import settings
from django.db import models

from coffeechat.accounts.defaults import DEFAULT_MEETING_MINUTES


class Profile(models.Model):
    """Who the user is, for the coach: reused in every request draft and brief."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    full_name = models.CharField("your name", max_length=200, blank=True)
    # How the user wants to be addressed and to sign: "Sam Lee" when the profile says Samuel Lee.
    preferred_name = models.CharField(
        "the name you go by",
        max_length=100,
        blank=True,
        help_text="How your drafts introduce you and sign off, for example “Sam Lee” for "
        "Samuel Lee. Your name above is used when this is empty.",
    )
    introduction = models.TextField(
        "your 30-second introduction",
        blank=True,
        help_text="Who you are, your background and what you want to learn, in a few sentences.",
    )
    background = models.TextField(blank=True)
    # Drafts need them: a voicemail says the number twice; a letter ends with the signature.
    phone = models.CharField(
        "your phone number",
        max_length=40,
        blank=True,
        help_text="Said twice in a voicemail so they can call you back.",
    )
    signature = models.TextField(
        "your signature",
        blank=True,
        help_text="How your e-mails end, under “Thank you,”. Your name is used when empty.",
    )
    career_interests = models.TextField(
        blank=True, help_text="Fields, roles or organisations you are exploring."
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    default_meeting_minutes = models.PositiveSmallIntegerField(default=DEFAULT_MEETING_MINUTES)
    onboarded = models.BooleanField(default=False)
    digest_opt_in = models.BooleanField("e-mail me my Today list each morning", default=False)
    # The method works by steady volume; 0 is no goal. Counted Monday to Sunday in `time_zone`.
    weekly_request_goal = models.PositiveSmallIntegerField(
        "new requests a week",
        default=0,
        blank=True,
        help_text="A goal Today keeps track of, with who to ask next when you are behind. "
        "Leave it empty for no goal.",
    )

    def __str__(self) -> str:
        return self.full_name or self.user.get_username()


class LoginFailure(models.Model):
    """One failed sign-in; recent failures throttle further attempts for that name and address.

    Kept in the database (not a per-process cache) so the limit holds across many app servers.
    """

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class SignupAttempt(models.Model):
    """One sign-up form sent; recent attempts from one address throttle further ones."""

    ip_address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class PendingSignup(models.Model):
    """A sign-up waiting for its e-mail address to be confirmed (accounts/signup.py).

    The account is made only when the link mailed to the address is opened, so the sign-up
    form can answer every visitor the same and reveals no names or addresses. Like a feed
    token, the link's token is kept only as its SHA-256 digest; the password only as its hash.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    username = models.CharField(max_length=150)
    email = models.EmailField()
    password = models.CharField(max_length=128)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
