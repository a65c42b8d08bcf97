from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hoinhap.web"
    label = "web"
