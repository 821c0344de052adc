from django.urls import path

from coffeechat.transfer import views

app_name = "transfer"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.upload, name="upload"),
    path("import/<int:batch_id>/", views.batch_detail, name="batch"),
    path("import/<int:batch_id>/columns/", views.mapping, name="mapping"),
    path("import/<int:batch_id>/organisations/", views.batch_organisations, name="organisations"),
    path("import/<int:batch_id>/commit/", views.batch_commit, name="commit"),
    path("import/<int:batch_id>/progress/", views.batch_progress, name="progress"),
    path("import/<int:batch_id>/retry/", views.batch_retry, name="retry"),
    path("import/<int:batch_id>/cancel/", views.batch_cancel, name="cancel"),
    path("export/", views.export_page, name="export"),
    path("restore/", views.restore_upload, name="restore"),
    path("restore/<int:batch_id>/", views.restore_preview, name="restore_preview"),
    path("restore/<int:batch_id>/confirm/", views.restore_confirm, name="restore_confirm"),
    path("restore/<int:batch_id>/cancel/", views.restore_cancel, name="restore_cancel"),
    # One fixed path per format (no URL keyword: a format is not an owned object).
    *[
        path(f"export/{fmt}/", views.export_download, {"fmt": fmt}, name=f"download_{fmt}")
        for fmt in views.EXPORTS
    ],
    path("duplicates/", views.duplicates, name="duplicates"),
    path("merge/", views.merge, name="merge"),
    # /transfer/merge/<keep>/?other=<id to merge in and remove>
    path("merge/<int:contact_id>/", views.merge_review, name="merge_review"),
]
