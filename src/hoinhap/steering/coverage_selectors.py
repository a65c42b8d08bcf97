"""Read side of requirement coverage: a directing document's requirements with their links, the
coverage matrix (rows grouped by field; each requirement covered, partly covered or not covered:
"not covered" means no confirmed link), its totals per field and overall, and the exports. Read
policy as the rest of the steering app: signed-in readers (``Unauthenticated`` otherwise); the
overview's totals follow the task counts' rule (``counts_visible``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hoinhap.core.errors import NotFound
from hoinhap.corpus import selectors as corpus
from hoinhap.corpus.classified import visible_works
from hoinhap.corpus.models import Work
from hoinhap.drafting.models import Draft
from hoinhap.implementation import selectors as tasks
from hoinhap.steering.models import CoverageLink, Requirement

Reader = tasks.Reader
TRUSTED = tasks.TRUSTED
COVERED, PARTLY, NOT_COVERED = "covered", "partly", "not_covered"
STATES = (COVERED, PARTLY, NOT_COVERED)


def work_get(key: str, reader: object = None) -> Work:
    """A directing document by its slug or its number ("59-nq-tw", "59-NQ/TW"); a classified one only
    for a reader with the clearance (the corpus's rule)."""
    return corpus.work_get(key, reader)


def draft_get(slug: str) -> Draft:
    found = Draft.objects.filter(slug=slug).first()
    if found is None:
        raise NotFound(_("no draft %(slug)s") % {"slug": slug})
    return found


def documents_with_requirements(*, reader: Reader = TRUSTED) -> QuerySet[Work]:
    tasks.require_reader(reader)
    works = Work.objects.filter(requirements__isnull=False).distinct().order_by("-date", "number")
    return works if reader is TRUSTED else visible_works(reader, works)


def requirement_get(work: Work, code: str, *, reader: Reader = TRUSTED) -> Requirement:
    tasks.require_reader(reader)
    found = work.requirements.filter(code=code).first()
    if found is None:
        raise NotFound(_("%(number)s has no requirement %(code)s") % {"number": work.number, "code": code})
    return found


def link_get(requirement: Requirement, pk: int) -> CoverageLink:
    found = requirement.links.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("no link %(pk)s of %(code)s") % {"pk": pk, "code": requirement.code})
    return found


def _in_scope(links: QuerySet[CoverageLink], draft: Draft | None) -> QuerySet[CoverageLink]:
    """Links to tasks, and to provisions of ``draft``'s versions (of any draft if None)."""
    if draft is None:
        return links
    return links.filter(Q(task__isnull=False) | Q(version__draft=draft))


def link_row(link: CoverageLink) -> dict[str, Any]:
    version = link.version
    return {"id": link.pk, "state": link.state, "extent": link.extent or None, "score": link.score,
            "draft": version.draft.slug if version else None, "version": version.number if version else None,
            "eid": link.eid or None, "task": link.task_id, "task_title": link.task.title if link.task else None,
            "note": link.note, "decided_by": link.decided_by.username if link.decided_by else None}


def state_of(confirmed: list[CoverageLink]) -> str:
    if any(link.extent == CoverageLink.Extent.FULL for link in confirmed):
        return COVERED
    return PARTLY if confirmed else NOT_COVERED


def requirement_row(requirement: Requirement, links: list[CoverageLink]) -> dict[str, Any]:
    confirmed = [link for link in links if link.state == CoverageLink.State.CONFIRMED]
    return {"code": requirement.code, "field": requirement.field, "field_label": str(requirement.get_field_display()),
            "text": requirement.text, "source_eid": requirement.source_eid, "illustrative": requirement.is_illustrative,
            "state": state_of(confirmed),
            "provisions": [f"v{link.version.number} {link.eid}" for link in confirmed if link.version],
            "tasks": [link.task_id for link in confirmed if link.task_id],
            "proposed": sum(1 for link in links if link.state == CoverageLink.State.PROPOSED)}


@dataclass(frozen=True)
class Filters:
    field: str = ""
    state: str = ""
    text: str = ""


def _links_by_requirement(work: Work, draft: Draft | None) -> dict[int, list[CoverageLink]]:
    links = _in_scope(CoverageLink.objects.filter(requirement__work=work), draft).select_related("version", "task")
    grouped: dict[int, list[CoverageLink]] = {}
    for link in links:
        grouped.setdefault(link.requirement_id, []).append(link)
    return grouped


def _totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {state: 0 for state in STATES}
    for row in rows:
        counts[row["state"]] += 1
    return {**counts, "total": len(rows)}


def matrix(work: Work, *, draft: Draft | None = None, filters: Filters = Filters(),
           reader: Reader = TRUSTED) -> dict[str, Any]:
    """The coverage matrix of ``work``'s requirements against ``draft`` (all drafts if None) and the
    tasks: the rows grouped by field (in the fields' order), totals per field and overall, computed
    before ``filters`` narrow the rows shown."""
    tasks.require_reader(reader)
    grouped = _links_by_requirement(work, draft)
    order = {field: rank for rank, field in enumerate(Requirement.Field.values)}
    requirements = sorted(work.requirements.all(), key=lambda r: (order[r.field], r.code))
    rows = [requirement_row(r, grouped.get(r.pk, [])) for r in requirements]
    fields = []
    for field in dict.fromkeys(row["field"] for row in rows):
        in_field = [row for row in rows if row["field"] == field]
        shown = [row for row in in_field if _shown(row, filters)]
        fields.append({"field": field, "label": in_field[0]["field_label"], "totals": _totals(in_field), "rows": shown})
    return {"document": work.number, "slug": work.slug, "title": work.title, "draft": draft.slug if draft else None,
            "filters": {"field": filters.field, "state": filters.state, "text": filters.text},
            "totals": _totals(rows), "fields": [f for f in fields if f["rows"] or not _filtering(filters)]}


def _filtering(filters: Filters) -> bool:
    return bool(filters.field or filters.state or filters.text)


def _shown(row: dict[str, Any], filters: Filters) -> bool:
    return ((not filters.field or row["field"] == filters.field) and (not filters.state or row["state"] == filters.state)
            and (not filters.text or filters.text.lower() in f"{row['code']} {row['text']}".lower()))


def requirement_detail(requirement: Requirement) -> dict[str, Any]:
    """A requirement with every link: proposed (best first), confirmed and rejected."""
    links = list(requirement.links.select_related("version__draft", "task", "decided_by")
                 .order_by("state", "-score", "pk"))
    return {**requirement_row(requirement, links), "links": [link_row(link) for link in links]}


def coverage_totals(*, reader: Reader = TRUSTED) -> list[dict[str, Any]]:
    """For the overview: each directing document's totals (links to any draft and to tasks), or an
    empty list where aggregate counts are hidden from the reader."""
    if not tasks.counts_visible(reader):
        return []
    works = documents_with_requirements(reader=TRUSTED)
    works = works if reader is TRUSTED else visible_works(reader, works)
    return [{"document": work.number, "slug": work.slug, "totals": matrix(work)["totals"]} for work in works]
