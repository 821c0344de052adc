"""Small helpers for views."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def wants_json(request: HttpRequest) -> bool:
    """Our scripts ask for JSON (drag and drop, autosave); plain forms get a redirect."""
    return "application/json" in request.headers.get("Accept", "")


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Where to go back to: the `next` a form (or a link) carries when it stays on this site,
    else `fallback`. Another host, `//host`, `javascript:` and the like all get the fallback, so
    a crafted link cannot bounce the user to someone else's page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
