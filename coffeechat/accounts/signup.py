"""Sign-up by e-mail confirmation, so that the form reveals no user names or addresses.

The form answers every well-formed sign-up the same way ("check your e-mail"), and one
message goes to the address given, whatever the case:

- the name and address are free: a link that makes the account when opened (and confirmed
  with a button, since mail scanners open links by themselves);
- the address already has an account: its owner is told so, with links to sign in or reset
  the password;
- the name is taken: the owner of the address is told to choose another.

Only someone who reads the mailbox learns anything, one message per sign-up, and sign-ups are
throttled per client address (the view). Each case does the same slow work (hashing the
password, rendering and sending one message), so the answer takes about as long in each.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core import mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template import loader
from django.urls import reverse
from django.utils import timezone

from coffeechat.accounts.models import PendingSignup, Profile
from coffeechat.core.mail import MailError, send_email

logger = logging.getLogger(__name__)

LINK_LIFETIME = timedelta(hours=24)

SUBJECTS = {
    "confirm": "Confirm your new Coffeechat account",
    "has_account": "You already have a Coffeechat account",
    "name_taken": "Choose another Coffeechat user name",
}


@dataclass(frozen=True)
class Request:
    username: str
    email: str
    password: str  # as typed; only its hash is kept


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ask(http: HttpRequest, wanted: Request) -> None:
    """Handle a well-formed sign-up: record it if it can go ahead, and mail the address."""
    forget_expired()
    password_hash = make_password(wanted.password)  # in every case: same time spent
    owners = list(
        User.objects.filter(email__iexact=wanted.email).values_list("username", flat=True)
    )
    context = {
        "username": wanted.username,
        "accounts": owners,
        "login_url": http.build_absolute_uri(reverse("accounts:login")),
        "reset_url": http.build_absolute_uri(reverse("accounts:password_reset")),
        "signup_url": http.build_absolute_uri(reverse("accounts:signup")),
        "hours": int(LINK_LIFETIME.total_seconds() // 3600),
    }
    if owners:
        kind = "has_account"
    elif User.objects.filter(username__iexact=wanted.username).exists():
        kind = "name_taken"
    else:
        kind = "confirm"
        token = secrets.token_urlsafe(32)
        PendingSignup.objects.create(
            token_hash=digest(token),
            username=wanted.username,
            email=wanted.email,
            password=password_hash,
        )
        path = reverse("accounts:signup_confirm", args=[token])
        context["confirm_url"] = http.build_absolute_uri(path)
    body = loader.render_to_string(f"accounts/signup_email_{kind}.txt", context)
    message = mail.EmailMessage(
        subject=SUBJECTS[kind],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[wanted.email],
    )
    try:
        send_email(None, message)
    except MailError:
        # The visitor is told the same either way; the log tells whoever runs the instance.
        logger.exception("A sign-up message was not sent")


def forget_expired() -> None:
    PendingSignup.objects.filter(created__lt=timezone.now() - LINK_LIFETIME).delete()


def pending(token: str) -> PendingSignup | None:
    """The live sign-up a mailed link stands for, or None (made up, used or expired)."""
    return PendingSignup.objects.filter(
        token_hash=digest(token), created__gte=timezone.now() - LINK_LIFETIME
    ).first()


class Taken(Exception):
    """The name or the address got an account after the link was mailed."""


def complete(signup: PendingSignup) -> User | None:
    """Make the account of a confirmed sign-up; None if its link was used meanwhile (a second
    click), Taken if the name or address got an account since the link was mailed."""
    # Whatever follows, the link is used up; of two clicks at once only one deletes it.
    if not PendingSignup.objects.filter(pk=signup.pk).delete()[0]:
        return None
    taken = User.objects.filter(username__iexact=signup.username).exists() or (
        User.objects.filter(email__iexact=signup.email).exists()
    )
    if taken:
        raise Taken
    try:
        with transaction.atomic():
            user = User(username=signup.username, email=signup.email, password=signup.password)
            user.save()
            Profile.objects.create(user=user, time_zone=settings.TIME_ZONE)
    except IntegrityError as error:  # the same name confirmed at the same moment
        raise Taken from error
    return user
