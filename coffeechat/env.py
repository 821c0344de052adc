"""Tiny typed readers for settings that come from environment variables.

Each fails loudly on a value it cannot read, so a typo in a deployment is an error at start-up
rather than a silently ignored setting.
"""

import ipaddress
import logging
import os
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


class SettingError(ImproperlyConfigured, ValueError):
    """A setting's value cannot be used; the message names the variable and the value."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise SettingError(f"{name} must be at least {minimum}, not {value}")
    return value


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_dates(name: str) -> frozenset[date]:
    """Comma-separated `YYYY-MM-DD` dates; empty or unset is none."""
    days = set()
    for item in env_list(name, []):
        try:
            days.add(date.fromisoformat(item))
        except ValueError:
            raise SettingError(
                f"{name} must be dates like 2026-12-25, comma-separated; {item!r} is not one"
            ) from None
    return frozenset(days)


def env_time_zone(name: str, default: str) -> str:
    value = env_str(name, default).strip() or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(
            f"{name} must be a time zone name such as Europe/London, not {value!r}"
        ) from None
    return value


def env_log_level(name: str, default: str) -> str:
    value = env_str(name, default).strip().upper() or default
    levels = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
    if value not in levels or not isinstance(logging.getLevelName(value), int):
        raise SettingError(f"{name} must be one of {', '.join(levels)}, not {value!r}")
    return value


def _check_web_address(name: str, value: str, *, path_allowed: bool) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SettingError(f"{name} must start with https:// or http:// and a host, not {value!r}")
    if not path_allowed and parts.path not in {"", "/"}:
        raise SettingError(f"{name} takes origins without a path, not {value!r}")
    return value.rstrip("/") if path_allowed else value


def env_base_url(name: str) -> str:
    """A public address such as `https://coffeechat.example.edu`, without a trailing slash."""
    value = env_str(name, "").strip()
    return _check_web_address(name, value, path_allowed=True) if value else ""


def env_origins(name: str) -> list[str]:
    """Comma-separated origins such as `https://coffeechat.example.edu`."""
    return [_check_web_address(name, item, path_allowed=False) for item in env_list(name, [])]


def env_trusted_proxies(name: str, default: int) -> int | tuple[str, ...]:
    """Which reverse proxies may name the client: a count (the last N hops of X-Forwarded-For
    were added by our own proxies), or their addresses, comma-separated. 0 trusts none."""
    raw = env_str(name, "").strip()
    if not raw:
        return default
    if raw.isdigit():
        return int(raw)
    addresses = []
    for item in env_list(name, []):
        try:
            addresses.append(str(ipaddress.ip_address(item)))
        except ValueError:
            raise SettingError(
                f"{name} must be a number of proxies (such as 1) or their IP addresses, "
                f"comma-separated; {item!r} is neither"
            ) from None
    return tuple(addresses)


def parse_database_url(url: str) -> dict:
    """Django's database settings from DATABASE_URL (PostgreSQL), named in any error."""
    try:
        # Each server thread keeps its connection for a minute rather than opening one per
        # request (18 ms on the shared machine, more than a whole page); the health check (a
        # `SELECT 1` at a request's first query, about 0.1 ms) replaces a connection the
        # database closed meanwhile (a restart) instead of answering 500 once per thread.
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise SettingError(f"DATABASE_URL cannot be read ({error}): {url!r}") from None
    if not config.get("ENGINE"):
        raise SettingError(f"DATABASE_URL names no database engine: {url!r}")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A kept connection prepares each statement it has run five times (psycopg's own
        # threshold), so PostgreSQL no longer parses and plans it again on every request: the
        # database's CPU a request fell by about two fifths in the served mix
        # (docs/architecture.md, "Prepared statements on PostgreSQL, after all"). That needs the
        # parameters bound by the server. Django leaves both off for connection poolers that
        # cannot keep prepared statements (PgBouncer before 1.21 in transaction mode):
        # `?server_side_binding=false` in the URL.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 5)
    return config


def env_path(name: str, default: str) -> Path:
    return Path(os.environ.get(name) or default).expanduser().resolve()


def parse_email_url(url: str) -> dict:
    """Django e-mail settings from `smtp://user:password@host:587?tls=1&from=me@example.org`.

    Schemes: `smtp` (plain, or STARTTLS with `tls=1`), `smtp+tls` (STARTTLS) and `smtps`
    (TLS from the start). User name and password are URL-encoded.
    """
    from urllib.parse import parse_qs, unquote

    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise SettingError(
            f"EMAIL_URL must start with smtp://, smtp+tls:// or smtps://, not {url!r}"
        )
    if not parts.hostname:
        raise SettingError("EMAIL_URL needs a host name")
    try:
        port = parts.port
    except ValueError:
        raise SettingError("EMAIL_URL has a port that is not a number from 1 to 65535") from None
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    use_ssl = parts.scheme == "smtps"
    use_tls = parts.scheme == "smtp+tls" or query.get("tls", "").lower() in _TRUE
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": 20,
        "DEFAULT_FROM_EMAIL": query.get("from", ""),
    }


def env_choice(name: str, default: str, choices) -> str:
    raw = os.environ.get(name)
    value = default if raw is None or raw.strip() == "" else raw.strip().lower()
    if value not in choices:
        raise SettingError(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return value
