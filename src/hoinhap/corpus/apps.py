from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "hoinhap.corpus"
    label = "corpus"
    verbose_name = "Corpus"
