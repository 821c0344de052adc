from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from coffeechat.api.v1.common import ListQuery, check_if_match, page, tagged
from coffeechat.api.v1.errors import ERRORS
from coffeechat.api.v1.forms import current_values, run_form
from coffeechat.api.v1.schemas import (
    ConversationCreate,
    ConversationIn,
    ConversationOut,
    ConversationPage,
    Id,
    StageIn,
)
from coffeechat.contacts.models import Contact
from coffeechat.core.access import owned_or_404
from coffeechat.pipeline.forms import ConversationForm
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.pipeline.services import move_to_stage, start_conversation

router = Router(tags=["conversations"])


class ConversationQuery(ListQuery):
    stage: Stage | None = None
    contact_id: Id | None = None


def _conversations(user):
    return Conversation.objects.owned_by(user).select_related("contact")


@router.get("/conversations", response={200: ConversationPage, **ERRORS})
def list_conversations(request: HttpRequest, query: Query[ConversationQuery]):
    conversations = _conversations(request.user)
    if query.stage:
        conversations = conversations.filter(stage=query.stage)
    if query.contact_id is not None:
        conversations = conversations.filter(contact_id=query.contact_id)
    return page(conversations, query)


@router.post("/conversations", response={201: ConversationOut, **ERRORS})
def create_conversation(request: HttpRequest, payload: ConversationCreate, response: HttpResponse):
    contact = owned_or_404(Contact, request.user, payload.contact_id)
    conversation = start_conversation(contact, intention=payload.intention)
    return Status(201, tagged(response, conversation))


@router.get("/conversations/{int:conversation_id}", response={200: ConversationOut, **ERRORS})
def get_conversation(request: HttpRequest, conversation_id: int, response: HttpResponse):
    conversation = owned_or_404(_conversations(request.user), request.user, conversation_id)
    return tagged(response, conversation)


@router.patch("/conversations/{int:conversation_id}", response={200: ConversationOut, **ERRORS})
def update_conversation(
    request: HttpRequest, conversation_id: int, payload: ConversationIn, response: HttpResponse
):
    conversation = owned_or_404(_conversations(request.user), request.user, conversation_id)
    check_if_match(request, conversation)
    sent = {k: "" if v is None else v for k, v in payload.dict(exclude_unset=True).items()}
    start = current_values(ConversationForm(instance=conversation))
    form = ConversationForm({**start, **sent}, instance=conversation)
    return tagged(response, run_form(form).save())


@router.post(
    "/conversations/{int:conversation_id}/stage", response={200: ConversationOut, **ERRORS}
)
def move_conversation(
    request: HttpRequest, conversation_id: int, payload: StageIn, response: HttpResponse
):
    """Move the conversation to another stage, as the board does (the move is recorded, and the
    stage's key date is set the first time it is reached)."""
    conversation = owned_or_404(_conversations(request.user), request.user, conversation_id)
    check_if_match(request, conversation)
    move_to_stage(conversation, payload.stage)
    return tagged(response, conversation)
