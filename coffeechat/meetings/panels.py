"""The meeting card on the conversation page: its meetings and the scheduling form."""

from django.http import HttpRequest

from coffeechat.core.extensions import panel
from coffeechat.meetings.forms import MeetingForm
from coffeechat.pipeline.models import Conversation


@panel("conversation", template="meetings/conversation_panel.html", order=30)
def meeting_panel(request: HttpRequest, conversation: Conversation) -> dict:
    return {
        "conversation": conversation,
        "meetings": conversation.meetings.all(),
        "meeting_form": MeetingForm(
            user=request.user, initial_minutes=conversation.meeting_minutes
        ),
    }
