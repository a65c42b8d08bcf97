"""The JSON API, version 1 (django-ninja; OpenAPI at /api/docs). Thin: selectors and services only."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema

from hoinhap.api.auth import CsrfSwagger
from hoinhap.api.common import Year, actor, as_of_or_today
from hoinhap.api.coverage import router as coverage_router
from hoinhap.api.detailing import router as detailing_router
from hoinhap.api.drafting import router as drafting_router
from hoinhap.api.drafting_answers import router as drafting_answers_router
from hoinhap.api.drafting_cycle import router as drafting_cycle_router
from hoinhap.api.drafting_na import router as drafting_na_router
from hoinhap.api.drafting_public import router as drafting_public_router
from hoinhap.api.drafting_structure import router as drafting_structure_router
from hoinhap.api.implementation import router as implementation_router
from hoinhap.api.jobs import router as jobs_router
from hoinhap.api.notices import router as notices_router
from hoinhap.api.reporting import router as reporting_router
from hoinhap.api.schemas import DocumentTreeOut, EvaluationOut, IndicatorsOut, OverviewOut
from hoinhap.api.steering import router as steering_router
from hoinhap.core.errors import DomainError, NotFound, ValidationFailed
from hoinhap.corpus import search as corpus_search
from hoinhap.corpus import selectors
from hoinhap.corpus.exporters import export_work
from hoinhap.indicators import selectors as partner_selectors
from hoinhap.mechanisms.messages import error_message
from hoinhap.mechanisms.rules import RULES, InputError, Settings, evaluate
from hoinhap.search.engine import Filters

api = NinjaAPI(title="hoinhap API", version="1", urls_namespace="api-v1", docs_url="/docs", docs=CsrfSwagger())
api.add_router("/v1", drafting_router)
api.add_router("/v1", drafting_answers_router)
api.add_router("/v1", drafting_cycle_router)
api.add_router("/v1", drafting_na_router)
api.add_router("/v1", drafting_public_router)
api.add_router("/v1", drafting_structure_router)
api.add_router("/v1", detailing_router)
api.add_router("/v1", implementation_router)
api.add_router("/v1", jobs_router)
api.add_router("/v1", reporting_router)
api.add_router("/v1", notices_router)
api.add_router("/v1", steering_router)
api.add_router("/v1", coverage_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    return api.create_response(request, {"error": error.code, "message": error.message}, status=error.status)


class WorkOut(Schema):
    slug: str
    number: str
    doc_type: str
    title: str
    issuer: str
    date: date | None
    status: str
    is_illustrative: bool
    frbr_uri: str
    classification: str = ""  # Mật / Tối mật / Tuyệt mật: metadata only, for readers with the clearance
    classified_reference: str = ""


class ProvisionOut(Schema):
    eid: str
    parent_eid: str
    kind: str
    num: str
    heading: str
    text: str


class RelationOut(Schema):
    kind: str
    source: str
    source_eid: str
    target_number: str
    target: str | None


@api.get("/v1/documents", response=list[WorkOut], tags=["corpus"])
def documents(request: HttpRequest, doc_type: str | None = None, year: Year | None = None, issuer: str | None = None,
              status: str | None = None, text: str | None = None, sort: str = "-date") -> object:
    """The document list with the reader's filters; ``sort``: date, -date, number, title, type."""
    if sort not in selectors.WORK_SORTS:
        raise ValidationFailed(_("sort must be one of %(WORK_SORTS)s") % {"WORK_SORTS": ', '.join(selectors.WORK_SORTS)})
    return list(selectors.work_list(doc_type=doc_type, year=year, issuer=issuer, status=status, text=text, sort=sort,
                                     reader=actor(request)))


@api.get("/v1/documents/{reference}", response=WorkOut, tags=["corpus"])
def document(request: HttpRequest, reference: str) -> object:
    return selectors.work_get(reference, actor(request))


@api.get("/v1/documents/{reference}/tree", response=DocumentTreeOut, tags=["corpus"])
def document_tree(request: HttpRequest, reference: str, language: str | None = None) -> object:
    return selectors.document_tree(selectors.work_get(reference, actor(request)), language).to_dict()


@api.get("/v1/documents/{reference}/provisions/{eid}", response=ProvisionOut, tags=["corpus"])
def provision(request: HttpRequest, reference: str, eid: str) -> object:
    return selectors.provision_get(selectors.work_get(reference, actor(request)), eid)


@api.get("/v1/documents/{reference}/relations", response=list[RelationOut], tags=["corpus"])
def relations(request: HttpRequest, reference: str) -> object:
    work = selectors.work_get(reference, actor(request))
    rows = list(work.outgoing.select_related("target")) + list(work.incoming.select_related("source"))
    return [{"kind": r.kind, "source": r.source.slug, "source_eid": r.source_eid, "target_number": r.target_number,
             "target": r.target.slug if r.target else None} for r in rows]


@api.get("/v1/documents/{reference}/export/{fmt}", tags=["corpus"])
def export(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    content, content_type, filename = export_work(selectors.work_get(reference, actor(request)), fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SearchHitOut(Schema):
    work: str
    eid: str
    heading: str
    snippet: str
    score: float | None
    direct: bool


@api.get("/v1/search", response=list[SearchHitOut], tags=["search"])
def search(request: HttpRequest, q: str, top: int = 10, doc_type: str | None = None, issuer: str | None = None,
           year_from: Year | None = None, year_to: Year | None = None, in_force: bool | None = None) -> object:
    """Articles and clauses ranked by BM25; a query naming a provision puts it first (``direct``)."""
    if not q.strip():
        raise ValidationFailed(_("q must not be empty"))
    if not 1 <= top <= 100:
        raise ValidationFailed(_("top must be between 1 and 100"))
    filters = Filters(doc_types=(doc_type,) if doc_type else (), issuers=(issuer,) if issuer else (),
                      year_from=year_from, year_to=year_to, in_force=in_force)
    return corpus_search.search_rows(q, filters=filters, limit=top)


class PartnerCountsOut(Schema):
    comprehensive_strategic: int
    strategic: int
    comprehensive: int
    total: int


class PartnerOut(Schema):
    code: str
    name: str
    name_en: str
    level: str
    since: date
    precision: str
    uncertain: bool
    source: str


@api.get("/v1/partners/count", response=PartnerCountsOut, tags=["partners"])
def partners_count(request: HttpRequest, as_of: date | None = None) -> object:
    """Partners per framework level as of a date (default today), computed from dated events."""
    return partner_selectors.partner_counts(as_of_or_today(as_of))


@api.get("/v1/partners", response=list[PartnerOut], tags=["partners"])
def partners(request: HttpRequest, as_of: date | None = None) -> object:
    """Each partner's framework as of a date, highest level first; ``uncertain`` where sources disagree."""
    return partner_selectors.partner_rows(as_of_or_today(as_of))


@api.get("/v1/mechanisms/{rule}/evaluate", response=EvaluationOut, tags=["mechanisms"])
def mechanism_evaluate(request: HttpRequest, rule: str, month: str) -> object:
    """Evaluate a rule for a month (YYYY-MM). Every other query parameter is an input
    (``coefficient=4.40``, ``categories=specialist``) or a setting (``overlap``, ``part_month``,
    ``salary_day``). The answer carries the amount, whether it applies, the rule version and the
    trace of every parameter used."""
    if rule not in RULES:
        raise NotFound(_("no rule %(rule)r: one of %(RULES)s") % {"rule": rule, "RULES": ', '.join(sorted(RULES))})
    params: dict[str, str] = {key: str(value) for key, value in request.GET.items() if key != "month"}
    settings = {key: params.pop(key) for key in list(params) if key in Settings.__dataclass_fields__}
    try:
        return evaluate(RULES[rule], month, params, Settings.from_pairs(settings)).to_dict()
    except InputError as error:
        raise ValidationFailed(error_message(error)) from error


@api.get("/v1/indicators", response=IndicatorsOut, tags=["indicators"])
def indicators(request: HttpRequest, as_of: date | None = None) -> object:
    """Each indicator as known on a date: the latest release by then, its target and judgement."""
    from hoinhap.indicators.indicator_selectors import indicator_rows

    day = as_of_or_today(as_of)
    return {"as_of": day.isoformat(), "indicators": indicator_rows(day)}


@api.get("/v1/overview", response=OverviewOut, tags=["overview"])
def overview_json(request: HttpRequest, as_of: date | None = None) -> object:
    """The overview page's data; recent changes only for staff (the audit log is not public)."""
    from hoinhap.overview.selectors import overview

    return overview(as_of_or_today(as_of), with_changes=bool(getattr(request.user, "is_staff", False)),
                    reader=actor(request))
