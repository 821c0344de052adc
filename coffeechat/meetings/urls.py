from django.urls import path

from coffeechat.meetings import views

urlpatterns = [
    path("new/", views.meeting_create, name="meeting_create"),
    path("calendar/", views.feed_settings, name="meeting_feed_settings"),
    path("calendar/new/", views.feed_create, name="meeting_feed_create"),
    path("calendar/revoke/", views.feed_revoke, name="meeting_feed_revoke"),
    path("feed/<str:token>.ics", views.feed, name="meeting_feed"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:meeting_id>/invitation.ics", views.meeting_invitation, name="meeting_invitation"),
    path("<int:meeting_id>/send/", views.meeting_send, name="meeting_send"),
    path("<int:meeting_id>/checklist/", views.meeting_checklist, name="meeting_checklist"),
    path("<int:meeting_id>/live/", views.meeting_live, name="meeting_live"),
    path("<int:meeting_id>/live/save/", views.meeting_live_save, name="meeting_live_save"),
    path("<int:meeting_id>/capture/", views.meeting_capture, name="meeting_capture"),
]
