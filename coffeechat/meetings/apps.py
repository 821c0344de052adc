from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "coffeechat.meetings"
    label = "meetings"

    def ready(self) -> None:
        from coffeechat.meetings import readiness  # noqa: F401  (adds the meeting's readiness items)
