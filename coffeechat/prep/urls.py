from django.urls import path

from coffeechat.prep import views

urlpatterns = [
    path("conversations/<int:conversation_id>/plan/", views.plan, name="prep_plan"),
    path(
        "conversations/<int:conversation_id>/plan/intention/",
        views.plan_intention,
        name="prep_plan_intention",
    ),
    path("conversations/<int:conversation_id>/plan/add/", views.plan_add, name="prep_plan_add"),
    path(
        "conversations/<int:conversation_id>/plan/reorder/",
        views.plan_reorder,
        name="prep_plan_reorder",
    ),
    path("conversations/<int:conversation_id>/bank/hide/", views.bank_hide, name="prep_hide"),
    path("conversations/<int:conversation_id>/bank/unhide/", views.bank_unhide, name="prep_unhide"),
    path("conversations/<int:conversation_id>/brief/", views.brief, name="prep_brief"),
    path("questions/<int:question_id>/move/", views.question_move, name="prep_question_move"),
    path(
        "questions/<int:question_id>/priority/",
        views.question_priority,
        name="prep_question_priority",
    ),
    path("questions/<int:question_id>/remove/", views.question_remove, name="prep_question_remove"),
    path(
        "my-questions/<int:user_question_id>/delete/",
        views.own_question_delete,
        name="prep_own_question_delete",
    ),
]
