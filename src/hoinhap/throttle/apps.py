from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    name = "hoinhap.throttle"
    label = "throttle"
    verbose_name = "Throttle"
