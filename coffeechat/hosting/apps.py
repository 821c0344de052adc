from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "coffeechat.hosting"
    label = "hosting"
    verbose_name = "Host mode"
