from django.apps import AppConfig


class KeepInTouchConfig(AppConfig):
    name = "coffeechat.keepintouch"
    label = "keepintouch"
    verbose_name = "Keep in touch"

    def ready(self) -> None:
        from coffeechat.keepintouch import signals  # noqa: F401  (connects the receivers)
