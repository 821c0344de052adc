from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from coffeechat.api.v1.common import ListQuery, check_if_match, page, tagged
from coffeechat.api.v1.errors import ERRORS
from coffeechat.api.v1.forms import current_values, run_form
from coffeechat.api.v1.schemas import ContactIn, ContactOut, ContactPage
from coffeechat.contacts.forms import ContactForm
from coffeechat.contacts.models import Contact
from coffeechat.core.access import owned_or_404

router = Router(tags=["contacts"])

# The API's field names for the form's plain-text fields.
FORM_NAMES = {
    "organisation_name": "organisation",
    "referred_by_name": "referred_by",
    "emails_text": "emails",
    "phones_text": "phones",
    "tags_text": "tags",
    "links_text": "links",
}
API_NAMES = {api: form for form, api in FORM_NAMES.items()}


def _contacts(user):
    return Contact.objects.owned_by(user).select_related("organisation").prefetch_related("tags")


def _form_data(payload: ContactIn) -> dict:
    data = {}
    for name, value in payload.dict(exclude_unset=True).items():
        if name in ("emails", "phones"):
            value = "\n".join(value or [])
        elif name == "tags":
            value = ", ".join(value or [])
        elif name == "links":
            value = "\n".join(
                f"{link['url']} {link.get('title', '')}".strip() for link in value or []
            )
        elif name == "linkedin_connected":
            value = bool(value)
        elif value is None:
            value = ""
        data[API_NAMES.get(name, name)] = value
    return data


def _save(request: HttpRequest, payload: ContactIn, contact: Contact | None) -> Contact:
    # A new contact starts from the form's defaults, as the "Add contact" page does.
    start = current_values(ContactForm(instance=contact, user=request.user))
    form = ContactForm({**start, **_form_data(payload)}, instance=contact, user=request.user)
    run_form(form, FORM_NAMES)
    with transaction.atomic():
        return form.save()


@router.get("/contacts", response={200: ContactPage, **ERRORS})
def list_contacts(request: HttpRequest, query: Query[ListQuery]):
    return page(_contacts(request.user), query)


@router.post("/contacts", response={201: ContactOut, **ERRORS})
def create_contact(request: HttpRequest, payload: ContactIn, response: HttpResponse):
    contact = _save(request, payload, None)
    return Status(201, tagged(response, _contacts(request.user).get(pk=contact.pk)))


@router.get("/contacts/{int:contact_id}", response={200: ContactOut, **ERRORS})
def get_contact(request: HttpRequest, contact_id: int, response: HttpResponse):
    return tagged(response, owned_or_404(_contacts(request.user), request.user, contact_id))


@router.patch("/contacts/{int:contact_id}", response={200: ContactOut, **ERRORS})
def update_contact(
    request: HttpRequest, contact_id: int, payload: ContactIn, response: HttpResponse
):
    contact = owned_or_404(_contacts(request.user), request.user, contact_id)
    check_if_match(request, contact)
    _save(request, payload, contact)
    return tagged(response, _contacts(request.user).get(pk=contact.pk))


@router.delete("/contacts/{int:contact_id}", response={204: None, **ERRORS})
def delete_contact(request: HttpRequest, contact_id: int):
    contact = owned_or_404(Contact, request.user, contact_id)
    check_if_match(request, contact)
    contact.delete()
    return Status(204, None)
