from django.urls import include, path

urlpatterns = [
    path("", include("coffeechat.today.urls")),
    path("accounts/", include("coffeechat.accounts.urls")),
    path("contacts/", include("coffeechat.contacts.urls")),
    path("organisations/", include("coffeechat.contacts.organisation_urls")),
    path("conversations/", include("coffeechat.pipeline.urls")),
    path("meetings/", include("coffeechat.meetings.urls")),
    path("actions/", include("coffeechat.followup.urls")),
    path("outreach/", include("coffeechat.outreach.urls")),
    path("prep/", include("coffeechat.prep.urls")),
    path("transfer/", include("coffeechat.transfer.urls")),
    path("insights/", include("coffeechat.insights.urls")),
]
