from django.urls import path

from coffeechat.outreach import views

urlpatterns = [
    path("conversations/<int:conversation_id>/compose/", views.compose, name="outreach_compose"),
    path(
        "conversations/<int:conversation_id>/drafts/new/",
        views.draft_new,
        name="outreach_draft_new",
    ),
    path("conversations/<int:conversation_id>/reply/", views.reply, name="outreach_reply"),
    path(
        "conversations/<int:conversation_id>/follow-up/",
        views.follow_up,
        name="outreach_follow_up",
    ),
    path(
        "conversations/<int:conversation_id>/no-response/",
        views.no_response,
        name="outreach_no_response",
    ),
    path("drafts/<int:draft_id>/", views.draft_detail, name="outreach_draft"),
    path("drafts/<int:draft_id>/apply/", views.draft_apply, name="outreach_draft_apply"),
    path("drafts/<int:draft_id>/check/", views.draft_check, name="outreach_draft_check"),
    path("drafts/<int:draft_id>/eml/", views.draft_eml, name="outreach_draft_eml"),
    path("drafts/<int:draft_id>/send/", views.draft_send, name="outreach_draft_send"),
    path("drafts/<int:draft_id>/sent/", views.draft_mark_sent, name="outreach_draft_sent"),
    path("drafts/<int:draft_id>/delete/", views.draft_delete, name="outreach_draft_delete"),
    path("templates/", views.template_list, name="outreach_templates"),
    path("templates/new/", views.template_new, name="outreach_template_new"),
    path("templates/<int:template_id>/", views.template_edit, name="outreach_template_edit"),
    path(
        "templates/<int:template_id>/delete/",
        views.template_delete,
        name="outreach_template_delete",
    ),
    path("next/", views.next_list, name="outreach_next"),
    path("next/<int:contact_id>/start/", views.next_start, name="outreach_next_start"),
]
