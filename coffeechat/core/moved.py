"""Old addresses that users may have bookmarked, sent on to where the page lives now."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse


class HttpResponsePermanentRedirectKeepingMethod(HttpResponseRedirect):
    # 308, not 301: a form posted from a page opened before the move still reaches its view.
    status_code = 308


def moved(old: str, name: str):
    """A URL pattern for `old` that redirects, keeping its keyword arguments, to the view `name`."""

    def redirect_view(request: HttpRequest, **kwargs) -> HttpResponse:
        target = reverse(name, kwargs=kwargs)
        if request.META.get("QUERY_STRING"):
            target += "?" + request.META["QUERY_STRING"]
        return HttpResponsePermanentRedirectKeepingMethod(target)

    return path(old, redirect_view)
