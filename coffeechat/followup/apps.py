from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "coffeechat.followup"
    label = "followup"
