"""The floor: the cheapest signed-in page Coffeechat could serve, for benches to compare against.

A bare view behind the same middleware, session and authentication as every page, reading the
same 50 contacts the contacts list shows with one `values()` query and rendering them with a
minimal template. Whatever a real page costs above this is ours to explain; machine load moves
both alike, so the ratio holds where absolute times swing.

Benches use it by pointing Django at this module's settings (`bench.floor_settings`), which
serve Coffeechat's own URLs plus `floor` at /__floor__/ — never part of the product's URLs.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from coffeechat.contacts.models import Contact

FLOOR_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>Floor</title><ul>"
    "{% for c in contacts %}<li>{{ c.display_name }} — {{ c.role }}</li>{% endfor %}</ul>"
)


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    contacts = Contact.objects.filter(user=request.user).order_by("name_key", "id")
    rows = contacts.values("id", "display_name", "role")[:50]
    return HttpResponse(FLOOR_TEMPLATE.render({"contacts": rows}, request))


urlpatterns = [
    path("__floor__/", floor, name="bench_floor"),
    path("", include("coffeechat.urls")),
]
