from django.urls import path

from coffeechat.followup import views

app_name = "followup"
urlpatterns = [
    path("new/", views.action_create, name="action_create"),
    path("<int:action_id>/toggle/", views.action_toggle, name="action_toggle"),
    path("<int:action_id>/delete/", views.action_delete, name="action_delete"),
    path("<int:action_id>/close-loop/", views.close_loop, name="close_loop"),
    path("<int:action_id>/update-sent/", views.update_sent, name="update_sent"),
    path("<int:action_id>/update-eml/", views.update_eml, name="update_eml"),
]
