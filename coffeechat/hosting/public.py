"""The pages anyone with the link may open: the host's page, the request form, and the
private page of one request (its link, sent by e-mail, is the only key)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from coffeechat.accounts.throttle import client_ip
from coffeechat.hosting import availability, checking, services
from coffeechat.hosting.forms import AnswerForm, ChooseSlotForm, RequestForm, zone_choices
from coffeechat.hosting.models import HostPage, Status
from coffeechat.meetings.calendar import build_invitation

ALL_CLEAR = "Specific questions and a clear aim. The host will see that."


def _page(slug: str) -> HostPage:
    page = HostPage.objects.select_related("user").filter(slug=slug, enabled=True).first()
    if page is None:
        raise Http404("No host page here")
    return page


def _zone_name(request: HttpRequest, fallback: str) -> str:
    """The zone the visitor chose (?tz= or the form's), else `fallback`; never an unknown one."""
    name = request.POST.get("zone") or request.GET.get("tz") or fallback
    return name if name == availability.zone_or_utc(name).key else "UTC"


def host_page(request: HttpRequest, host_slug: str) -> HttpResponse:
    page = _page(host_slug)
    zone_name = _zone_name(request, page.time_zone)
    zone = availability.zone_or_utc(zone_name)
    days = availability.by_day(availability.open_slots(page), zone)
    return render(
        request,
        "hosting/public.html",
        {"page": page, "days": days[:7], "zone": zone_name, "zones": zone_choices()},
    )


def _notes(parts: list) -> dict:
    return {
        "parts": parts,
        # Tips alone still earn the all-clear; problems and warnings do not.
        "has_concerns": any(
            finding.severity != "tip" for part in parts for finding in part.findings
        ),
        "all_clear": ALL_CLEAR,
    }


def _initial(request: HttpRequest) -> dict:
    """A signed-in user's form starts from their profile (the directory's way in)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    profile = getattr(user, "profile", None)
    return {
        "name": (profile.full_name if profile else "") or user.get_full_name(),
        "email": user.email,
        "about": profile.introduction if profile else "",
    }


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, host_slug: str) -> HttpResponse:
    page = _page(host_slug)
    zone_name = _zone_name(request, page.time_zone)
    zone = availability.zone_or_utc(zone_name)
    slots = availability.open_slots(page)
    context = {
        "page": page,
        "zone": zone_name,
        "zones": zone_choices(),
        "all_clear": ALL_CLEAR,
        "days": availability.by_day(slots, zone),
        "chosen": set(request.POST.getlist("slots")),
    }
    if page.paused:
        return render(request, "hosting/ask.html", {**context, "closed": True})
    if request.method == "GET":
        form = RequestForm(initial={**_initial(request), "zone": zone_name}, slots=slots, zone=zone)
        return render(request, "hosting/ask.html", {**context, "form": form, "parts": []})

    form = RequestForm(request.POST, slots=slots, zone=zone)
    post = request.POST
    parts = checking.check_request(
        page,
        about=post.get("about", "")[:2000],
        learn=post.get("learn", "")[:2000],
        questions=[post.get(f"question_{n}", "")[:600] for n in (1, 2, 3)],
    )
    if post.get("do") == "live":  # the coach as they type (coach/live.js asks)
        return render(request, "hosting/_parts.html", _notes(parts))
    context.update(form=form, checked=True, **_notes(parts))
    if not form.is_valid():
        return render(request, "hosting/ask.html", context, status=400)
    data = form.cleaned_data
    if data["website"]:
        # A robot filled the hidden field: answer as if all went well, keep nothing.
        return redirect("hosting:sent", page.slug)
    ip = client_ip(request)
    if why := services.throttled(page, ip, data["email"]):
        form.add_error(None, why)
        return render(request, "hosting/ask.html", context, status=429)
    if checking.has_problems(parts) and not data["override"]:
        form.add_error(
            None,
            "The coach found a problem (marked below). Fix it, or tick “Send it as it is” "
            "if you are sure.",
        )
        return render(request, "hosting/ask.html", context, status=400)
    requester = request.user if request.user.is_authenticated else None
    try:
        host_request = services.create_request(
            page,
            data={**data, "questions": form.questions()},
            slots=data["slots"],
            zone=zone_name,
            findings=checking.verdict(parts),
            overridden=checking.has_problems(parts),
            ip=ip,
            request=request,
            requester=requester,
        )
    except services.RequestError as error:
        form.add_error(None, str(error))
        return render(request, "hosting/ask.html", context, status=503)
    if host_request.requester_conversation is not None:
        messages.success(request, f"Your request reached {page.display_name}; it is on your board.")
        return redirect(host_request.requester_conversation)
    return redirect("hosting:sent", page.slug)


def sent(request: HttpRequest, host_slug: str) -> HttpResponse:
    return render(request, "hosting/sent.html", {"page": _page(host_slug)})


def _offered(host_request) -> list:
    found = [availability.parse_slot(value) for value in host_request.offered_slots]
    return [slot for slot in found if slot is not None]


@never_cache  # the page of one person's request: no cache may keep it
@require_http_methods(["GET", "POST"])
def requester(request: HttpRequest, request_token: str) -> HttpResponse:
    """One request as its sender sees it: confirm the address, answer, choose a time, cancel."""
    host_request = services.live_request(request_token)
    if host_request is None:
        raise Http404("This link no longer works")
    zone = availability.zone_or_utc(host_request.requester_zone)
    choose = ChooseSlotForm(
        request.POST if request.POST.get("do") == "choose" else None,
        slots=_offered(host_request),
        zone=zone,
    )
    answer = AnswerForm(request.POST if request.POST.get("do") == "answer" else None)
    do = request.POST.get("do", "")
    if request.method == "POST":
        if do == "confirm" and host_request.status == Status.UNCONFIRMED:
            services.confirm(host_request, request)
            messages.success(request, f"Confirmed. {host_request.page.display_name} will see it.")
            return redirect("hosting:requester", request_token)
        if do == "answer" and host_request.status == Status.ASKED and answer.is_valid():
            services.answer(host_request, answer.cleaned_data["answer"], request)
            messages.success(request, "Your answer was sent.")
            return redirect("hosting:requester", request_token)
        if do == "choose" and host_request.status == Status.ACCEPTED and choose.is_valid():
            slot = availability.parse_slot(choose.cleaned_data["slot"])
            try:
                services.book(host_request, slot, request)
            except services.RequestError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Booked. The invitation is on its way to you both.")
            return redirect("hosting:requester", request_token)
        if do == "cancel" and host_request.status == Status.SCHEDULED:
            services.cancel(host_request, request)
            messages.success(request, "Cancelled; the host has been told.")
            return redirect("hosting:requester", request_token)
    return render(
        request,
        "hosting/requester.html",
        {
            "host_request": host_request,
            "page": host_request.page,
            "choose": choose,
            "offered_days": availability.by_day(_offered(host_request), zone),
            "answer_form": answer,
            "zone": zone,
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def requester_invitation(request: HttpRequest, request_token: str) -> HttpResponse:
    host_request = services.live_request(request_token)
    if host_request is None or host_request.meeting is None:
        raise Http404("No invitation here")
    response = HttpResponse(build_invitation(host_request.meeting), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="invite.ics"'
    return response
