from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils import timezone

from coffeechat.accounts.views import no_users_yet
from coffeechat.core.extensions import today_items
from coffeechat.core.freshness import cached_for_user
from coffeechat.today.rows import list_html

# The most urgent items first; the rest one click away, so the page stays quick to read.
SHORT_LIST = 40


def today(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:setup" if no_users_yet() else "accounts:login")
    return _today(request)


@login_required
def _today(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    # Every provider reads the user's whole pipeline: worked out once per change of their data.
    items = cached_for_user(request.user, "today", lambda: today_items(request.user, now))
    show_all = request.GET.get("all") == "1"
    shown = items if show_all else items[:SHORT_LIST]
    context = {
        "items": shown,
        "rows": list_html(shown, csrf_input(request), reverse("today:index")),
        "hidden": len(items) - len(shown),
        "today": timezone.localdate(now),
    }
    return render(request, "today/today.html", context)
