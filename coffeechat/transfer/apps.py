from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "coffeechat.transfer"
    label = "transfer"
