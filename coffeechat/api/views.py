"""Pages of the API app: personal access tokens (from the profile page), the bookmarklet's
capture window, and the API's documentation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from coffeechat.api import docs as api_docs
from coffeechat.api.capture import duplicates_of, parse_page, split_name
from coffeechat.api.forms import CaptureForm, TokenForm
from coffeechat.api.models import AccessToken
from coffeechat.api.tokens import create_token, revoke_token
from coffeechat.contacts.models import Contact
from coffeechat.core.access import owned_or_404
from coffeechat.transfer.services.merging import merge_contacts

# The session key that holds a new token's secret until the profile page shows it, once.
NEW_TOKEN_KEY = "api_new_token"


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("accounts:profile")
    token, secret = create_token(
        request.user, form.cleaned_data["name"], can_write=form.cleaned_data["access"] == "write"
    )
    request.session[NEW_TOKEN_KEY] = {"id": token.pk, "secret": secret}
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = owned_or_404(AccessToken, request.user, token_id)
    name = token.name
    revoke_token(token)
    messages.success(request, f"Revoked “{name}”: anything using it is now refused.")
    return redirect("accounts:profile")


def _initial(request: HttpRequest) -> dict:
    parsed = parse_page(
        request.GET.get("title", "")[:1000],
        request.GET.get("url", "")[:1000],
        request.GET.get("selection", "")[:5000],
    )
    given, family = split_name(parsed.name)
    return {
        "parsed": parsed,
        "initial": {
            "given_name": given,
            "family_name": family,
            "display_name": parsed.name,
            "role": parsed.role[:200],
            "organisation_name": parsed.organisation[:200],
            "linkedin_url": parsed.linkedin_url,
            "links_text": f"{parsed.link} {parsed.title}".strip() if parsed.link else "",
            "research_notes": parsed.notes,
        },
    }


def _duplicates(request: HttpRequest, form: CaptureForm) -> list[Contact]:
    data = form.cleaned_data if form.is_bound else form.initial
    name = data.get("display_name") or " ".join(
        p for p in (data.get("given_name"), data.get("family_name")) if p
    )
    links = data.get("links_text") or []
    if isinstance(links, str):
        links = [{"url": links.split(" ")[0]}] if links else []
    return duplicates_of(
        request.user,
        name=name or "",
        linkedin_url=data.get("linkedin_url") or "",
        link=links[0]["url"] if links else "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def capture(request: HttpRequest) -> HttpResponse:
    """The bookmarklet's window: the page read as a contact, to confirm; a likely duplicate is
    offered for merging instead of a second contact."""
    if request.method == "GET":
        start = _initial(request)
        form = CaptureForm(initial=start["initial"], user=request.user)
        duplicates = _duplicates(request, form) if start["parsed"].name else []
        context = {"form": form, "duplicates": duplicates, "parsed": start["parsed"]}
        return render(request, "api/capture.html", context)

    form = CaptureForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "api/capture.html", {"form": form, "duplicates": []})
    duplicates = _duplicates(request, form)
    merge_into = request.POST.get("merge_into", "")
    if merge_into:
        keep = owned_or_404(Contact, request.user, merge_into)
        with transaction.atomic():
            merge_contacts(keep, form.save())
        messages.success(request, f"Added what the page said to {keep.display_name}.")
        return redirect("api:capture_done", contact_id=keep.pk)
    if duplicates and request.POST.get("action") != "new":
        return render(
            request, "api/capture.html", {"form": form, "duplicates": duplicates, "confirm": True}
        )
    contact = form.save()
    messages.success(request, f"Saved {contact.display_name}.")
    return redirect("api:capture_done", contact_id=contact.pk)


@login_required
@require_GET
def capture_done(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = owned_or_404(Contact, request.user, contact_id)
    return render(request, "api/capture_done.html", {"contact": contact})


@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """The API's reference, rendered on the server from the OpenAPI document it serves."""
    return render(request, "api/docs.html", {"doc": api_docs.reference()})
