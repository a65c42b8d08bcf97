from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hoinhap.core"
    label = "core"
    verbose_name = "Core"
