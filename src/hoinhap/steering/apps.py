from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "hoinhap.steering"
    label = "steering"
    verbose_name = "Steering Committee"
