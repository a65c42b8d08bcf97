"""Structural editing of an unpublished version through the API: insert, edit (PATCH), delete and move
articles, clauses and points. Insert, delete and move carry the version's ``base_structure_revision``;
a stale one answers 409 with the current revision and changes nothing.

PATCH and DELETE share their path with the PUT of ``api/drafting.py``, so they are registered on that
router (django-ninja answers one path from one router); insert and move have a router of their own."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from hoinhap.api.common import Count, Ident, actor
from hoinhap.api.drafting import router as drafting_router
from hoinhap.core.errors import Conflict, NotFound
from hoinhap.drafting import selectors, services, structure_services
from hoinhap.drafting.models import Version, VersionProvision
from hoinhap.drafting.permissions import can_read_version

router = Router(tags=["drafting"])
PROVISION_PATH = "/drafts/{slug}/versions/{number}/provisions/{eid}"


class InsertIn(Schema):
    kind: str  # article, clause or point
    heading: str = ""
    text: str = ""
    after_eid: str | None = None  # a sibling to insert after…
    parent_eid: str | None = None  # …or the parent to insert first under ("" for the top of the body)
    base_structure_revision: Ident


class MoveIn(Schema):
    after_eid: str | None = None
    new_parent_eid: str | None = None
    base_structure_revision: Ident


class PatchIn(Schema):
    text: str | None = None
    heading: str | None = None
    base_revision: Count


class ProvisionRowOut(Schema):
    eid: str
    parent_eid: str
    kind: str
    num: str
    marker: str
    heading: str
    text: str
    position: int
    depth: int
    revision: int
    structure_revision: int


class DeletedOut(Schema):
    eid: str
    removed: int
    structure_revision: int


class ConflictOut(Schema):
    error: str
    message: str
    structure_revision: int | None = None
    revision: int | None = None


def _version(request: HttpRequest, slug: str, number: int) -> Version:
    version = selectors.draft_get(slug).versions.filter(number=number).first()
    if version is None or not can_read_version(actor(request), version):
        raise NotFound(_("%(slug)s has no version %(number)s") % {"slug": slug, "number": number})
    return version


def _out(row: VersionProvision, version: Version) -> dict[str, object]:
    return {**{name: getattr(row, name) for name in ("eid", "parent_eid", "kind", "num", "marker", "heading", "text",
                                                    "position", "depth", "revision")},
            "structure_revision": version.structure_revision}


def _conflict(error: Conflict) -> JsonResponse:
    return JsonResponse({"error": error.code, "message": error.message, **error.details}, status=409)


@router.post("/drafts/{slug}/versions/{number}/provisions", response={201: ProvisionRowOut, 409: ConflictOut})
def provision_insert(request: HttpRequest, slug: str, number: Ident, payload: InsertIn) -> object:
    """Insert an article, clause or point after ``after_eid`` or first under ``parent_eid``; it is
    numbered "5a" (articles, clauses) or "a1" (points) until the version is published."""
    version = _version(request, slug, number)
    try:
        row = structure_services.provision_insert(
            actor=actor(request), version=version, kind=payload.kind, heading=payload.heading, text=payload.text,
            after_eid=payload.after_eid, parent_eid=payload.parent_eid,
            base_structure_revision=payload.base_structure_revision)
    except Conflict as error:
        return _conflict(error)
    return Status(201, _out(row, version))


@router.post(PROVISION_PATH + "/move", response={200: ProvisionRowOut, 409: ConflictOut})
def provision_move(request: HttpRequest, slug: str, number: Ident, eid: str, payload: MoveIn) -> object:
    """Move a provision (and what is under it) after ``after_eid`` or first under ``new_parent_eid``."""
    version = _version(request, slug, number)
    try:
        row = structure_services.provision_move(
            actor=actor(request), version=version, eid=eid, after_eid=payload.after_eid,
            parent_eid=payload.new_parent_eid, base_structure_revision=payload.base_structure_revision)
    except Conflict as error:
        return _conflict(error)
    return _out(row, version)


@drafting_router.delete(PROVISION_PATH, response={200: DeletedOut, 409: ConflictOut})
def provision_delete(request: HttpRequest, slug: str, number: Ident, eid: str,
                     base_structure_revision: Ident) -> object:
    """Delete a provision and everything under it (``?base_structure_revision=``)."""
    version = _version(request, slug, number)
    try:
        removed = structure_services.provision_delete(actor=actor(request), version=version, eid=eid,
                                                      base_structure_revision=base_structure_revision)
    except Conflict as error:
        return _conflict(error)
    return {"eid": eid, "removed": removed, "structure_revision": version.structure_revision}


@drafting_router.patch(PROVISION_PATH, response={200: ProvisionRowOut, 409: dict})
def provision_patch(request: HttpRequest, slug: str, number: Ident, eid: str, payload: PatchIn) -> object:
    """Change a provision's heading and/or text from ``base_revision``; 409 with both texts otherwise."""
    version = _version(request, slug, number)
    provision = version.provisions.filter(eid=eid).first()
    if provision is None:
        raise NotFound(_("no provision %(eid)r") % {"eid": eid})
    try:
        saved = services.provision_edit(actor=actor(request), provision=provision, base_revision=payload.base_revision,
                                        text=provision.text if payload.text is None else payload.text,
                                        heading=payload.heading)
    except Conflict as error:
        return _conflict(error)
    return _out(saved, version)
