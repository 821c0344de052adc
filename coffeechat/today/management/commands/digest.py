"""`coffeechat digest`: e-mail each user who opted in their Today list; run it daily.

Users with nothing due, or without an e-mail address, get nothing. Sends through the instance's
mail settings (EMAIL_URL). Links in the e-mail start with --base-url (or COFFEECHAT_BASE_URL).
Each user's digest is one `send_digest` task: run here, one after the other, or with --queue
handed to the workers (`coffeechat worker`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coffeechat.today.tasks import NOTHING_DUE, SENT, send_digest


class Command(BaseCommand):
    help = "E-mail each user who opted in their Today list (plain text and HTML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=settings.BASE_URL,
            help="where this Coffeechat is reached, for links (e.g. https://coffee.example.org)",
        )
        parser.add_argument("--dry-run", action="store_true", help="say who would get one")
        parser.add_argument(
            "--queue", action="store_true", help="hand each user's digest to the task workers"
        )

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
        if options["queue"] and not options["dry_run"]:
            for user in users:
                send_digest.enqueue(user.pk, options["base_url"])
            self.stdout.write(f"Digest: queued {len(users)} for the workers.")
            return
        sent = skipped = failed = 0
        for user in users:
            outcome = send_digest.call(user.pk, options["base_url"], options["dry_run"])
            if outcome == NOTHING_DUE:
                skipped += 1
            elif outcome == SENT:
                sent += 1
                if options["dry_run"]:
                    self.stdout.write(f"would send to {user.username}")
            else:
                failed += 1
                self.stderr.write(f"{user.username}: {outcome}")
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(f"Digest: {verb} {sent}, nothing due for {skipped}, failed {failed}.")
        if failed:
            raise CommandError(f"{failed} digest(s) could not be sent.")
