from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class TodayConfig(AppConfig):
    name = "coffeechat.today"
    label = "today"

    def ready(self) -> None:
        autodiscover_modules("today_items")
        from coffeechat.today import signals

        signals.connect()
