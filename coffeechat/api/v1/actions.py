from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from coffeechat.api.v1.common import ListQuery, check_if_match, page, tagged
from coffeechat.api.v1.errors import ERRORS
from coffeechat.api.v1.forms import current_values, run_form
from coffeechat.api.v1.schemas import ActionCreate, ActionIn, ActionOut, ActionPage, Id
from coffeechat.contacts.models import Contact
from coffeechat.core.access import owned_or_404
from coffeechat.followup.forms import ActionItemForm
from coffeechat.followup.models import ActionItem
from coffeechat.followup.services import set_done
from coffeechat.pipeline.models import Conversation

router = Router(tags=["action items"])


class ActionQuery(ListQuery):
    done: bool | None = None
    contact_id: Id | None = None
    conversation_id: Id | None = None


def _form_values(sent: dict) -> dict:
    return {k: "" if v is None else v for k, v in sent.items()}


@router.get("/actions", response={200: ActionPage, **ERRORS})
def list_actions(request: HttpRequest, query: Query[ActionQuery]):
    items = ActionItem.objects.owned_by(request.user)
    if query.done is not None:
        items = items.filter(done=query.done)
    if query.contact_id is not None:
        items = items.filter(contact_id=query.contact_id)
    if query.conversation_id is not None:
        items = items.filter(conversation_id=query.conversation_id)
    return page(items, query)


@router.post("/actions", response={201: ActionOut, **ERRORS})
def create_action(request: HttpRequest, payload: ActionCreate, response: HttpResponse):
    contact = conversation = None
    if payload.conversation_id is not None:
        conversation = owned_or_404(Conversation, request.user, payload.conversation_id)
        contact = conversation.contact
    elif payload.contact_id is not None:
        contact = owned_or_404(Contact, request.user, payload.contact_id)
    fields = payload.dict(include={"text", "due", "owner", "origin"})
    item = run_form(ActionItemForm(_form_values(fields))).save(commit=False)
    item.user = request.user
    item.contact = contact
    item.conversation = conversation
    item.save()
    return Status(201, tagged(response, item))


@router.get("/actions/{int:action_id}", response={200: ActionOut, **ERRORS})
def get_action(request: HttpRequest, action_id: int, response: HttpResponse):
    return tagged(response, owned_or_404(ActionItem, request.user, action_id))


@router.patch("/actions/{int:action_id}", response={200: ActionOut, **ERRORS})
def update_action(request: HttpRequest, action_id: int, payload: ActionIn, response: HttpResponse):
    """Change the item; `done` ticks it as the Today page does (noted on the timeline)."""
    item = owned_or_404(ActionItem, request.user, action_id)
    check_if_match(request, item)
    sent = payload.dict(exclude_unset=True)
    done = sent.pop("done", None)
    if sent:
        start = current_values(ActionItemForm(instance=item))
        item = run_form(ActionItemForm({**start, **_form_values(sent)}, instance=item)).save()
    if done is not None and done != item.done:
        set_done(item, done)
    return tagged(response, item)


@router.delete("/actions/{int:action_id}", response={204: None, **ERRORS})
def delete_action(request: HttpRequest, action_id: int):
    item = owned_or_404(ActionItem, request.user, action_id)
    check_if_match(request, item)
    item.delete()
    return Status(204, None)
