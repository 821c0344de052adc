from django.urls import path

from coffeechat.contacts import organisation_views as views

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("<int:organisation_id>/", views.organisation_detail, name="organisation_detail"),
    path("<int:organisation_id>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<int:organisation_id>/delete/", views.organisation_delete, name="organisation_delete"),
]
