from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "coffeechat.contacts"
    label = "contacts"

    def ready(self) -> None:
        from coffeechat.contacts.signals import connect

        connect()
