"""A strict Content-Security-Policy on every response (Django 5.2 has none built in),
`Cache-Control: no-store` on everything private, and a new data token after a user's writes."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from coffeechat.core.freshness import tokens_written_at_end

# Only our own files run or style a page: templates hold no inline scripts, event handlers or
# style attributes. img-src allows data: for base.html's empty favicon; charts are inline SVG.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A view that needs a different policy sets its own header; this never overwrites it.
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        # A signed-in page or any download holds someone's data: no shared cache, browser
        # history or back button may keep a copy. A view with its own policy (the calendar
        # feed) keeps it.
        user = getattr(request, "user", None)
        private = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").startswith("attachment")
        if (private or download) and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


# Requests that may write: after one, the user's kept results are stale (see core.freshness).
# Saved rows mark it themselves; this also covers `QuerySet.update()` in a view.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class DataChangeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Rows saved during the request and the request itself give the user one new token,
        # written when the response is ready (see core.freshness).
        with tokens_written_at_end() as changed:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            # A refused request (no CSRF token, a form with errors answered 400, a conflict) has
            # written nothing a view did not also save, and saved rows mark the change themselves.
            refused = response.status_code >= 400
            writer = user is not None and user.is_authenticated
            if request.method not in SAFE_METHODS and writer and not refused:
                changed.add(user.pk)
        return response
