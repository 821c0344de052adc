"""Helpers shared by the transfer commands."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, OutputWrapper


def get_user(name: str):
    User = get_user_model()
    try:
        return User.objects.get(**{User.USERNAME_FIELD: name})
    except User.DoesNotExist:
        raise CommandError(f"No user called {name!r}.") from None


class ProgressBar:
    """A plain text bar on stderr: `[#####.....]  50%  1500/3000`."""

    def __init__(self, label: str, stream=None, width: int = 30) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 if not total else int(done * 100 / total)
        if percent == self.last:
            return
        self.last = percent
        filled = int(self.width * percent / 100)
        bar = "#" * filled + "." * (self.width - filled)
        end = "\n" if done >= total else ""
        text = f"\r{self.label} [{bar}] {percent:3d}%  {done}/{total}{end}"
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()
