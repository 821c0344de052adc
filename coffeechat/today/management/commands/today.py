"""`coffeechat today --user NAME`: print a user's Today list, one line per item."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from coffeechat.accounts.middleware import user_zone
from coffeechat.core.extensions import today_items
from coffeechat.today.digest import item_line


class Command(BaseCommand):
    help = "Print a user's Today list: kind, title, when, and whether it is overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="user name")

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        user = User.objects.filter(username=options["user"]).select_related("profile").first()
        if user is None:
            raise CommandError(f"No user called {options['user']!r}.")
        with timezone.override(user_zone(user)):
            items = today_items(user, timezone.now())
            if not items:
                self.stdout.write("Nothing is due today.")
            for item in items:
                self.stdout.write(item_line(item))
