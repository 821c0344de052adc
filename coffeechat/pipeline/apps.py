from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "coffeechat.pipeline"
    label = "pipeline"
