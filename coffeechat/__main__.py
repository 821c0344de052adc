"""The `coffeechat` console script: Django's management commands under our own name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "coffeechat"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
