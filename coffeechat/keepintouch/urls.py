from django.urls import path

from coffeechat.keepintouch import checkin_views, views

app_name = "keepintouch"
urlpatterns = [
    path("", views.keep_in_touch, name="index"),
    path("contacts/<int:contact_id>/check-in/", checkin_views.check_in, name="check_in"),
    path("contacts/<int:contact_id>/snooze/", views.contact_snooze, name="snooze"),
    path("contacts/<int:contact_id>/shared/", views.shared_create, name="shared_create"),
    path("contacts/<int:contact_id>/linkedin/", views.contact_linkedin, name="linkedin"),
    path("shared/<int:shared_id>/share/", views.shared_mark, name="shared_mark"),
    path("shared/<int:shared_id>/delete/", views.shared_delete, name="shared_delete"),
]
