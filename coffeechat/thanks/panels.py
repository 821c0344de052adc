"""The "Write the thank-you" button on the conversation page, once they have met."""

from django.http import HttpRequest

from coffeechat.core.extensions import panel
from coffeechat.pipeline.models import Conversation, Kind


@panel("conversation", template="thanks/conversation_button.html", order=20, column="actions")
def thank_you_button(request: HttpRequest, conversation: Conversation) -> dict | None:
    if conversation.kind == Kind.HOSTING:
        return None  # a conversation the user gives: nothing to ask, prepare or thank for
    return {"conversation": conversation}
