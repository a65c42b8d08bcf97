from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "hoinhap.corpus"
    label = "corpus"
    verbose_name = "Corpus"

    def ready(self) -> None:
        from hoinhap.core.backup import restored

        restored.connect(_restored, dispatch_uid="corpus-search-generation")


def _restored(**_: object) -> None:
    """A restore replaced the content: every host's indexer must rebuild (a new generation), and a
    process that applies the outbox itself does so once the restore has committed."""
    from django.conf import settings
    from django.db import transaction

    from hoinhap.corpus import outbox

    outbox.renew_generation()
    if getattr(settings, "HOINHAP_INDEX_IN_PROCESS", False):
        from hoinhap.corpus.indexer import apply_in_process

        transaction.on_commit(apply_in_process)
