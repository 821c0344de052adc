from django.urls import include, path

from coffeechat.core.moved import moved

urlpatterns = [
    path("", include("coffeechat.today.urls")),
    path("accounts/", include("coffeechat.accounts.urls")),
    path("", include("coffeechat.contacts.urls")),  # /contacts/… and /organisations/…
    path("conversations/", include("coffeechat.pipeline.urls")),
    path("conversations/<int:conversation_id>/thanks/", include("coffeechat.thanks.urls")),
    path("meetings/", include("coffeechat.meetings.urls")),
    path("actions/", include("coffeechat.followup.urls")),
    path("keep-in-touch/", include("coffeechat.keepintouch.urls")),
    path("outreach/", include("coffeechat.outreach.urls")),
    path("prep/", include("coffeechat.prep.urls")),
    path("transfer/", include("coffeechat.transfer.urls")),
    path("insights/", include("coffeechat.insights.urls")),
    # Addresses before the keep-in-touch app had its own prefix (bookmarks, open tabs).
    moved("actions/keep-in-touch/", "keepintouch:index"),
    moved("actions/contacts/<int:contact_id>/snooze/", "keepintouch:snooze"),
    moved("actions/contacts/<int:contact_id>/shared/", "keepintouch:shared_create"),
    moved("actions/contacts/<int:contact_id>/linkedin/", "keepintouch:linkedin"),
    moved("actions/shared/<int:shared_id>/share/", "keepintouch:shared_mark"),
    moved("actions/shared/<int:shared_id>/delete/", "keepintouch:shared_delete"),
    moved("contacts/<int:contact_id>/conversations/", "pipeline:conversation_start"),
    moved("actions/thanks/<int:conversation_id>/", "thanks:compose"),
]
