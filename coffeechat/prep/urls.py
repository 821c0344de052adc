from django.urls import include, path

from coffeechat.prep import views

# Mounted at the root, as one namespace has to be: a conversation's question plan and brief sit
# in its /conversations/<conversation_id>/ tree, planned and own questions under /prep/.
app_name = "prep"
conversation_patterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/intention/", views.plan_intention, name="plan_intention"),
    path("plan/add/", views.plan_add, name="plan_add"),
    path("plan/reorder/", views.plan_reorder, name="plan_reorder"),
    path("bank/hide/", views.bank_hide, name="bank_hide"),
    path("bank/unhide/", views.bank_unhide, name="bank_unhide"),
    path("brief/", views.brief, name="brief"),
]
prep_patterns = [
    path("questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path(
        "questions/<int:question_id>/priority/", views.question_priority, name="question_priority"
    ),
    path("questions/<int:question_id>/remove/", views.question_remove, name="question_remove"),
    path(
        "my-questions/<int:user_question_id>/delete/",
        views.own_question_delete,
        name="own_question_delete",
    ),
]
urlpatterns = [
    path("conversations/<int:conversation_id>/", include(conversation_patterns)),
    path("prep/", include(prep_patterns)),
]
