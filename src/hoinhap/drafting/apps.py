from django.apps import AppConfig


class DraftingConfig(AppConfig):
    name = "hoinhap.drafting"
    label = "drafting"
    verbose_name = "Drafting and consultation"
