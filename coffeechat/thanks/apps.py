from django.apps import AppConfig


class ThanksConfig(AppConfig):
    name = "coffeechat.thanks"
    label = "thanks"
    verbose_name = "Thank-yous"
