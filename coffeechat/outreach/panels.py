"""The request card on the conversation page: drafts, the composer, logging their reply."""

from django.http import HttpRequest

from coffeechat.core.extensions import panel
from coffeechat.pipeline.models import Conversation


@panel("conversation", template="outreach/conversation_panel.html", order=10)
def request_panel(request: HttpRequest, conversation: Conversation) -> dict:
    return {
        "conversation": conversation,
        "contact": conversation.contact,
        "drafts": conversation.request_drafts.all(),
    }
