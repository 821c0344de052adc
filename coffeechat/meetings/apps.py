from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "coffeechat.meetings"
    label = "meetings"
