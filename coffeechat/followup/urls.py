from django.urls import path

from coffeechat.followup import keep_views, thank_views, views

urlpatterns = [
    path("new/", views.action_create, name="action_create"),
    path("<int:action_id>/toggle/", views.action_toggle, name="action_toggle"),
    path("<int:action_id>/delete/", views.action_delete, name="action_delete"),
    path("keep-in-touch/", keep_views.keep_in_touch, name="keep_in_touch"),
    path("contacts/<int:contact_id>/snooze/", keep_views.contact_snooze, name="contact_snooze"),
    path("contacts/<int:contact_id>/shared/", keep_views.shared_create, name="shared_create"),
    path("contacts/<int:contact_id>/linkedin/", keep_views.contact_linkedin, name="linkedin"),
    path("shared/<int:shared_id>/share/", keep_views.shared_mark, name="shared_mark"),
    path("shared/<int:shared_id>/delete/", keep_views.shared_delete, name="shared_delete"),
    path("thanks/<int:conversation_id>/", thank_views.thank_you, name="thank_you"),
    path("<int:action_id>/close-loop/", views.close_loop, name="close_loop"),
    path("<int:action_id>/update-sent/", views.update_sent, name="update_sent"),
    path("<int:action_id>/update-eml/", views.update_eml, name="update_eml"),
]
