"""The request card on the conversation page: drafts, the composer, logging their reply."""

from django.http import HttpRequest

from coffeechat.core.extensions import panel
from coffeechat.outreach.models import DraftKind, Outcome
from coffeechat.pipeline.models import Conversation, Kind


@panel("conversation", template="outreach/conversation_panel.html", order=10)
def request_panel(request: HttpRequest, conversation: Conversation) -> dict | None:
    if conversation.kind == Kind.HOSTING:
        return None  # a conversation the user gives: nothing to ask, prepare or thank for
    drafts = conversation.request_drafts.all()
    if conversation.replies.exclude(outcome=Outcome.OUT_OF_OFFICE).exists():
        # They answered: a follow-up never sent is no longer something to send.
        drafts = drafts.exclude(kind=DraftKind.FOLLOW_UP, sent_at__isnull=True)
    return {"conversation": conversation, "contact": conversation.contact, "drafts": drafts}
