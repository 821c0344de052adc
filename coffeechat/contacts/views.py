"""Contact pages: the list with search and filters, detail with timeline, create, edit, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coffeechat.contacts import page_reads
from coffeechat.contacts.forms import ContactFilterForm, ContactForm, TouchpointForm
from coffeechat.contacts.models import Contact, Organisation
from coffeechat.contacts.rows import LIST_COLUMNS, contact_rows, table_body
from coffeechat.contacts.services import found_contacts, log_touchpoint, tag_names
from coffeechat.core.access import owned_or_404
from coffeechat.core.extensions import render_panels
from coffeechat.core.freshness import cached_for_user
from coffeechat.core.paging import page_number, window
from coffeechat.core.templatetags.fields import blank_field_groups

PAGE_SIZE = 50


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    filters = ContactFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    chosen = {k: v for k, v in criteria.items() if v and k != "sort"}
    sort = criteria.get("sort") or "name"
    page = window(
        lambda start, stop: found_contacts(
            request.user, LIST_COLUMNS, start, stop, **chosen, sort=sort
        ),
        page_number(request.GET.get("page")),
        PAGE_SIZE,
    )
    rows = contact_rows(page.rows, tag_names(row[0] for row in page.rows))
    # Only the whole list says how many: counting a filtered one costs more than the page. The
    # count is kept until the contacts change, however time passes (core.freshness).
    total = None
    if not chosen:
        everyone = Contact.objects.owned_by(request.user)
        total = cached_for_user(request.user, "contact-count", everyone.count, clock=None)
    return render(
        request,
        "contacts/contact_list.html",
        {
            "filters": filters,
            "page": page,
            "contacts": rows,
            "table_body": table_body(rows),
            "total": total,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    # "Add a person" on an organisation's page opens this form with the organisation filled in.
    initial = {}
    organisation_id = request.GET.get("organisation", "")
    if organisation_id.isdigit():
        organisation = Organisation.objects.owned_by(request.user).filter(pk=organisation_id)
        initial["organisation_name"] = organisation.values_list("name", flat=True).first() or ""
    form = ContactForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        contact = form.save()
        messages.success(request, f"Added {contact}.")
        return redirect(contact)
    return render(request, "contacts/contact_form.html", {"form": form, "contact": None})


@login_required
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    # The organisation and the referrer are shown by name: read with the contact, their names
    # only (contacts.page_reads: each read compiled once, and made into model instances).
    contact = page_reads.contact_or_404(request.user, contact_id)
    # Its tags are read once for the page and the panels, and kept on the contact: keep in
    # touch takes its cadence from them. The timeline is read before the panels and kept on
    # the contact (newest first): keep in touch finds its reasons in the same rows instead of
    # reading the recent touches again.
    contact.tag_list = page_reads.tags_of(contact)
    contact.timeline = page_reads.timeline_of(contact)
    context = {
        "contact": contact,
        "touchpoints": contact.timeline,
        "referrals": page_reads.referrals_of(contact),
        "tags": contact.tag_list,
        "touchpoint_fields": blank_field_groups(TouchpointForm),
        "panels": render_panels("contact", request, contact),
    }
    return render(request, "contacts/contact_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = owned_or_404(Contact, request.user, contact_id)
    form = ContactForm(request.POST or None, instance=contact, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Contact saved.")
        return redirect(contact)
    return render(request, "contacts/contact_form.html", {"form": form, "contact": contact})


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = owned_or_404(Contact, request.user, contact_id)
    if request.method == "POST":
        name = str(contact)
        contact.delete()
        messages.success(request, f"Deleted {name} and their timeline.")
        return redirect("contacts:list")
    return render(
        request,
        "contacts/contact_confirm_delete.html",
        {"contact": contact, "conversation_count": contact.conversations.count()},
    )


@login_required
@require_POST
def touchpoint_add(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = owned_or_404(Contact, request.user, contact_id)
    form = TouchpointForm(request.POST)
    if form.is_valid():
        log_touchpoint(
            contact,
            form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            at=form.cleaned_data["happened_at"],
        )
        messages.success(request, "Logged on the timeline.")
    else:
        messages.error(request, "That touch could not be logged: check the date.")
    return redirect(contact)
