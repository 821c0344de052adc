from django.urls import path

from coffeechat.followup import keep_views, views

urlpatterns = [
    path("new/", views.action_create, name="action_create"),
    path("<int:action_id>/toggle/", views.action_toggle, name="action_toggle"),
    path("<int:action_id>/delete/", views.action_delete, name="action_delete"),
    path("keep-in-touch/", keep_views.keep_in_touch, name="keep_in_touch"),
    path("contacts/<int:contact_id>/snooze/", keep_views.contact_snooze, name="contact_snooze"),
]
