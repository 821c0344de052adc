from django.urls import path

from coffeechat.today import views

urlpatterns = [path("", views.today, name="today")]
