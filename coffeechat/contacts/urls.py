from django.urls import path

from coffeechat.contacts import views

urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("new/", views.contact_create, name="contact_create"),
    path("<int:contact_id>/", views.contact_detail, name="contact_detail"),
    path("<int:contact_id>/edit/", views.contact_edit, name="contact_edit"),
    path("<int:contact_id>/delete/", views.contact_delete, name="contact_delete"),
    path("<int:contact_id>/touchpoints/", views.touchpoint_add, name="touchpoint_add"),
]
