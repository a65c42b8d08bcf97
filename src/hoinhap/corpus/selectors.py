"""Reads shared by the web pages, the API and the CLI."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hoinhap.core.errors import NotFound, ValidationFailed
from hoinhap.corpus.classified import visible_works
from hoinhap.corpus.models import Expression, Provision, Work
from hoinhap.legal import tree
from hoinhap.legal.numbers import DOC_TYPES, number_key

# Sort keys a list may ask for, and the columns behind them ("-" first: newest or Z first).
WORK_SORTS = {
    "date": ("date", "number"), "-date": ("-date", "number"),
    "number": ("number_key", "-date"), "title": ("title", "-date"), "type": ("doc_type", "-date"),
}


def work_list(*, doc_type: str | None = None, year: int | None = None, issuer: str | None = None,
              status: str | None = None, text: str | None = None, sort: str = "-date",
              reader: object = None) -> QuerySet[Work]:
    """Works filtered by type, year issued, issuer code, status and words of the number or title;
    ``sort`` is a key of ``WORK_SORTS`` (unknown keys sort newest first). Classified works only for a
    ``reader`` with the clearance (none by default)."""
    works = visible_works(reader)
    if doc_type:
        works = works.filter(doc_type__in=_aliases("doc_type", doc_type, type_key))
    if year is not None and not 1 <= year <= 9999:
        raise ValidationFailed(_("year must be between 1 and 9999"))
    if year:
        works = works.filter(date__year=year)
    if issuer:
        works = works.filter(issuer_code__in=_aliases("issuer_code", issuer, issuer_key))
    if status:
        works = works.filter(status=status)
    for word in (text or "").split():
        works = works.filter(Q(title__icontains=word) | Q(number__icontains=word))
    return works.order_by(*WORK_SORTS.get(sort, WORK_SORTS["-date"]))


def work_facets(reader: object = None) -> dict[str, list[str]]:
    """The values the list's filters can take, from what the corpus holds: each type and issuer
    once, in one normal form ("Nghị quyết" for "NGHỊ QUYẾT"; "BGDĐT" for "BGD&ĐT"). Only from the
    works ``reader`` may see: a classified document's type, issuer or year is not offered to others."""
    works = visible_works(reader)

    def normal(field: str, key: Callable[[str], str], shown: Callable[[str], str]) -> list[str]:
        values = (v for v in works.values_list(field, flat=True).distinct() if v)
        return sorted({key(v): shown(v) for v in sorted(values)}.values())

    years = sorted({d.year for d in works.exclude(date=None).values_list("date", flat=True) if d}, reverse=True)
    return {"types": normal("doc_type", type_key, type_name), "issuers": normal("issuer_code", issuer_key, issuer_name),
            "years": [str(y) for y in years]}


def type_key(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split()).casefold()


def type_name(value: str) -> str:
    """The usual spelling of a type ("NGHỊ QUYẾT", "Nghị Quyết" → "Nghị quyết")."""
    upper = " ".join(unicodedata.normalize("NFC", value).split()).upper()
    return DOC_TYPES.get(upper, value)


def issuer_key(value: str) -> str:
    """One issuer whatever its spelling: "BGD&ĐT", "BGDĐT" and "BGDDT" are one ("Đ" and "D" are one
    letter, as in number keys). A legislature's term stays: "QH14" and "QH15" are two filters."""
    return number_key(value).replace("&", "").replace(".", "")


def issuer_name(value: str) -> str:
    return " ".join(value.split()).replace("&", "")


def _aliases(field: str, value: str, key: Callable[[str], str]) -> list[str]:
    """Every stored spelling of the value a filter names (its normal form or any alias)."""
    wanted = key(value)
    stored = Work.objects.values_list(field, flat=True).distinct()
    return [v for v in stored if v and key(v) == wanted] or [value]


def work_get(reference: str, reader: object = None) -> Work:
    """A work by slug or by number and symbol (any spelling: "30/2020/ND-CP" finds "30/2020/NĐ-CP");
    a classified one only for a ``reader`` with the clearance (``NotFound`` otherwise, as if absent)."""
    works = visible_works(reader)
    work = works.filter(slug=reference).first() or works.filter(
        number_key=number_key(reference)).order_by("-date").first()
    if work is None:
        raise NotFound(_("no document %(reference)r in the corpus") % {"reference": reference})
    return work


def expression_get(work: Work, language: str | None = None) -> Expression:
    expressions = work.expressions.all()
    expression = (expressions.filter(language=language).first() if language else None) or expressions.first()
    if expression is None:
        raise NotFound(_("document %(work)s has no text") % {"work": work})
    return expression


def document_tree(work: Work, language: str | None = None) -> tree.Document:
    return tree.Document.from_dict(expression_get(work, language).tree)


def provision_get(work: Work, eid: str) -> Provision:
    provision = Provision.objects.filter(expression__work=work, eid=eid).first()
    if provision is None:
        raise NotFound(_("no provision %(eid)r in %(work)s") % {"eid": eid, "work": work})
    return provision
