"""Classified documents as metadata only (issue 19, item 5; docs/security.md, "Classified work").

A corpus document marked Mật, Tối mật or Tuyệt mật keeps its number, type, issuer, date, status and
the reference of the copy kept elsewhere; its title becomes a neutral label and its text, provisions
and outgoing relations are deleted (and leave the search index through the outbox). An import of a
text for it is refused. Who sees it: ``core.classification``, applied by ``corpus.selectors``."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext

from hoinhap.core.classification import DOCUMENT_LABEL, check_level, classified_label, may_see, visible_q
from hoinhap.core.errors import NotFound, PermissionDenied, ValidationFailed
from hoinhap.core.limits import NAME_CHARS, check_lengths
from hoinhap.core.models import User
from hoinhap.core.services import is_administrator, log_action
from hoinhap.corpus import outbox
from hoinhap.corpus.models import Relation, Work


def refuse_classified_import(work: Work | None) -> None:
    """An import (or a new version) of a marked document's text is refused: its content is not held here."""
    if work is not None and work.classification:
        raise ValidationFailed(gettext(
            "This document is classified: hoinhap keeps only its number, issuer, date, status and the reference "
            "of the copy kept elsewhere. Its text cannot be imported."), level=work.classification)


def clear_content(work: Work) -> None:
    """Delete what a marked document may not keep here: title, texts (with their provisions), outgoing
    relations. The caller saves the work and records the outbox row, so the index drops its passages."""
    work.title = classified_label(DOCUMENT_LABEL, work.number, work.pk)
    work.expressions.all().delete()
    Relation.objects.filter(source=work).delete()


@transaction.atomic
def work_classify(*, actor: User | None, work: Work, level: str, reference: str = "") -> Work:
    """Mark a document at ``level`` ("" unmarks it; the deleted text does not come back). Administrators
    only; changing a marked document needs the clearance to see it. Audited with the previous level."""
    if not is_administrator(actor):
        raise PermissionDenied(gettext("Only an administrator marks documents as classified."))
    level = check_level(level)
    if not may_see(actor, work.classification):
        raise NotFound(gettext("no document %(pk)s") % {"pk": work.pk})
    reference = (reference or "").strip()
    check_lengths(NAME_CHARS, classified_reference=reference)
    if level and not reference:
        raise ValidationFailed(gettext("Give the reference of the classified document kept outside hoinhap "
                                       "(its number and where it is kept)."))
    before = work.classification
    work.classification, work.classified_reference = level, reference
    if level:
        clear_content(work)
    work.save()
    outbox.record(work.pk, outbox.IndexOutbox.Op.INDEX)
    log_action(actor, "corpus.work.classified", work, {"before": before, "level": level, "reference": reference})
    return work


def visible_works(reader: object, works: QuerySet[Work] | None = None) -> QuerySet[Work]:
    """``works`` (every work by default) without the marked ones ``reader`` has no clearance for."""
    return (Work.objects.all() if works is None else works).filter(visible_q(reader))

