from django.urls import path

from coffeechat.thanks import views

# Mounted under /conversations/<conversation_id>/thanks/.
app_name = "thanks"
urlpatterns = [path("", views.thank_you, name="compose")]
