"""The JSON API, version 1 (django-ninja; OpenAPI at /api/docs). Thin: selectors and services only."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema

from hoinhap.core.errors import DomainError
from hoinhap.corpus import selectors
from hoinhap.corpus.exporters import export_work

api = NinjaAPI(title="hoinhap API", version="1", urls_namespace="api-v1", docs_url="/docs")


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
def documents(request: HttpRequest, doc_type: str | None = None, year: int | None = None) -> object:
    return list(selectors.work_list(doc_type=doc_type, year=year))


@api.get("/v1/documents/{reference}", response=WorkOut, tags=["corpus"])
def document(request: HttpRequest, reference: str) -> object:
    return selectors.work_get(reference)


@api.get("/v1/documents/{reference}/tree", tags=["corpus"])
def document_tree(request: HttpRequest, reference: str, language: str | None = None) -> object:
    return selectors.document_tree(selectors.work_get(reference), language).to_dict()


@api.get("/v1/documents/{reference}/provisions/{eid}", response=ProvisionOut, tags=["corpus"])
def provision(request: HttpRequest, reference: str, eid: str) -> object:
    return selectors.provision_get(selectors.work_get(reference), eid)


@api.get("/v1/documents/{reference}/relations", response=list[RelationOut], tags=["corpus"])
def relations(request: HttpRequest, reference: str) -> object:
    work = selectors.work_get(reference)
    rows = list(work.outgoing.select_related("target")) + list(work.incoming.select_related("source"))
    return [{"kind": r.kind, "source": r.source.slug, "source_eid": r.source_eid, "target_number": r.target_number,
             "target": r.target.slug if r.target else None} for r in rows]


@api.get("/v1/documents/{reference}/export/{fmt}", tags=["corpus"])
def export(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    content, content_type, filename = export_work(selectors.work_get(reference), fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
