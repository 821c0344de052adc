from django.urls import path

from coffeechat.sync import views

app_name = "sync"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("retry/", views.retry, name="retry"),
    path("disconnect/", views.disconnect, name="disconnect"),
    path("contacts/<int:contact_id>/", views.contact_toggle, name="contact_toggle"),
]
