"""The pipeline's cards on the contact and organisation pages."""

from django.http import HttpRequest

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.extensions import panel
from coffeechat.pipeline.models import Conversation


@panel("contact", template="pipeline/contact_start.html", order=10, column="actions")
def start_button(request: HttpRequest, contact: Contact) -> dict:
    return {"contact": contact}


@panel("contact", template="pipeline/contact_conversations.html", order=10)
def contact_conversations(request: HttpRequest, contact: Contact) -> dict:
    return {"conversations": contact.conversations.only("id", "contact", "intention", "stage")}


@panel("organisation", template="pipeline/organisation_conversations.html", order=10, column="side")
def organisation_conversations(request: HttpRequest, organisation: Organisation) -> dict:
    conversations = (
        Conversation.objects.owned_by(request.user)
        .filter(contact__organisation=organisation)
        .select_related("contact")
    )
    return {"conversations": conversations}
