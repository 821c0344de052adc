from django.urls import include, path

from coffeechat.api.v1.api import api
from coffeechat.core.moved import moved

# One prefix per app, except that a conversation's pages share its /conversations/<id>/ tree:
# the conversation itself (pipeline), the request and replies (outreach: compose/, drafts/new/,
# reply/, follow-up/, no-response/), the question plan and brief (prep: plan/…, bank/…, brief/)
# and the thank-you (thanks/). Apps with pages in two trees are mounted at the root and list
# both prefixes in their own urls.py, since a URL namespace can be included only once.
urlpatterns = [
    path("", include("coffeechat.today.urls")),
    path("accounts/", include("coffeechat.accounts.urls")),
    path("", include("coffeechat.contacts.urls")),  # /contacts/… and /organisations/…
    path("conversations/", include("coffeechat.pipeline.urls")),
    path("", include("coffeechat.outreach.urls")),  # /conversations/<id>/… and /outreach/…
    path("", include("coffeechat.prep.urls")),  # /conversations/<id>/… and /prep/…
    path("conversations/<int:conversation_id>/thanks/", include("coffeechat.thanks.urls")),
    path("meetings/", include("coffeechat.meetings.urls")),
    path("actions/", include("coffeechat.followup.urls")),
    path("keep-in-touch/", include("coffeechat.keepintouch.urls")),
    path("transfer/", include("coffeechat.transfer.urls")),
    path("insights/", include("coffeechat.insights.urls")),
    path("", include("coffeechat.hosting.urls")),  # /hosting/… (the host's) and /h/… (public)
    path("", include("coffeechat.api.urls")),  # /api/tokens/…, /api/v1/docs/ and /capture/
    path("api/v1/", api.urls),  # the JSON API (django-ninja)
    path("sync/", include("coffeechat.sync.urls")),
    # Addresses before the keep-in-touch app had its own prefix (bookmarks, open tabs).
    moved("actions/keep-in-touch/", "keepintouch:index"),
    moved("actions/contacts/<int:contact_id>/snooze/", "keepintouch:snooze"),
    moved("actions/contacts/<int:contact_id>/shared/", "keepintouch:shared_create"),
    moved("actions/contacts/<int:contact_id>/linkedin/", "keepintouch:linkedin"),
    moved("actions/shared/<int:shared_id>/share/", "keepintouch:shared_mark"),
    moved("actions/shared/<int:shared_id>/delete/", "keepintouch:shared_delete"),
    moved("contacts/<int:contact_id>/conversations/", "pipeline:conversation_start"),
    moved("actions/thanks/<int:conversation_id>/", "thanks:compose"),
    # Addresses before a conversation's pages moved into its /conversations/<id>/ tree.
    moved("outreach/conversations/<int:conversation_id>/compose/", "outreach:compose"),
    moved("outreach/conversations/<int:conversation_id>/drafts/new/", "outreach:draft_create"),
    moved("outreach/conversations/<int:conversation_id>/reply/", "outreach:reply"),
    moved("outreach/conversations/<int:conversation_id>/follow-up/", "outreach:follow_up"),
    moved("outreach/conversations/<int:conversation_id>/no-response/", "outreach:no_response"),
    moved("prep/conversations/<int:conversation_id>/plan/", "prep:plan"),
    moved("prep/conversations/<int:conversation_id>/plan/intention/", "prep:plan_intention"),
    moved("prep/conversations/<int:conversation_id>/plan/add/", "prep:plan_add"),
    moved("prep/conversations/<int:conversation_id>/plan/reorder/", "prep:plan_reorder"),
    moved("prep/conversations/<int:conversation_id>/bank/hide/", "prep:bank_hide"),
    moved("prep/conversations/<int:conversation_id>/bank/unhide/", "prep:bank_unhide"),
    moved("prep/conversations/<int:conversation_id>/brief/", "prep:brief"),
]
