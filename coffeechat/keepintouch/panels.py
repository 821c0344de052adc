"""The keep-in-touch card on the contact page."""

from django.http import HttpRequest

from coffeechat.contacts.models import Contact
from coffeechat.core.extensions import panel
from coffeechat.keepintouch.reasons import panel_for


@panel("contact", template="keepintouch/contact_panel.html", order=30, column="side")
def contact_panel(request: HttpRequest, contact: Contact) -> dict:
    return {"contact": contact, "kit": panel_for(contact)}
