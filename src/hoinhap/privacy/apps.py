from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "hoinhap.privacy"
    verbose_name = "Personal data"
