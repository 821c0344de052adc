"""Who is calling: a personal access token (Authorization: Bearer …) or the signed-in session.

A token acts as its user for the whole request (the user's time zone included); a read-only
token is refused on anything that could change data. The session is accepted with Django's
CSRF check, for our own pages' scripts.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from coffeechat.accounts.middleware import user_zone
from coffeechat.api.models import AccessToken
from coffeechat.api.tokens import token_for

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth(HttpBearer):
    def __init__(self, *, read_only_may_post: bool = False) -> None:
        # The checkers answer a POST without storing anything; a read-only token may use them.
        self.read_only_may_post = read_only_may_post
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> AccessToken | None:
        found = token_for(token)
        if found is None:
            return None
        if (
            request.method not in SAFE_METHODS
            and not found.can_write
            and not self.read_only_may_post
        ):
            raise HttpError(403, "This token is read-only; create a read-and-write token.")
        request.user = found.user
        timezone.activate(user_zone(found.user))
        return found


class SessionAuth(APIKeyCookie):
    """The signed-in browser session, with the CSRF check only once someone is signed in (an
    anonymous request is simply not authenticated by it, and gets 401 rather than 403)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return "session"

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user if key and request.user.is_authenticated else None


READ_WRITE = [TokenAuth(), SessionAuth()]
CHECKERS = [TokenAuth(read_only_may_post=True), SessionAuth()]
