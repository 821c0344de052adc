from django.urls import path

from coffeechat.transfer import views

app_name = "transfer"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.upload, name="upload"),
    path("import/<int:batch_id>/", views.batch_detail, name="batch"),
    path("import/<int:batch_id>/columns/", views.mapping, name="mapping"),
    path("import/<int:batch_id>/commit/", views.batch_commit, name="commit"),
    path("import/<int:batch_id>/cancel/", views.batch_cancel, name="cancel"),
    path("export/", views.export_page, name="export"),
    path("export/<str:fmt>/", views.export_download, name="download"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("merge/", views.merge, name="merge"),
    path("merge/<int:keep_id>/<int:remove_id>/", views.merge_review, name="merge_review"),
]
