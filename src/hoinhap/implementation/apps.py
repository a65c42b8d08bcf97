from django.apps import AppConfig


class ImplementationConfig(AppConfig):
    name = "hoinhap.implementation"
    label = "implementation"
    verbose_name = "Implementation"
