"""The action items card on the contact and conversation pages."""

from django.http import HttpRequest

from coffeechat.contacts.models import Contact
from coffeechat.core.extensions import panel
from coffeechat.core.templatetags.fields import blank_field_groups
from coffeechat.followup.forms import ActionItemForm
from coffeechat.followup.reads import action_items_of
from coffeechat.pipeline.models import Conversation


@panel("contact", template="followup/actions_panel.html", order=20, column="side")
def contact_actions(request: HttpRequest, contact: Contact) -> dict:
    return {
        "contact": contact,
        "actions": action_items_of(contact),
        "action_fields": blank_field_groups(ActionItemForm),
    }


@panel("conversation", template="followup/actions_panel.html", order=20, column="side")
def conversation_actions(request: HttpRequest, conversation: Conversation) -> dict:
    return {
        "conversation": conversation,
        "actions": conversation.action_items.all(),
        "action_fields": blank_field_groups(ActionItemForm),
    }
