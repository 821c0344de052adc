"""Small helpers for views."""

from django.http import HttpRequest


def wants_json(request: HttpRequest) -> bool:
    """Our scripts ask for JSON (drag and drop, autosave); plain forms get a redirect."""
    return "application/json" in request.headers.get("Accept", "")
