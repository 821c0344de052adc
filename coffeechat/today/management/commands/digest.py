"""`coffeechat digest`: e-mail each user who opted in their Today list; run it daily.

Users with nothing due, or without an e-mail address, get nothing. Sends through the instance's
mail settings (EMAIL_URL). Links in the e-mail start with --base-url (or COFFEECHAT_BASE_URL).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from coffeechat.accounts.middleware import user_zone
from coffeechat.core.mail import MailError, send_email
from coffeechat.today.digest import digest_message


def _send(user, message) -> str:
    """ "" when sent, else why not (for the summary)."""
    try:
        send_email(user, message)
    except MailError as error:
        return str(error)
    return ""


class Command(BaseCommand):
    help = "E-mail each user who opted in their Today list (plain text and HTML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=settings.BASE_URL,
            help="where this Coffeechat is reached, for links (e.g. https://coffee.example.org)",
        )
        parser.add_argument("--dry-run", action="store_true", help="say who would get one")

    def handle(self, *args, **options) -> None:
        if not options["dry_run"] and not getattr(settings, "EMAIL_CONFIGURED", False):
            raise CommandError("No mail server is set up: set EMAIL_URL to send the digest.")
        User = get_user_model()
        users = (
            User.objects.filter(is_active=True, profile__digest_opt_in=True)
            .exclude(email="")
            .select_related("profile")
            .order_by("id")
        )
        sent = skipped = failed = 0
        now = timezone.now()
        for user in users:
            with timezone.override(user_zone(user)):
                message = digest_message(user, now, options["base_url"])
            if message is None:
                skipped += 1
                continue
            if options["dry_run"]:
                self.stdout.write(f"would send to {user.username}: {message.subject}")
                sent += 1
                continue
            error = _send(user, message)
            if error:
                failed += 1
                self.stderr.write(f"{user.username}: {error}")
            else:
                sent += 1
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(f"Digest: {verb} {sent}, nothing due for {skipped}, failed {failed}.")
        if failed:
            raise CommandError(f"{failed} digest(s) could not be sent.")
