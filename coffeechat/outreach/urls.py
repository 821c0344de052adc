from django.urls import include, path

from coffeechat.outreach import thread_views, views

# Mounted at the root, as one namespace has to be: a conversation's request pages sit in its
# /conversations/<conversation_id>/ tree, drafts, templates and "who to ask next" under /outreach/.
app_name = "outreach"
conversation_patterns = [
    path("compose/", views.compose, name="compose"),
    path("drafts/new/", views.draft_new, name="draft_create"),
    path("reply/", views.reply, name="reply"),
    path("reply/thread/", thread_views.reply_thread, name="reply_thread"),
    path("reply/thread/save/", thread_views.reply_thread_save, name="reply_thread_save"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("no-response/", views.no_response, name="no_response"),
]
outreach_patterns = [
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
    path("templates/<int:template_id>/delete/", views.template_delete, name="template_delete"),
    path("next/", views.next_list, name="next_list"),
    path("next/<int:contact_id>/start/", views.next_start, name="next_start"),
]
urlpatterns = [
    path("conversations/<int:conversation_id>/", include(conversation_patterns)),
    path("outreach/", include(outreach_patterns)),
]
