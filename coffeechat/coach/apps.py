from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "coffeechat.coach"
    label = "coach"
    verbose_name = "The coach's rules"
