from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "coffeechat.sync"
    label = "sync"
    verbose_name = "CalDAV and CardDAV sync"

    def ready(self) -> None:
        from coffeechat.sync import signals  # noqa: F401  (pushes meetings and marked contacts)
