from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from coffeechat.api.v1.common import ListQuery, check_if_match, page, tagged
from coffeechat.api.v1.errors import ERRORS, invalid
from coffeechat.api.v1.forms import run_form
from coffeechat.api.v1.schemas import Id, TouchpointIn, TouchpointOut, TouchpointPage
from coffeechat.contacts.forms import TouchpointForm
from coffeechat.contacts.models import Contact, Touchpoint
from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.access import owned_or_404
from coffeechat.pipeline.models import Conversation

router = Router(tags=["touchpoints"])


class TouchpointQuery(ListQuery):
    contact_id: Id | None = None


@router.get("/touchpoints", response={200: TouchpointPage, **ERRORS})
def list_touchpoints(request: HttpRequest, query: Query[TouchpointQuery]):
    touchpoints = Touchpoint.objects.owned_by(request.user)
    if query.contact_id is not None:
        touchpoints = touchpoints.filter(contact_id=query.contact_id)
    return page(touchpoints, query)


@router.post("/touchpoints", response={201: TouchpointOut, **ERRORS})
def create_touchpoint(request: HttpRequest, payload: TouchpointIn, response: HttpResponse):
    """Log something that happened on the contact's timeline."""
    contact = owned_or_404(Contact, request.user, payload.contact_id)
    conversation = None
    if payload.conversation_id is not None:
        conversation = owned_or_404(Conversation, request.user, payload.conversation_id)
        if conversation.contact_id != contact.pk:
            raise invalid({"conversation_id": ["That conversation is with someone else."]})
    if len(payload.channel) > Touchpoint._meta.get_field("channel").max_length:
        raise invalid({"channel": ["Use at most 40 characters."]})
    form = run_form(
        TouchpointForm(
            {"kind": payload.kind, "happened_at": payload.happened_at or "", "text": payload.text}
        )
    )
    touchpoint = log_touchpoint(
        contact,
        form.cleaned_data["kind"],
        text=form.cleaned_data["text"],
        channel=payload.channel,
        at=form.cleaned_data["happened_at"],
        conversation=conversation,
    )
    return Status(201, tagged(response, touchpoint))


@router.get("/touchpoints/{int:touchpoint_id}", response={200: TouchpointOut, **ERRORS})
def get_touchpoint(request: HttpRequest, touchpoint_id: int, response: HttpResponse):
    return tagged(response, owned_or_404(Touchpoint, request.user, touchpoint_id))


@router.delete("/touchpoints/{int:touchpoint_id}", response={204: None, **ERRORS})
def delete_touchpoint(request: HttpRequest, touchpoint_id: int):
    touchpoint = owned_or_404(Touchpoint, request.user, touchpoint_id)
    check_if_match(request, touchpoint)
    touchpoint.delete()
    return Status(204, None)
