from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "coffeechat.followup"
    label = "followup"

    def ready(self) -> None:
        from coffeechat.followup import signals  # noqa: F401  (connects the receivers)
