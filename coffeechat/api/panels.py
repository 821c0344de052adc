"""The API app's card on the profile page: personal access tokens and the bookmarklet."""

from django.http import HttpRequest
from django.urls import reverse

from coffeechat.api.forms import TokenForm
from coffeechat.api.models import AccessToken
from coffeechat.api.views import NEW_TOKEN_KEY
from coffeechat.core.extensions import panel


def bookmarklet(capture_url: str) -> str:
    """The bookmarklet: it runs on someone else's page, so it only opens our capture window
    with what the browser shows (title, address, selected text); no script of ours is loaded
    into their page, and their Content-Security-Policy has nothing to block."""
    code = (
        "(function(){var d=document,w=window,"
        "s=String(w.getSelection?w.getSelection():'').slice(0,2000),"
        f"u='{capture_url}?url='+encodeURIComponent(location.href)"
        "+'&title='+encodeURIComponent(d.title)+'&selection='+encodeURIComponent(s);"
        "if(!w.open(u,'coffeechat','width=560,height=720,scrollbars=yes'))location.href=u;})();"
    )
    return "javascript:" + code


@panel("profile", template="api/profile_panel.html", order=10)
def tokens_panel(request: HttpRequest, user) -> dict:
    new = request.session.pop(NEW_TOKEN_KEY, None)
    return {
        "tokens": AccessToken.objects.owned_by(request.user),
        "token_form": TokenForm(),
        "new_token": new,
        "bookmarklet": bookmarklet(request.build_absolute_uri(reverse("api:capture"))),
    }
