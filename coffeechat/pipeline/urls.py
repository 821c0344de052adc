from django.urls import path

from coffeechat.pipeline import views

app_name = "pipeline"
urlpatterns = [
    path("board/", views.board, name="board"),
    path("start/<int:contact_id>/", views.conversation_start, name="conversation_start"),
    path("<int:conversation_id>/", views.conversation_detail, name="conversation_detail"),
    path("<int:conversation_id>/edit/", views.conversation_edit, name="conversation_edit"),
    path("<int:conversation_id>/stage/", views.conversation_move, name="conversation_move"),
    path("<int:conversation_id>/delete/", views.conversation_delete, name="conversation_delete"),
]
