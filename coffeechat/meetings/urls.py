from django.urls import path

from coffeechat.meetings import views

urlpatterns = [
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
]
