"""Host mode. Public pages sit under /h/ (short, to share); the host's own under /hosting/."""

from django.urls import path

from coffeechat.hosting import public, views

app_name = "hosting"

urlpatterns = [
    path("hosting/", views.page_settings, name="settings"),
    path("hosting/inbox/", views.inbox, name="inbox"),
    path("hosting/inbox/<int:host_request_id>/", views.request_detail, name="request_detail"),
    path(
        "hosting/inbox/<int:host_request_id>/accept/", views.request_accept, name="request_accept"
    ),
    path("hosting/inbox/<int:host_request_id>/ask/", views.request_ask, name="request_ask"),
    path(
        "hosting/inbox/<int:host_request_id>/decline/",
        views.request_decline,
        name="request_decline",
    ),
    path(
        "hosting/inbox/<int:host_request_id>/cancel/", views.request_cancel, name="request_cancel"
    ),
    path("hosting/inbox/<int:host_request_id>/notes/", views.request_notes, name="request_notes"),
    path("hosting/directory/", views.directory, name="directory"),
    path("hosting/staff/", views.staff, name="staff"),
    path("hosting/staff/<int:host_page_id>/", views.staff_approve, name="staff_approve"),
    path("h/requests/<str:request_token>/", public.requester, name="requester"),
    path(
        "h/requests/<str:request_token>/invitation.ics",
        public.requester_invitation,
        name="requester_invitation",
    ),
    path("h/<slug:host_slug>/", public.host_page, name="public"),
    path("h/<slug:host_slug>/ask/", public.ask, name="ask"),
    path("h/<slug:host_slug>/sent/", public.sent, name="sent"),
]
