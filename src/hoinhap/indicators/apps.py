from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "hoinhap.indicators"
    label = "indicators"
    verbose_name = "Indicators and partners"
