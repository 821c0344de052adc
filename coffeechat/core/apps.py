from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "coffeechat.core"
    label = "core"
    verbose_name = "Shared pieces"

    def ready(self) -> None:
        # Each app's panels.py registers its cards on other apps' pages (see core.extensions).
        autodiscover_modules("panels")
        from django.db.models.signals import post_delete, post_save

        from coffeechat.core.freshness import row_changed

        post_save.connect(row_changed, dispatch_uid="core_freshness_saved")
        post_delete.connect(row_changed, dispatch_uid="core_freshness_deleted")
