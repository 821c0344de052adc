from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from coffeechat.accounts.views import no_users_yet
from coffeechat.today.registry import today_items


def today(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("setup" if no_users_yet() else "login")
    return _today(request)


@login_required
def _today(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    items = today_items(request.user, now)
    return render(
        request,
        "today/today.html",
        {"items": items, "today": timezone.localdate(now)},
    )
