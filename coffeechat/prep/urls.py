from django.urls import path

from coffeechat.prep import views

app_name = "prep"
urlpatterns = [
    path("conversations/<int:conversation_id>/plan/", views.plan, name="plan"),
    path(
        "conversations/<int:conversation_id>/plan/intention/",
        views.plan_intention,
        name="plan_intention",
    ),
    path("conversations/<int:conversation_id>/plan/add/", views.plan_add, name="plan_add"),
    path(
        "conversations/<int:conversation_id>/plan/reorder/",
        views.plan_reorder,
        name="plan_reorder",
    ),
    path("conversations/<int:conversation_id>/bank/hide/", views.bank_hide, name="bank_hide"),
    path("conversations/<int:conversation_id>/bank/unhide/", views.bank_unhide, name="bank_unhide"),
    path("conversations/<int:conversation_id>/brief/", views.brief, name="brief"),
    path("questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path(
        "questions/<int:question_id>/priority/",
        views.question_priority,
        name="question_priority",
    ),
    path("questions/<int:question_id>/remove/", views.question_remove, name="question_remove"),
    path(
        "my-questions/<int:user_question_id>/delete/",
        views.own_question_delete,
        name="own_question_delete",
    ),
]
