from django.urls import path

from coffeechat.meetings import views

app_name = "meetings"
urlpatterns = [
    path("new/", views.meeting_create, name="create"),
    path("calendar/", views.feed_settings, name="feed_settings"),
    path("calendar/new/", views.feed_create, name="feed_create"),
    path("calendar/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="edit"),
    path("<int:meeting_id>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:meeting_id>/invitation.ics", views.meeting_invitation, name="invitation"),
    path("<int:meeting_id>/send/", views.meeting_send, name="send"),
    path(
        "<int:meeting_id>/invitation/sent/",
        views.meeting_invitation_sent,
        name="invitation_sent",
    ),
    path("<int:meeting_id>/checklist/", views.meeting_checklist, name="checklist"),
    path("<int:meeting_id>/live/", views.meeting_live, name="live"),
    path("<int:meeting_id>/live/save/", views.meeting_live_save, name="live_save"),
    path("<int:meeting_id>/capture/", views.meeting_capture, name="capture"),
]
