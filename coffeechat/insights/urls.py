from django.urls import path

from coffeechat.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("paths/new/", views.path_create, name="path_create"),
    path("paths/compare/", views.compare, name="compare"),
    path("paths/export.md", views.export_all_markdown, name="export_all_md"),
    path("paths/export.pdf", views.export_all_pdf, name="export_all_pdf"),
    path("paths/<int:path_id>/", views.path_detail, name="path_detail"),
    path("paths/<int:path_id>/edit/", views.path_edit, name="path_edit"),
    path("paths/<int:path_id>/delete/", views.path_delete, name="path_delete"),
    path("paths/<int:path_id>/links/", views.path_links, name="path_links"),
    path("paths/<int:path_id>/link/", views.path_link, name="path_link"),
    path("paths/<int:path_id>/unlink/", views.path_unlink, name="path_unlink"),
    path("paths/<int:path_id>/export.md", views.export_markdown, name="export_md"),
    path("paths/<int:path_id>/export.pdf", views.export_pdf, name="export_pdf"),
    path("network/", views.network_view, name="network"),
    path("funnel/", views.funnel_view, name="funnel"),
]
