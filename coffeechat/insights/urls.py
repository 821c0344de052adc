from django.urls import path

from coffeechat.insights import views

urlpatterns = [
    path("", views.index, name="insights_index"),
    path("paths/new/", views.path_create, name="insights_path_create"),
    path("paths/compare/", views.compare, name="insights_compare"),
    path("paths/export.md", views.export_all_markdown, name="insights_export_all_md"),
    path("paths/export.pdf", views.export_all_pdf, name="insights_export_all_pdf"),
    path("paths/<int:path_id>/", views.path_detail, name="insights_path"),
    path("paths/<int:path_id>/edit/", views.path_edit, name="insights_path_edit"),
    path("paths/<int:path_id>/delete/", views.path_delete, name="insights_path_delete"),
    path("paths/<int:path_id>/links/", views.path_links, name="insights_path_links"),
    path("paths/<int:path_id>/link/", views.path_link, name="insights_path_link"),
    path("paths/<int:path_id>/unlink/", views.path_unlink, name="insights_path_unlink"),
    path("paths/<int:path_id>/export.md", views.export_markdown, name="insights_export_md"),
    path("paths/<int:path_id>/export.pdf", views.export_pdf, name="insights_export_pdf"),
    path("network/", views.network_view, name="insights_network"),
    path("funnel/", views.funnel_view, name="insights_funnel"),
]
