"""Per-request user settings: the user's time zone, and the onboarding step after sign-up."""

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone


def user_zone(user) -> zoneinfo.ZoneInfo:
    name = getattr(getattr(user, "profile", None), "time_zone", "") or "UTC"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


class UserTimezoneMiddleware:
    """Show every time in the signed-in user's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            timezone.activate(user_zone(request.user))
        else:
            timezone.deactivate()
        return self.get_response(request)


# Paths a not-yet-onboarded user may still reach.
_ONBOARDING_EXEMPT = ("/accounts/", "/static/", "/meetings/feed/")


class OnboardingMiddleware:
    """Send a signed-in user who has not filled in the onboarding form to it first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and request.method == "GET"
            and not request.path.startswith(_ONBOARDING_EXEMPT)
        ):
            profile = getattr(user, "profile", None)
            if profile is None or not profile.onboarded:
                return redirect("accounts:onboarding")
        return self.get_response(request)
