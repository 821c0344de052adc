from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "coffeechat.contacts"
    label = "contacts"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from coffeechat.contacts.search import repair_sqlite_index
        from coffeechat.contacts.signals import connect

        connect()
        post_migrate.connect(repair_sqlite_index, sender=self, dispatch_uid="contacts_fts_repair")
