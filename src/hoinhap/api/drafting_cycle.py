"""The consultation cycle in the JSON API, for scripts: start a draft, add a version (an upload, or a
copy of the latest to edit), publish it, open a round on it, extend, close and freeze the round. The
same services as the pages and the CLI: they check that the caller is on the drafting committee (403
otherwise), and each write is audited."""

from __future__ import annotations

import json
from datetime import date

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field, ValidationError

from hoinhap.api.common import Ident, actor
from hoinhap.api.drafting import DraftOut
from hoinhap.core.errors import NotFound, ValidationFailed
from hoinhap.core.limits import NAME_CHARS
from hoinhap.core.models import Organisation
from hoinhap.corpus.models import Work
from hoinhap.corpus.selectors import work_get
from hoinhap.drafting import round_services, selectors, services
from hoinhap.drafting.models import ConsultationRound, Draft, Version

router = Router(tags=["drafting cycle"])


class DraftIn(Schema):
    slug: str = Field(pattern=r"^[-a-zA-Z0-9_]{1,120}$")
    title: str
    agency: str = Field(description="the drafting agency's code, e.g. BNG")
    doc_type: str = Field("Nghị quyết", max_length=64)
    amends: str | None = Field(None, description="number or slug of the corpus document this draft amends")
    scheme: str = Field("na_resolution", max_length=64, description="the dossier's stage scheme")


class DraftCreated(Schema):
    slug: str


class VersionForm(Schema):
    copy_latest: bool = Field(False, alias="copy", description="copy the latest version to edit (no file)")
    publish: bool = False
    note: str = Field("", max_length=255)


class VersionMade(Schema):
    slug: str
    version: int
    number: int  # the same as ``version``, as the upload answered before
    status: str


class VersionPublished(Schema):
    slug: str
    version: int
    published_at: str


class RoundIn(Schema):
    version: Ident
    deadline: date
    opens_on: date | None = Field(None, description="default: today")
    invite: list[str] = Field(default_factory=list, description="codes of the organisations invited")
    public: bool = False
    signer_name: str = Field("", max_length=NAME_CHARS)
    signer_title: str = Field("", max_length=NAME_CHARS)
    signer_capacity: str = Field("", max_length=NAME_CHARS, description="e.g. KT. BỘ TRƯỞNG; empty: own name")


class RoundOut(Schema):
    slug: str
    round: int
    deadline: date


class ExtendIn(Schema):
    deadline: date


class RoundClosed(Schema):
    slug: str
    round: int
    closed_at: str


class RoundFrozen(Schema):
    slug: str
    round: int
    report_sha256: str


def _draft(slug: str) -> Draft:
    return selectors.draft_get(slug)


def _round(slug: str, number: int) -> ConsultationRound:
    return selectors.round_get(_draft(slug), number)


def _organisation(code: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise ValidationFailed(_("no organisation %(code)r") % {"code": code})
    return organisation


@router.get("/drafts", response=list[DraftOut], tags=["drafting"])
def drafts(request: HttpRequest) -> object:
    """The drafts; ``versions`` counts those the reader may read (published ones for the public)."""
    return selectors.draft_rows(actor(request))


@router.post("/drafts", response={201: DraftCreated})
def draft_create(request: HttpRequest, payload: DraftIn) -> object:
    """Start a draft (the drafting agency's committee); its dossier stages come from ``scheme``."""
    agency = _organisation(payload.agency)
    amends: Work | None = work_get(payload.amends) if payload.amends else None
    draft = services.draft_create(actor=actor(request), slug=payload.slug, title=payload.title, drafting_agency=agency,
                                  doc_type=payload.doc_type, stage_scheme=payload.scheme, amends=amends)
    return Status(201, {"slug": draft.slug})


def _version_form(request: HttpRequest, form: VersionForm) -> VersionForm:
    """The multipart form's fields, or the same fields as a JSON body (``{"copy": true}``)."""
    if request.content_type != "application/json":
        return form
    try:
        return VersionForm.model_validate(json.loads(request.body or b"{}"))
    except (ValueError, ValidationError) as error:
        raise ValidationFailed(_("the body is not a version request: %(error)s") % {"error": error}) from error


@router.post("/drafts/{slug}/versions", response={201: VersionMade, 413: dict},
             openapi_extra={"requestBody": {"content": {"application/json": {
                 "schema": VersionForm.model_json_schema(by_alias=True)}}}})
def version_upload(request: HttpRequest, slug: str, file: UploadedFile | None = File(None),  # noqa: B008
                form: Form[VersionForm] = None) -> object:  # type: ignore[assignment]
    """A new version: from a .txt, .docx, .pdf or Akoma Ntoso upload (multipart ``file``), or with
    ``copy`` a copy of the latest version to edit; ``publish`` publishes it at once. Unreadable or
    hostile files get 422 and change nothing; files above the size limit get 413 before they are read."""
    fields = _version_form(request, form or VersionForm.model_validate({}))
    draft, who = _draft(slug), actor(request)
    if fields.copy_latest == (file is not None):
        raise ValidationFailed(_("send a file, or copy=true to copy the latest version (not both)"))
    if file is not None:
        limit = settings.HOINHAP_MAX_UPLOAD_BYTES
        if file.size and file.size > limit:
            return JsonResponse({"error": "too_large",
                                 "message": f"the file is larger than {limit // (1024 * 1024)} MB"}, status=413)
        version = services.version_import(actor=who, draft=draft, data=file.read(limit + 1), filename=file.name or "",
                                          note=fields.note)
    else:
        version = services.version_copy(actor=who, draft=draft, note=fields.note)
    if fields.publish:
        version = services.version_publish(actor=who, version=version)
    return Status(201, {"slug": draft.slug, "version": version.number, "number": version.number,
                        "status": version.status})


@router.post("/drafts/{slug}/versions/{number}/publish", response=VersionPublished)
def version_publish(request: HttpRequest, slug: str, number: Ident) -> object:
    """Publish a version: its text is fixed and may be consulted on (409 if it is published already)."""
    version = _draft(slug).versions.filter(number=number).first()
    if version is None:
        raise NotFound(_("%(slug)s has no version %(number)s") % {"slug": slug, "number": number})
    published: Version = services.version_publish(actor=actor(request), version=version)
    assert published.published_at is not None
    return {"slug": slug, "version": published.number, "published_at": published.published_at.isoformat()}


@router.post("/drafts/{slug}/rounds", response={201: RoundOut})
def round_open(request: HttpRequest, slug: str, payload: RoundIn) -> object:
    """Open a consultation round on a published version; the invited organisations' members are mailed."""
    draft = _draft(slug)
    version = draft.versions.filter(number=payload.version).first()
    if version is None:
        raise NotFound(_("%(slug)s has no version %(version)s") % {"slug": slug, "version": payload.version})
    made = round_services.round_open(
        actor=actor(request), version=version, opens_on=payload.opens_on or timezone.localdate(),
        deadline=payload.deadline, organisations=[_organisation(code) for code in payload.invite],
        public=payload.public, signer_name=payload.signer_name, signer_title=payload.signer_title,
        signer_capacity=payload.signer_capacity)
    return Status(201, {"slug": slug, "round": made.number, "deadline": made.deadline})


@router.post("/drafts/{slug}/rounds/{number}/extend", response=RoundOut)
def round_extend(request: HttpRequest, slug: str, number: Ident, payload: ExtendIn) -> object:
    """Move the deadline later (400 if not later; 409 once the round is closed or frozen)."""
    made = round_services.round_extend(actor=actor(request), round_=_round(slug, number), deadline=payload.deadline)
    return {"slug": slug, "round": made.number, "deadline": made.deadline}


@router.post("/drafts/{slug}/rounds/{number}/close", response=RoundClosed)
def round_close(request: HttpRequest, slug: str, number: Ident) -> object:
    """Stop taking comments now (409 if closed already); the report is frozen separately."""
    made = round_services.round_close(actor=actor(request), round_=_round(slug, number))
    assert made.closed_at is not None
    return {"slug": slug, "round": made.number, "closed_at": made.closed_at.isoformat()}


@router.post("/drafts/{slug}/rounds/{number}/freeze", response=RoundFrozen)
def round_freeze(request: HttpRequest, slug: str, number: Ident) -> object:
    """Freeze the round's comment-response report with its SHA-256 (409 if frozen already)."""
    made = round_services.round_freeze(actor=actor(request), round_=_round(slug, number))
    return {"slug": slug, "round": made.number, "report_sha256": made.report_sha256}
