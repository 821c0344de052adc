"""Settings for the test suite: fast hashing, mail kept in memory, state in a throw-away folder."""

import os
import tempfile

os.environ.setdefault("COFFEECHAT_DATA_DIR", tempfile.mkdtemp(prefix="coffeechat-test-"))
os.environ.setdefault("COFFEECHAT_SECRET_KEY", "tests-only-not-secret")

from coffeechat.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, as in production, not Django's shared in-memory database: there a reader and a
    # writer on two threads (the live server and a background import) get "table is locked"
    # at once instead of SQLite's busy timeout and WAL.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
# Tasks run within the request so TestCase transactions see them; test_background_import puts
# them through the database backend and a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Most tests change data through the ORM inside one transaction, whose on-commit hooks never
# run, so results kept per user (core.freshness) would outlive the change; they are computed
# afresh here, and core/tests/test_freshness.py tests the keeping with a real cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# The sync tests run a Radicale server on loopback.
SYNC_LOCAL_SERVERS = True
