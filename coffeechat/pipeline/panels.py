"""The pipeline's cards on the contact and organisation pages."""

from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.compiled import CompiledQuery, model_fields
from coffeechat.core.extensions import panel
from coffeechat.pipeline.models import Conversation


@panel("contact", template="pipeline/contact_start.html", order=10, column="actions")
def start_button(request: HttpRequest, contact: Contact) -> dict:
    return {"contact": contact}


_FIELDS = model_fields(Conversation, {"id", "contact_id", "intention", "stage"})
# The contact page reads it on every view: built once (core.compiled), as building it took the
# ORM longer than running it.
_OF_CONTACT = CompiledQuery(
    lambda pk: Conversation.objects.filter(contact_id=pk).values_list(*_FIELDS),
    pk=Conversation._meta.get_field("contact"),
)


@panel("contact", template="pipeline/contact_conversations.html", order=10)
def contact_conversations(request: HttpRequest, contact: Contact) -> dict:
    conversations = []
    for row in _OF_CONTACT.rows(pk=contact.pk):
        conversation = Conversation.from_db(DEFAULT_DB_ALIAS, _FIELDS, row)
        conversation.contact = contact  # as the related manager fills it in
        conversations.append(conversation)
    return {"conversations": conversations}


@panel("organisation", template="pipeline/organisation_conversations.html", order=10, column="side")
def organisation_conversations(request: HttpRequest, organisation: Organisation) -> dict:
    conversations = (
        Conversation.objects.owned_by(request.user)
        .filter(contact__organisation=organisation)
        .select_related("contact")
    )
    return {"conversations": conversations}
