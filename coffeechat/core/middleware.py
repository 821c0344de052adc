"""A strict Content-Security-Policy on every response (Django 5.2 has none built in), and
`Cache-Control: no-store` on everything private."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
