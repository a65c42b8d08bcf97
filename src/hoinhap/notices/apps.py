from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "hoinhap.notices"
    verbose_name = "Notices"
