from django.urls import path

from coffeechat.api import views

app_name = "api"

urlpatterns = [
    path("api/tokens/", views.token_create, name="token_create"),
    path("api/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("api/v1/docs/", views.docs, name="docs"),
    path("capture/", views.capture, name="capture"),
    path("capture/<int:contact_id>/", views.capture_done, name="capture_done"),
]
