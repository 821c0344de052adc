from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from coffeechat.accounts.views import no_users_yet
from coffeechat.core.extensions import today_changes_at, today_first_items, today_items
from coffeechat.core.freshness import cached_until
from coffeechat.today.rows import list_html

# The most urgent items first; the rest one click away, so the page stays quick to read.
SHORT_LIST = 40


def today(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:setup" if no_users_yet() else "accounts:login")
    return _today(request)


# Stands for the page's CSRF field in the kept list, filled in per view. Every text of the
# user's in the list is escaped, so only the list's own forms can hold it.
CSRF_SLOT = "<csrf-field>"


def _listed(user, now, show_all: bool) -> tuple[tuple[list, str, int], datetime | None]:
    """The items shown, their HTML with CSRF_SLOT for the forms' CSRF field, and how many more
    there are; and the instant time alone next changes them."""
    if show_all:
        shown = today_items(user, now)
        total = len(shown)
    else:
        # Only the items that can be among the first are built (a busy user has ~200).
        shown, total = today_first_items(user, now, SHORT_LIST)
    html = list_html(shown, CSRF_SLOT, reverse("today:index"))
    return (shown, html, total - len(shown)), today_changes_at(user, now)


@login_required
def _today(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    show_all = request.GET.get("all") == "1"
    # Every provider reads the user's whole pipeline, and the list prints the same until their
    # data changes or time changes it: worked out once then, and only what the page shows is
    # kept (the ~200 items of a busy user took a millisecond to unpickle on every view, and as
    # long to pickle after each change). Each provider says when time next changes its items
    # (core.extensions), so the list is kept past the minute, but never past that.
    shown, rows, hidden = cached_until(
        request.user,
        # (Named apart from the item lists kept before, which a shared cache may hold.)
        "today-listed-all" if show_all else "today-listed",
        lambda: _listed(request.user, now, show_all),
    )
    context = {
        "items": shown,
        "rows": SafeString(rows.replace(CSRF_SLOT, csrf_input(request))),
        "hidden": hidden,
        "today": timezone.localdate(now),
    }
    return render(request, "today/today.html", context)
