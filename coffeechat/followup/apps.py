from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "coffeechat.followup"
    label = "followup"
    verbose_name = "Follow up: thank-yous, action items, closing the loop"
