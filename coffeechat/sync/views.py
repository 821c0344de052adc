"""The sync page (linked from the profile) and marking a contact for the address book."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coffeechat.contacts.models import Contact
from coffeechat.core.access import owned_or_404
from coffeechat.core.http import safe_next
from coffeechat.sync import services
from coffeechat.sync.forms import SyncAccountForm
from coffeechat.sync.models import SyncAccount


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    account = services.account_of(request.user)
    form = SyncAccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        first = account is None
        account = form.save(commit=False)
        account.user = request.user
        account.save()
        queued = services.push_upcoming_meetings(request.user) if account.calendar_name else 0
        note = f" {queued} upcoming meeting{'s' if queued != 1 else ''} queued." if queued else ""
        messages.success(request, ("Sync turned on." if first else "Sync settings saved.") + note)
        return redirect("sync:settings")
    context = {
        "form": form,
        "account": account,
        "counts": services.counts(request.user) if account else None,
        "problems": services.problems(request.user)[:50] if account else [],
    }
    return render(request, "sync/settings.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def retry(request: HttpRequest) -> HttpResponse:
    item_id = request.POST.get("item")
    count = services.retry(request.user, int(item_id) if (item_id or "").isdigit() else None)
    messages.success(request, f"Trying {count} again." if count else "Nothing to try again.")
    return redirect(safe_next(request, "sync:settings"))


@login_required
@require_POST
def disconnect(request: HttpRequest) -> HttpResponse:
    """Turn sync off: the stored password and the record of what was pushed are deleted; what
    is already in the calendar and address book stays there."""
    SyncAccount.objects.owned_by(request.user).delete()
    services.forget(request.user)
    messages.success(request, "Sync turned off; your app password is no longer stored.")
    return redirect("accounts:profile")


@login_required
@require_POST
def contact_toggle(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = owned_or_404(Contact, request.user, contact_id)
    account = services.account_of(request.user)
    if account is None or not account.addressbook_url:
        messages.error(request, "Set an address book on the sync page first.")
    elif request.POST.get("sync") == "on":
        services.mark_contact(contact)
        messages.success(request, f"{contact} will be kept in your address book.")
    elif services.unmark_contact(contact):
        messages.success(request, f"{contact} is no longer synced; their card is removed.")
    return redirect(safe_next(request, contact.get_absolute_url()))
