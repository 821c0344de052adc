import sys
from getpass import getpass

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coffeechat.accounts.models import Profile


class Command(BaseCommand):
    help = "Create a Coffeechat account (the password is prompted for, or read from stdin)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input."
        )

    def handle(self, username: str, password_stdin: bool, **options) -> None:
        # The first command on a fresh data directory: set the database up, as `serve` does.
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stderr.write("Setting up the database (coffeechat migrate)…")
            call_command("migrate", interactive=False, verbosity=0)
        if User.objects.filter(username=username).exists():
            raise CommandError(f"An account named {username!r} exists already.")
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass("Password: ")
            if getpass("Password (again): ") != password:
                raise CommandError("The two passwords differ.")
        user = User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        Profile.objects.create(user=user, time_zone=settings.TIME_ZONE)
        self.stdout.write(f"Created account {username}.")
