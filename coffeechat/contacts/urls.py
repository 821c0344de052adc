from django.urls import include, path

from coffeechat.contacts import organisation_urls, views

# Mounted at the root: contacts under /contacts/, organisations under /organisations/, both in
# the one `contacts` namespace (a namespace can be included only once).
app_name = "contacts"
contact_patterns = [
    path("", views.contact_list, name="list"),
    path("new/", views.contact_create, name="create"),
    path("<int:contact_id>/", views.contact_detail, name="detail"),
    path("<int:contact_id>/edit/", views.contact_edit, name="edit"),
    path("<int:contact_id>/delete/", views.contact_delete, name="delete"),
    path("<int:contact_id>/touchpoints/", views.touchpoint_add, name="touchpoint_add"),
]
urlpatterns = [
    path("contacts/", include(contact_patterns)),
    path("organisations/", include(organisation_urls)),
]
