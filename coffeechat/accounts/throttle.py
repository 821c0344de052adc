"""Sign-in and sign-up throttling, shared by every app server through the database.

Failed sign-ins cost a growing wait rather than a lock: past a limit, each further failure
doubles the time before the next attempt is even checked. Failures are counted

- per name and client address: someone guessing from one place slows down quickly, while
  others behind the same address (a campus NAT, the reverse proxy) are not held at all;
- per name from anywhere, with a higher limit and a short longest wait: guessing spread over
  many addresses slows down, but nobody can keep the owner out for more than a minute;
- across the instance: during a surge of failures, an address with failures of its own waits
  by all of them, whatever names it tried; an address that has not failed is never held.

The client address comes from X-Forwarded-For only when a trusted proxy put it there
(settings.TRUSTED_PROXIES); otherwise anyone could claim a fresh address with every guess.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpRequest
from django.utils import timezone

from coffeechat.accounts.models import LoginFailure, SignupAttempt

FIRST_WAIT_SECONDS = 2
ACCOUNT_LONGEST_WAIT_SECONDS = 60
SIGNUP_WINDOW = timedelta(hours=1)


def client_ip(request: HttpRequest) -> str:
    """The client's address: the connection's, or the one a trusted proxy says it serves."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = settings.TRUSTED_PROXIES
    if not trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if isinstance(trusted, int):
        # Each of our `trusted` proxies appended one address; anything before them is the
        # client's own claim. (Waitress in proxy mode keeps only those hops: same answer.)
        return hops[-trusted][:64] if len(hops) >= trusted else remote
    if remote not in trusted:
        return remote
    for hop in reversed(hops):
        if hop not in trusted:
            return hop[:64]
    return remote


def _wait(rows, limit: int, longest: int, now) -> int:
    """Seconds still to wait after `rows` ({"n", "last"}) failures, given a free `limit`."""
    if rows["n"] < limit or rows["last"] is None:
        return 0
    delay = min(longest, FIRST_WAIT_SECONDS * 2 ** min(rows["n"] - limit, 30))
    left = (rows["last"] + timedelta(seconds=delay) - now).total_seconds()
    return max(0, math.ceil(left))


def seconds_to_wait(username: str, ip: str) -> int:
    """How long this name from this address must wait before a password is checked (0: none)."""
    now = timezone.now()
    window = settings.LOGIN_FAILURE_WINDOW_MINUTES * 60
    recent = LoginFailure.objects.filter(at__gte=now - timedelta(seconds=window))
    name = username.lower()[:150]

    def counted(rows):
        return rows.aggregate(n=Count("id"), last=Max("at"))

    waits = [
        _wait(
            counted(recent.filter(username=name, ip_address=ip)),
            settings.LOGIN_FAILURE_LIMIT,
            window,
            now,
        ),
        _wait(
            counted(recent.filter(username=name)),
            settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
            ACCOUNT_LONGEST_WAIT_SECONDS,
            now,
        ),
    ]
    if recent.count() >= settings.LOGIN_GLOBAL_FAILURE_LIMIT:
        waits.append(_wait(counted(recent.filter(ip_address=ip)), 1, window, now))
    return max(waits)


def record_failure(username: str, ip: str) -> None:
    now = timezone.now()
    window = timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    # Failures older than the window count for nothing; keep the table small.
    LoginFailure.objects.filter(at__lt=now - window).delete()
    LoginFailure.objects.create(username=username.lower()[:150], ip_address=ip[:64])


def clear_failures(username: str, ip: str) -> None:
    """A success from this address forgets its own failures; those from elsewhere still count."""
    LoginFailure.objects.filter(username=username.lower()[:150], ip_address=ip[:64]).delete()


def signup_wait(ip: str) -> int:
    """Seconds before this address may try another sign-up (0: now)."""
    now = timezone.now()
    recent = SignupAttempt.objects.filter(ip_address=ip[:64], at__gte=now - SIGNUP_WINDOW)
    count = recent.count()
    if count < settings.SIGNUP_LIMIT:
        return 0
    # The wait ends when enough attempts have left the window to be under the limit again.
    oldest = recent.order_by("at").values_list("at", flat=True)[count - settings.SIGNUP_LIMIT]
    return max(1, math.ceil((oldest + SIGNUP_WINDOW - now).total_seconds()))


def record_signup(ip: str) -> None:
    SignupAttempt.objects.filter(at__lt=timezone.now() - SIGNUP_WINDOW).delete()
    SignupAttempt.objects.create(ip_address=ip[:64])


def in_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{math.ceil(seconds / 60)} minutes"
