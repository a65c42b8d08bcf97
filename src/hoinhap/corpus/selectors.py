"""Reads shared by the web pages, the API and the CLI."""

from __future__ import annotations

from django.db.models import QuerySet

from hoinhap.core.errors import NotFound
from hoinhap.corpus.models import Expression, Provision, Work
from hoinhap.legal import tree
from hoinhap.legal.numbers import number_key


def work_list(*, doc_type: str | None = None, year: int | None = None) -> QuerySet[Work]:
    works = Work.objects.all()
    if doc_type:
        works = works.filter(doc_type=doc_type)
    if year:
        works = works.filter(date__year=year)
    return works


def work_get(reference: str) -> Work:
    """A work by slug or by number and symbol (any spelling: "30/2020/ND-CP" finds "30/2020/NĐ-CP")."""
    work = Work.objects.filter(slug=reference).first() or Work.objects.filter(
        number_key=number_key(reference)).order_by("-date").first()
    if work is None:
        raise NotFound(f"no document {reference!r} in the corpus")
    return work


def expression_get(work: Work, language: str | None = None) -> Expression:
    expressions = work.expressions.all()
    expression = (expressions.filter(language=language).first() if language else None) or expressions.first()
    if expression is None:
        raise NotFound(f"document {work} has no text")
    return expression


def document_tree(work: Work, language: str | None = None) -> tree.Document:
    return tree.Document.from_dict(expression_get(work, language).tree)


def provision_get(work: Work, eid: str) -> Provision:
    provision = Provision.objects.filter(expression__work=work, eid=eid).first()
    if provision is None:
        raise NotFound(f"no provision {eid!r} in {work}")
    return provision
