"""Organisation pages: list, detail (its contacts and conversations), create, edit, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coffeechat.contacts.forms import OrganisationForm
from coffeechat.contacts.models import Organisation
from coffeechat.contacts.normalise import fold
from coffeechat.core.access import owned_or_404
from coffeechat.core.extensions import render_panels

PAGE_SIZE = 50


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    organisations = Organisation.objects.owned_by(request.user)
    if q:
        organisations = organisations.filter(
            Q(name_key__contains=fold(q)) | Q(industry__icontains=q)
        )
    organisations = organisations.annotate(contact_count=Count("contacts")).order_by("name_key")
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "contacts/organisation_list.html", {"page": page, "organisations": page, "q": q}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, f"Added {organisation}.")
        return redirect(organisation)
    return render(request, "contacts/organisation_form.html", {"form": form, "organisation": None})


@login_required
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = owned_or_404(Organisation, request.user, organisation_id)
    contacts = organisation.contacts.all()[:200]
    return render(
        request,
        "contacts/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": contacts,
            "panels": render_panels("organisation", request, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = owned_or_404(Organisation, request.user, organisation_id)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Organisation saved.")
        return redirect(organisation)
    return render(
        request, "contacts/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_delete(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = owned_or_404(Organisation, request.user, organisation_id)
    if request.method == "POST":
        name = str(organisation)
        organisation.delete()
        messages.success(request, f"Deleted {name}; its contacts are kept.")
        return redirect("contacts:organisation_list")
    return render(
        request, "contacts/organisation_confirm_delete.html", {"organisation": organisation}
    )
