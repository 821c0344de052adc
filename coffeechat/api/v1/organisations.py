from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from coffeechat.api.v1.common import ListQuery, check_if_match, page, tagged
from coffeechat.api.v1.errors import ERRORS
from coffeechat.api.v1.forms import current_values, run_form
from coffeechat.api.v1.schemas import OrganisationIn, OrganisationOut, OrganisationPage
from coffeechat.contacts.forms import OrganisationForm
from coffeechat.contacts.models import Organisation
from coffeechat.core.access import owned_or_404

router = Router(tags=["organisations"])


def _save(request: HttpRequest, payload: OrganisationIn, organisation: Organisation | None):
    start = current_values(OrganisationForm(instance=organisation, user=request.user))
    sent = {k: "" if v is None else v for k, v in payload.dict(exclude_unset=True).items()}
    form = OrganisationForm({**start, **sent}, instance=organisation, user=request.user)
    return run_form(form).save()


@router.get("/organisations", response={200: OrganisationPage, **ERRORS})
def list_organisations(request: HttpRequest, query: Query[ListQuery]):
    return page(Organisation.objects.owned_by(request.user), query)


@router.post("/organisations", response={201: OrganisationOut, **ERRORS})
def create_organisation(request: HttpRequest, payload: OrganisationIn, response: HttpResponse):
    return Status(201, tagged(response, _save(request, payload, None)))


@router.get("/organisations/{int:organisation_id}", response={200: OrganisationOut, **ERRORS})
def get_organisation(request: HttpRequest, organisation_id: int, response: HttpResponse):
    return tagged(response, owned_or_404(Organisation, request.user, organisation_id))


@router.patch("/organisations/{int:organisation_id}", response={200: OrganisationOut, **ERRORS})
def update_organisation(
    request: HttpRequest, organisation_id: int, payload: OrganisationIn, response: HttpResponse
):
    organisation = owned_or_404(Organisation, request.user, organisation_id)
    check_if_match(request, organisation)
    return tagged(response, _save(request, payload, organisation))


@router.delete("/organisations/{int:organisation_id}", response={204: None, **ERRORS})
def delete_organisation(request: HttpRequest, organisation_id: int):
    organisation = owned_or_404(Organisation, request.user, organisation_id)
    check_if_match(request, organisation)
    organisation.delete()  # its contacts stay, without an organisation
    return Status(204, None)
