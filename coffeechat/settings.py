"""Settings for Coffeechat, read from environment variables (see README.md for the table)."""

import secrets
from pathlib import Path

from coffeechat.env import (
    env_base_url,
    env_bool,
    env_choice,
    env_dates,
    env_int,
    env_list,
    env_log_level,
    env_origins,
    env_path,
    env_str,
    env_time_zone,
    env_trusted_proxies,
    parse_database_url,
    parse_email_url,
)

BASE_DIR = Path(__file__).resolve().parent

# All state lives in one data directory: the SQLite file and the generated secret key.
DATA_DIR = env_path("COFFEECHAT_DATA_DIR", "./data")


def _secret_key() -> str:
    configured = env_str("COFFEECHAT_SECRET_KEY", "")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        # Write with owner-only permissions; a second process racing us keeps the first key.
        try:
            with open(key_file, "x", encoding="ascii") as handle:
                key_file.chmod(0o600)
                handle.write(secrets.token_urlsafe(50))
        except FileExistsError:
            pass
    return key_file.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("COFFEECHAT_DEBUG", False)
ALLOWED_HOSTS = env_list("COFFEECHAT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_origins("COFFEECHAT_CSRF_TRUSTED_ORIGINS")
SECURE_COOKIES = env_bool("COFFEECHAT_SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# Behind a reverse proxy: which proxies may name the client's address and scheme (a count of
# proxies in front of us, or their addresses). COFFEECHAT_BEHIND_PROXY=true alone means one.
BEHIND_PROXY = env_bool("COFFEECHAT_BEHIND_PROXY", False)
TRUSTED_PROXIES = env_trusted_proxies("COFFEECHAT_TRUSTED_PROXIES", 1 if BEHIND_PROXY else 0)
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# With secure cookies the instance is HTTPS-only: browsers are told to keep to HTTPS
# (sent on HTTPS responses only, by Django's SecurityMiddleware).
SECURE_HSTS_SECONDS = (
    env_int("COFFEECHAT_HSTS_SECONDS", 31_536_000, minimum=0) if SECURE_COOKIES else 0
)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

SIGNUP_OPEN = env_bool("COFFEECHAT_SIGNUP", False)
# Host mode (hosting app): a directory of hosts for the instance's signed-in users; staff approve
# each host before it is listed (by default when anyone may sign up). Requests from the public
# form are limited per client address (an hour) and per host (a day).
HOSTING_DIRECTORY = env_bool("COFFEECHAT_HOST_DIRECTORY", True)
HOSTING_APPROVAL = env_bool("COFFEECHAT_HOST_APPROVAL", SIGNUP_OPEN)
HOSTING_REQUESTS_PER_ADDRESS = env_int("COFFEECHAT_HOST_REQUESTS_PER_ADDRESS", 5, minimum=1)
HOSTING_REQUESTS_PER_HOST = env_int("COFFEECHAT_HOST_REQUESTS_PER_HOST", 20, minimum=1)
# CalDAV / CardDAV sync (docs/sync.md) to a server on this machine or a private network: off,
# so that on a shared instance no user can point the server's requests at its own neighbours.
SYNC_LOCAL_SERVERS = env_bool("COFFEECHAT_SYNC_LOCAL_SERVERS", False)
# Sign-in throttling (accounts/throttle.py): failures past a limit cost a growing wait, counted
# per name and client address, per name from anywhere, and across the instance.
LOGIN_FAILURE_LIMIT = env_int("COFFEECHAT_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("COFFEECHAT_LOGIN_ACCOUNT_FAILURE_LIMIT", 20, minimum=1)
LOGIN_GLOBAL_FAILURE_LIMIT = env_int("COFFEECHAT_LOGIN_GLOBAL_FAILURE_LIMIT", 500, minimum=1)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("COFFEECHAT_LOGIN_FAILURE_WINDOW", 15, minimum=1)
SIGNUP_LIMIT = env_int("COFFEECHAT_SIGNUP_LIMIT", 10, minimum=1)
COFFEECHAT_MAX_IMPORT_MB = env_int("COFFEECHAT_MAX_IMPORT_MB", 20, minimum=1)
# Uploaded files kept per user while they wait for review or after an import stopped.
COFFEECHAT_MAX_HELD_IMPORTS = env_int("COFFEECHAT_MAX_HELD_IMPORTS", 5, minimum=1)
COFFEECHAT_MAX_HELD_IMPORT_MB = env_int("COFFEECHAT_MAX_HELD_IMPORT_MB", 50, minimum=1)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "coffeechat.core",
    "coffeechat.accounts",
    "coffeechat.contacts",
    "coffeechat.pipeline",
    "coffeechat.meetings",
    "coffeechat.followup",
    "coffeechat.thanks",
    "coffeechat.keepintouch",
    "coffeechat.outreach",
    "coffeechat.prep",
    "coffeechat.today",
    "coffeechat.coach",
    "coffeechat.transfer",
    "coffeechat.insights",
    "coffeechat.hosting",
    "coffeechat.api",
    "coffeechat.sync",
    "django_tasks",
    "django_tasks_db",
]

# Background work (imports, restores) goes through Django's task framework. "database" keeps the
# queue, progress and outcome in the database, so any app server can show them and a worker
# (`coffeechat worker`, or the one `coffeechat serve` starts) can run anywhere; "immediate" runs
# each task within the request that starts it.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {"BACKEND": TASK_BACKENDS[env_choice("COFFEECHAT_TASKS", "database", TASK_BACKENDS)]}
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "coffeechat.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coffeechat.core.middleware.DataChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "coffeechat.accounts.middleware.UserTimezoneMiddleware",
    "coffeechat.accounts.middleware.OnboardingMiddleware",
]

ROOT_URLCONF = "coffeechat.urls"
WSGI_APPLICATION = "coffeechat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": parse_database_url(DATABASE_URL)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "coffeechat.sqlite3",
            # Each server thread keeps its connection rather than opening one per request:
            # opening it and running the PRAGMAs below took 3.7 ms on the shared machine, as
            # much as the floor page itself. SQLite's file cannot go away underneath it.
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at
                # the start of a transaction so concurrent writers wait instead of failing.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # cache_size: 16 MiB of pages per connection rather than SQLite's 2 MiB. An
                # import of 30,000 contacts updates a dozen indexes, and with the small cache it
                # fetched their pages again and again while holding the only write lock: held
                # 0.92 s before, 0.76 s after (bench/import.py). A personal database never
                # fills it; a career centre's 200 users' pages fit.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON; "
                    "PRAGMA cache_size=-16384;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "today:index"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_time_zone("COFFEECHAT_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Static files are served from the installed package by WhiteNoise; no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Messages ("Logged on the timeline.") travel in a signed cookie, and only one too large for it
# (over 2 kB) in the session: kept in the session, every form sent and the page after it wrote
# the session's row, each in a transaction of its own (on SQLite taking the one write lock).
# The cookie has the session cookie's flags (HttpOnly, Secure with COFFEECHAT_SECURE_COOKIES).
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# Outgoing mail for the whole instance; users may also set their own SMTP server.
EMAIL_URL = env_str("EMAIL_URL", "")
EMAIL_CONFIGURED = bool(EMAIL_URL)
if EMAIL_URL:
    globals().update(parse_email_url(EMAIL_URL))
    DEFAULT_FROM_EMAIL = DEFAULT_FROM_EMAIL or env_str("COFFEECHAT_FROM_EMAIL", "")  # noqa: F821
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    DEFAULT_FROM_EMAIL = env_str("COFFEECHAT_FROM_EMAIL", "coffeechat@localhost")

# Business days skip weekends and these dates (YYYY-MM-DD, comma-separated).
HOLIDAYS = env_dates("COFFEECHAT_HOLIDAYS")
# Public address for links in the daily digest e-mail (`coffeechat digest --base-url`).
BASE_URL = env_base_url("COFFEECHAT_BASE_URL")
# Today suggests whom to ask next while fewer requests than this wait for a reply.
PIPELINE_TARGET = env_int("COFFEECHAT_PIPELINE_TARGET", 5, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_log_level("COFFEECHAT_LOG_LEVEL", "WARNING")},
    # Waitress warns "Task queue depth" for every request that waits for a free thread: under
    # load that is one line per request and says nothing latency figures do not.
    "loggers": {"waitress.queue": {"level": "ERROR"}},
}
