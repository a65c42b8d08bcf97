"""Write path of the dossier: binding a stage to a version, adding the documents it requires,
freezing a round's comment-response report, closing a stage (and opening the next)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import Conflict, ValidationFailed
from hoinhap.core.models import User
from hoinhap.core.services import log_action
from hoinhap.drafting import stages
from hoinhap.drafting.models import ConsultationRound, Stage, StageDocument, Version
from hoinhap.drafting.permissions import require_drafter
from hoinhap.drafting.report_data import build_report

REPORT_KIND = "comment_response_report"
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


@transaction.atomic
def stage_bind(*, actor: User | None, stage: Stage, version: Version) -> Stage:
    require_drafter(actor, stage.draft)
    if version.draft_id != stage.draft_id:
        raise ValidationFailed(_("that version belongs to another draft"))
    if stage.closed_at:
        raise Conflict(_("a closed stage keeps its version"))
    stage.version = version
    stage.opened_at = stage.opened_at or timezone.now()
    stage.save(update_fields=["version", "opened_at"])
    log_action(actor, "drafting.stage.bound", stage, {"version": version.number})
    return stage


@transaction.atomic
def stage_document_add(*, actor: User | None, stage: Stage, kind: str, title: str, data: bytes = b"",
                       filename: str = "") -> StageDocument:
    require_drafter(actor, stage.draft)
    if kind not in stages.configured().documents:
        raise ValidationFailed(_("unknown dossier document %(kind)r")
                               % {"kind": kind}, allowed=sorted(stages.configured().documents))
    if stage.closed_at:
        raise Conflict(_("the stage is closed"))
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationFailed(_("the file is larger than 50 MB"))
    document = StageDocument(stage=stage, kind=kind, title=title[:255] or kind, sha256=hashlib.sha256(data).hexdigest()
                             if data else "", uploaded_by=actor if actor and actor.pk else None)
    if data:
        document.file.save(filename or f"{kind}.bin", ContentFile(data), save=False)
    document.save()
    log_action(actor, "drafting.stage.document_added", stage, {"kind": kind, "sha256": document.sha256})
    return document


@transaction.atomic
def round_freeze(*, actor: User | None, round_: ConsultationRound) -> ConsultationRound:
    """Record the round's report as it stands, with its hash; comments and responses are closed."""
    require_drafter(actor, round_.draft)
    round_ = ConsultationRound.objects.select_for_update().get(pk=round_.pk)
    if round_.frozen_at:
        raise Conflict(_("round %(number)s is frozen already") % {"number": round_.number})
    report = build_report(round_)
    round_.report_snapshot, round_.report_sha256, round_.frozen_at = report.to_dict(), report.sha256(), timezone.now()
    round_.save(update_fields=["report_snapshot", "report_sha256", "frozen_at"])
    log_action(actor, "drafting.round.frozen", round_, {"sha256": round_.report_sha256, **report.totals})
    return round_


@transaction.atomic
def stage_close(*, actor: User | None, stage: Stage) -> Stage:
    """Close a stage once the earlier ones are closed, it is bound to a published version and its
    required documents are in. A required comment-response report is met by freezing the rounds
    held up to that version and not filed yet, whose frozen reports are then filed with their hashes."""
    require_drafter(actor, stage.draft)
    stage = Stage.objects.select_for_update(of=("self",)).select_related("version", "draft").get(pk=stage.pk)
    if stage.closed_at:
        raise Conflict(_("the stage is closed already"))
    open_before = stage.draft.stages.filter(position__lt=stage.position, closed_at__isnull=True)
    if open_before.exists():
        raise ValidationFailed(_("close the earlier stages first"), open=[s.code for s in open_before])
    if stage.version is None or not stage.version.is_published:
        raise ValidationFailed(_("bind the stage to a published version before closing it"))
    spec = next(s for s in stages.configured().scheme(stage.draft.stage_scheme) if s.code == stage.code)
    if REPORT_KIND in spec.requires:
        _attach_round_reports(actor, stage)
    present = set(stage.documents.values_list("kind", flat=True))
    missing = [kind for kind in spec.requires if kind not in present]
    if missing:
        raise ValidationFailed(_("the dossier is incomplete"), missing=missing)
    stage.closed_at, stage.closed_by = timezone.now(), actor if actor and actor.pk else None
    stage.save(update_fields=["closed_at", "closed_by"])
    stage.draft.stages.filter(position=stage.position + 1, opened_at__isnull=True).update(opened_at=timezone.now())
    log_action(actor, "drafting.stage.closed", stage, {"version": stage.version.number, "documents": sorted(present)})
    return stage


def _attach_round_reports(actor: User | None, stage: Stage) -> None:
    """Freeze every round held on this stage's version or an earlier one that no stage has filed
    yet, and file its report (title and hash) in this stage's dossier."""
    assert stage.version is not None
    filed = set(StageDocument.objects.filter(stage__draft=stage.draft, kind=REPORT_KIND).values_list("sha256", flat=True))
    rounds = stage.draft.rounds.filter(version__number__lte=stage.version.number).order_by("number")
    for round_ in rounds:
        if round_.frozen_at and round_.report_sha256 in filed:
            continue
        if not round_.frozen_at:
            round_ = round_freeze(actor=actor, round_=round_)
        title = f"Bản tổng hợp, giải trình, tiếp thu ý kiến – đợt {round_.number} (sha256 {round_.report_sha256[:12]})"
        StageDocument.objects.create(stage=stage, kind=REPORT_KIND, title=title, sha256=round_.report_sha256,
                                     uploaded_by=actor if actor and actor.pk else None)
