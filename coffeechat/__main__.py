"""The `coffeechat` console script: Django's management commands under our own name."""

import os
import sys

# Commands that read or write the accounts' data. On a data directory whose database was never
# set up they would stop with a "no such table" traceback; they say what to run instead.
# (`serve` and `createuser` set the database up themselves.)
NEEDS_DATABASE = {
    "import",
    "export",
    "restore",
    "tidyimports",
    "today",
    "digest",
    "worker",
    "changepassword",
    "createsuperuser",
    "dumpdata",
    "loaddata",
}

NOT_SET_UP = (
    "The database is not set up yet ({where}). Run `coffeechat createuser NAME` to set it up "
    "with a first account (or `coffeechat migrate`), then run this command again."
)


def database_not_set_up() -> str:
    """Why the database cannot serve a command yet ("" when it can): migrations not applied."""
    import django
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    django.setup()
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return ""
    return NOT_SET_UP.format(where=connection.settings_dict["NAME"])


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "coffeechat"
    asks_help = {"-h", "--help"} & set(argv)
    if len(argv) > 1 and argv[1] in NEEDS_DATABASE and not asks_help:
        problem = database_not_set_up()
        if problem:
            sys.stderr.write(f"coffeechat {argv[1]}: {problem}\n")
            raise SystemExit(1)
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
