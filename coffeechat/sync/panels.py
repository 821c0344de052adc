"""Sync's cards on pages it does not own: the profile's "Calendar and address book" and the
contact page's "Address book" switch."""

from django.http import HttpRequest

from coffeechat.core.extensions import panel
from coffeechat.sync import services


@panel("profile", template="sync/profile_panel.html", order=50)
def profile_panel(request: HttpRequest, user) -> dict:
    account = services.account_of(user)
    return {
        "account": account,
        "counts": services.counts(user) if account else None,
        "problems": list(services.problems(user)[:5]) if account else [],
    }


@panel("contact", template="sync/contact_panel.html", order=90, column="side")
def contact_panel(request: HttpRequest, contact) -> dict:
    # The contact is the signed-in user's (the page checked): no need to load its user again.
    # Whether there is an address book is all the card needs of the account: one column.
    if not services.has_addressbook(request.user):
        return {"show": False}
    return {"show": True, "contact": contact, "item": services.contact_item(contact)}
