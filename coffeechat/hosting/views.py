"""The host's side: their page's settings, the inbox, one request; the directory; staff."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coffeechat.core.access import owned_or_404
from coffeechat.hosting import availability, services
from coffeechat.hosting.forms import (
    AcceptForm,
    AskForm,
    AvailabilityForm,
    DeclineForm,
    HostPageForm,
    NotesForm,
)
from coffeechat.hosting.models import OPEN_STATUSES, HostPage, HostRequest, Status


def _unsaved_page(user) -> HostPage:
    """A page not yet stored, with the user's own name and zone to start from."""
    profile = getattr(user, "profile", None)
    return HostPage(
        user=user,
        slug=user.username.lower(),
        display_name=(profile.full_name if profile else "") or user.get_full_name() or "",
        time_zone=profile.time_zone if profile else "UTC",
        minutes=profile.default_meeting_minutes if profile else 20,
        formats=["video"],
    )


def _my_page(user) -> HostPage:
    return HostPage.objects.filter(user=user).first() or _unsaved_page(user)


@login_required
@require_http_methods(["GET", "POST"])
def page_settings(request: HttpRequest) -> HttpResponse:
    page = _my_page(request.user)
    do = request.POST.get("do", "")
    form = HostPageForm(request.POST if do == "page" else None, instance=page)
    times = AvailabilityForm(request.POST if do == "availability" else None, instance=page)
    bound = form if do == "page" else times if do == "availability" else None
    if bound is not None:
        if do == "availability" and page.pk is None:
            messages.error(request, "Save your page first; then set when you are free.")
        elif bound.is_valid():
            bound.save()
            messages.success(request, "Saved.")
            return redirect("hosting:settings")
    return render(
        request,
        "hosting/settings.html",
        {
            "page": page,
            "form": form,
            "times": times,
            "slots": availability.open_slots(page) if page.pk else [],
            "mail_ready": settings.EMAIL_CONFIGURED,
            "approval": settings.HOSTING_APPROVAL,
        },
        status=400 if bound is not None else 200,
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    mine = (
        HostRequest.objects.owned_by(request.user)
        .exclude(status=Status.UNCONFIRMED)
        .only("id", "name", "status", "created", "findings", "overridden", "starts_at", "learn")
    )
    return render(
        request,
        "hosting/inbox.html",
        {
            "open": mine.filter(status__in=OPEN_STATUSES),
            "closed": mine.exclude(status__in=OPEN_STATUSES)[:50],
            "page": HostPage.objects.filter(user=request.user).first(),
            "given": services.given_this_year(request.user),
        },
    )


def _request(request: HttpRequest, host_request_id) -> HostRequest:
    return owned_or_404(
        HostRequest.objects.select_related("page", "meeting", "conversation"),
        request.user,
        host_request_id,
        status__in=[s for s in Status.values if s != Status.UNCONFIRMED],
    )


def _accept_form(host_request: HostRequest, data=None) -> AcceptForm:
    page = host_request.page
    zone = availability.zone_or_utc(page.time_zone)
    slots = availability.open_slots(page)
    open_values = {availability.slot_value(s) for s in slots}
    preferred = [v for v in host_request.preferred_slots if v in open_values]
    return AcceptForm(
        data,
        slots=slots,
        zone=zone,
        formats=page.formats,
        initial={"slots": preferred, "format": (page.formats or ["video"])[0]},
    )


def _detail(request, host_request, status=200, **forms) -> HttpResponse:
    page = host_request.page
    zone = availability.zone_or_utc(page.time_zone)
    accept_form = forms.get("accept_form") or _accept_form(host_request)
    context = {
        "host_request": host_request,
        "page": page,
        "zone": zone,
        "preferred": [s for s in map(availability.parse_slot, host_request.preferred_slots) if s],
        "accept_form": accept_form,
        "accept_days": availability.by_day(availability.open_slots(page), zone),
        "accept_chosen": set(
            accept_form.data.getlist("slots")
            if accept_form.is_bound
            else accept_form.initial["slots"]
        ),
        "ask_form": forms.get("ask_form") or AskForm(),
        "decline_form": forms.get("decline_form")
        or DeclineForm(
            initial={"text": page.decline_text.replace("{first_name}", host_request.first_name)}
        ),
        "notes_form": forms.get("notes_form")
        or NotesForm(
            initial={
                "was_prepared": host_request.was_prepared,
                "thanked": host_request.thanked,
                "host_notes": host_request.host_notes,
            }
        ),
    }
    return render(request, "hosting/request_detail.html", context, status=status)


@login_required
def request_detail(request: HttpRequest, host_request_id: int) -> HttpResponse:
    return _detail(request, _request(request, host_request_id))


def _answerable(request, host_request) -> bool:
    if host_request.status in (Status.NEW, Status.ASKED):
        return True
    messages.error(request, "This request has already been answered.")
    return False


@login_required
@require_POST
def request_accept(request: HttpRequest, host_request_id: int) -> HttpResponse:
    host_request = _request(request, host_request_id)
    if not _answerable(request, host_request):
        return redirect(host_request)
    form = _accept_form(host_request, request.POST)
    if not form.is_valid():
        return _detail(request, host_request, 400, accept_form=form)
    data = form.cleaned_data
    try:
        services.accept(
            host_request,
            slots=data["slots"],
            format=data["format"],
            place=data["place"],
            request=request,
        )
    except services.RequestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Times sent to {host_request.name}.")
    return redirect(host_request)


@login_required
@require_POST
def request_ask(request: HttpRequest, host_request_id: int) -> HttpResponse:
    host_request = _request(request, host_request_id)
    if not _answerable(request, host_request):
        return redirect(host_request)
    form = AskForm(request.POST)
    if not form.is_valid():
        return _detail(request, host_request, 400, ask_form=form)
    try:
        services.ask(host_request, form.cleaned_data["question"], request)
    except services.RequestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Question sent to {host_request.name}.")
    return redirect(host_request)


@login_required
@require_POST
def request_decline(request: HttpRequest, host_request_id: int) -> HttpResponse:
    host_request = _request(request, host_request_id)
    if not _answerable(request, host_request):
        return redirect(host_request)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _detail(request, host_request, 400, decline_form=form)
    try:
        services.decline(host_request, form.cleaned_data["text"], request)
    except services.RequestError as error:
        messages.error(request, str(error))
        return redirect(host_request)
    messages.success(request, f"Declined; {host_request.name} has your note.")
    return redirect("hosting:inbox")


@login_required
@require_POST
def request_cancel(request: HttpRequest, host_request_id: int) -> HttpResponse:
    host_request = _request(request, host_request_id)
    if host_request.status != Status.SCHEDULED:
        messages.error(request, "Only a booked conversation can be cancelled.")
        return redirect(host_request)
    services.cancel(host_request, request)
    messages.success(request, f"Cancelled; {host_request.name} has been told.")
    return redirect(host_request)


@login_required
@require_POST
def request_notes(request: HttpRequest, host_request_id: int) -> HttpResponse:
    host_request = _request(request, host_request_id)
    form = NotesForm(request.POST)
    if not form.is_valid():
        return _detail(request, host_request, 400, notes_form=form)
    services.save_notes(host_request, form.cleaned_data)
    messages.success(request, "Notes saved (only you see them).")
    return redirect(host_request)


# --- The directory of a shared instance ------------------------------------------------------


def listed_pages():
    pages = HostPage.objects.filter(enabled=True, in_directory=True)
    if settings.HOSTING_APPROVAL:
        pages = pages.filter(approved=True)
    return pages


SEARCH_FIELDS = {
    "field": "field__icontains",
    "organisation": "organisations__icontains",
    "topic": "topics__icontains",
    "language": "languages__icontains",
}


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    if not settings.HOSTING_DIRECTORY:
        raise Http404("This Coffeechat has no directory")
    pages = listed_pages()
    query = {key: request.GET.get(key, "").strip()[:100] for key in SEARCH_FIELDS}
    for key, lookup in SEARCH_FIELDS.items():
        if query[key]:
            pages = pages.filter(**{lookup: query[key]})
    words = request.GET.get("q", "").strip()[:100]
    if words:
        pages = pages.filter(
            Q(display_name__icontains=words)
            | Q(headline__icontains=words)
            | Q(field__icontains=words)
            | Q(topics__icontains=words)
            | Q(organisations__icontains=words)
            | Q(career_moves__icontains=words)
        )
    return render(
        request,
        "hosting/directory.html",
        {"pages": pages.order_by("display_name", "id")[:100], "query": query, "q": words},
    )


# --- Staff approval ----------------------------------------------------------------------------


def _staff_only(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise Http404("Not here")


@login_required
def staff(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    pages = HostPage.objects.filter(in_directory=True).order_by("approved", "display_name")
    return render(
        request,
        "hosting/staff.html",
        {"pages": pages[:200], "approval": settings.HOSTING_APPROVAL},
    )


@login_required
@require_POST
def staff_approve(request: HttpRequest, host_page_id: int) -> HttpResponse:
    _staff_only(request)
    page = HostPage.objects.filter(pk=host_page_id).first()
    if page is None:
        raise Http404("No host page here")
    page.approved = request.POST.get("approved") == "1"
    page.save(update_fields=["approved", "updated"])
    state = "listed" if page.approved else "no longer listed"
    messages.success(request, f"{page.display_name} is {state}.")
    return redirect("hosting:staff")
