from django.urls import path

from coffeechat.outreach import views

app_name = "outreach"
urlpatterns = [
    path("conversations/<int:conversation_id>/compose/", views.compose, name="compose"),
    path(
        "conversations/<int:conversation_id>/drafts/new/",
        views.draft_new,
        name="draft_create",
    ),
    path("conversations/<int:conversation_id>/reply/", views.reply, name="reply"),
    path(
        "conversations/<int:conversation_id>/follow-up/",
        views.follow_up,
        name="follow_up",
    ),
    path(
        "conversations/<int:conversation_id>/no-response/",
        views.no_response,
        name="no_response",
    ),
    path("drafts/<int:draft_id>/", views.draft_detail, name="draft_detail"),
    path("drafts/<int:draft_id>/apply/", views.draft_apply, name="draft_apply"),
    path("drafts/<int:draft_id>/check/", views.draft_check, name="draft_check"),
    path("drafts/<int:draft_id>/eml/", views.draft_eml, name="draft_eml"),
    path("drafts/<int:draft_id>/send/", views.draft_send, name="draft_send"),
    path("drafts/<int:draft_id>/sent/", views.draft_mark_sent, name="draft_sent"),
    path("drafts/<int:draft_id>/delete/", views.draft_delete, name="draft_delete"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_new, name="template_create"),
    path("templates/<int:template_id>/", views.template_edit, name="template_edit"),
    path(
        "templates/<int:template_id>/delete/",
        views.template_delete,
        name="template_delete",
    ),
    path("next/", views.next_list, name="next_list"),
    path("next/<int:contact_id>/start/", views.next_start, name="next_start"),
]
