from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "hoinhap.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
