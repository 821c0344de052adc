"""On a hosted conversation's page: the request it came from, and where to answer it."""

from django.http import HttpRequest

from coffeechat.core.extensions import panel
from coffeechat.hosting.models import HostRequest
from coffeechat.pipeline.models import Conversation, Kind


@panel("conversation", template="hosting/conversation_panel.html", order=5)
def hosting_panel(request: HttpRequest, conversation: Conversation) -> dict:
    if conversation.kind != Kind.HOSTING:
        return {"host_request": None}
    found = HostRequest.objects.owned_by(request.user).filter(conversation=conversation).first()
    return {"host_request": found}
