"""Coffeechat's settings with the bench floor view added to the URLs (see bench/floor.py)."""

from coffeechat.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor"
