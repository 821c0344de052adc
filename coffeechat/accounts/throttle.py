"""Failed sign-in throttling, shared by every app server through the database."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from coffeechat.accounts.models import LoginFailure


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _recent(username: str, ip: str):
    since = timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    return LoginFailure.objects.filter(at__gte=since).filter(
        Q(username=username.lower()) | Q(ip_address=ip)
    )


def is_throttled(username: str, ip: str) -> bool:
    return _recent(username, ip).count() >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, ip: str) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], ip_address=ip[:64])


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
