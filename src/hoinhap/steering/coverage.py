"""Write path of requirement coverage (issue 18 item 4): the requirements of a directing document
(Resolution 59-NQ/TW) as items, made by hand, from a TSV file or proposed from the document's section
of tasks and solutions; their links to a draft's provisions and to programme tasks, proposed by text
similarity (``search.similarity``) and confirmed ("covers fully" or "partly") or rejected by a person.

Who writes: requirements are the Steering Committee secretariat's; proposing and deciding links to a
draft's provisions is the secretariat's or that draft's drafting committee's; links to tasks are the
secretariat's. Every write is audited (``steering.requirement.*``, ``steering.coverage.*``)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import NotFound, PermissionDenied, UnreadableInput, ValidationFailed
from hoinhap.core.limits import NAME_CHARS, check_lengths, text_chars
from hoinhap.core.models import User
from hoinhap.core.services import log_action
from hoinhap.corpus.models import Provision, Work
from hoinhap.drafting.models import Draft, Version
from hoinhap.drafting.permissions import is_drafter
from hoinhap.drafting.selectors import latest_version
from hoinhap.implementation.models import Programme, Task
from hoinhap.implementation.permissions import is_secretariat, require_secretariat
from hoinhap.search.similarity import Scorer
from hoinhap.steering.models import CoverageLink, Requirement

TOP_K = 5
ARTICLE_KINDS = ("article",)
# The section of a resolution that lists its tasks and solutions ("III- NHIỆM VỤ, GIẢI PHÁP").
TASKS_HEADING = re.compile(r"nhiệm vụ|giải pháp", re.IGNORECASE)
# Words that place a requirement in a field, checked in this order (the first field found wins).
FIELD_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (Requirement.Field.FOREIGN_INVESTMENT, ("đầu tư nước ngoài", "fdi", "thu hút đầu tư")),
    (Requirement.Field.HUMAN_RESOURCES, ("nhân lực", "chuyên gia", "cán bộ")),
    (Requirement.Field.SCIENCE_TECHNOLOGY, ("khoa học", "công nghệ", "đổi mới sáng tạo", "chuyển đổi số")),
    (Requirement.Field.HEALTHCARE, ("y tế", "sức khỏe", "dược")),
    (Requirement.Field.EDUCATION, ("giáo dục", "đào tạo", "du học")),
    (Requirement.Field.CULTURE, ("văn hóa", "du lịch", "thể thao")),
    (Requirement.Field.INSTITUTIONS, ("thể chế", "pháp luật", "văn bản quy phạm")),
    (Requirement.Field.ECONOMY, ("kinh tế", "thương mại", "doanh nghiệp", "cam kết quốc tế")),
    # last: "địa phương" also appears where localities merely take part in another field's work
    (Requirement.Field.LOCAL_FOREIGN_AFFAIRS, ("địa phương", "đối ngoại nhân dân")),
)
TSV_COLUMNS = ("code", "field", "text", "source_eid")


def field_guess(text: str) -> str:
    """The first field whose words the text contains; "other" if none (a person corrects it)."""
    lowered = text.lower()
    for field, words in FIELD_WORDS:
        if any(word in lowered for word in words):
            return str(field)
    return str(Requirement.Field.OTHER)


def _check(code: str, field: str, text: str, source_eid: str) -> None:
    if not code.strip() or not text.strip():
        raise ValidationFailed(_("A requirement needs a code and its text."))
    if field not in Requirement.Field.values:
        raise ValidationFailed(_("Unknown field %(field)s.") % {"field": field}, allowed=list(Requirement.Field.values))
    check_lengths(32, code=code)
    check_lengths(NAME_CHARS, source_eid=source_eid)
    check_lengths(text_chars(), text=text)


@transaction.atomic
def requirement_add(*, actor: User | None, work: Work, code: str, field: str, text: str, source_eid: str = "",
                    illustrative: bool = False) -> Requirement:
    require_secretariat(actor)
    _check(code, field, text, source_eid)
    if work.requirements.filter(code=code.strip()).exists():
        raise ValidationFailed(_("The requirement %(code)s exists already.") % {"code": code.strip()})
    requirement = Requirement.objects.create(work=work, code=code.strip(), field=field, text=text.strip(),
                                             source_eid=source_eid.strip(), is_illustrative=illustrative)
    log_action(actor, "steering.requirement.added", requirement, {"work": work.number, "field": field})
    return requirement


@transaction.atomic
def requirement_update(*, actor: User | None, requirement: Requirement, field: str, text: str) -> Requirement:
    """Correct a proposed requirement's field or wording; the links made stay."""
    require_secretariat(actor)
    _check(requirement.code, field, text, requirement.source_eid)
    before = {"field": requirement.field, "text": requirement.text}
    requirement.field, requirement.text = field, text.strip()
    requirement.save(update_fields=["field", "text"])
    log_action(actor, "steering.requirement.updated", requirement, {"previous": before})
    return requirement


def _tsv_rows(data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableInput(_("The file is not UTF-8 text.")) from error
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = []
    for number, cells in enumerate(csv.reader(io.StringIO("\n".join(lines)), delimiter="\t"), 1):
        if number == 1 and cells[:1] == ["code"]:
            continue  # a header row
        if len(cells) < 3:
            raise UnreadableInput(_("Line %(n)d: expected code, field, text and optionally the source provision.")
                                  % {"n": number})
        rows.append(dict(zip(TSV_COLUMNS, [c.strip() for c in cells] + [""], strict=False)))
    return rows


@transaction.atomic
def requirements_import(*, actor: User | None, work: Work, data: bytes, illustrative: bool = False) -> list[Requirement]:
    """Requirements from a TSV file (code, field, text, source eId), all or nothing; codes present
    already are refused so that a second import changes nothing silently."""
    require_secretariat(actor)
    rows = _tsv_rows(data)
    made = [requirement_add(actor=actor, work=work, illustrative=illustrative, **row) for row in rows]
    log_action(actor, "steering.requirements.imported", work, {"count": len(made)})
    return made


def _document_items(work: Work) -> list[Provision]:
    """The paragraphs of the document's section of tasks and solutions, in order."""
    provisions = list(Provision.objects.filter(expression__work=work).order_by("expression", "position"))
    sections = [p for p in provisions if p.kind == "division" and TASKS_HEADING.search(p.heading)]
    if not sections:
        raise ValidationFailed(_("%(number)s has no section of tasks and solutions.") % {"number": work.number})
    parents = {s.eid for s in sections}
    return [p for p in provisions if p.parent_eid in parents and p.text.strip()]


@transaction.atomic
def requirements_from_document(*, actor: User | None, work: Work) -> list[Requirement]:
    """One requirement per paragraph of the section of tasks and solutions (code "III.1" …), its field
    guessed from its words; paragraphs already taken are skipped, so running it again adds nothing."""
    require_secretariat(actor)
    taken = set(work.requirements.values_list("source_eid", flat=True))
    made = []
    for item in _document_items(work):
        if item.eid in taken:
            continue
        section = item.parent_eid.removeprefix("dvs_")
        number = re.sub(r"[^\w]+", "", item.num) or str(item.position)  # "1-" → "1"
        code = f"{section}.{number}"[:32]
        made.append(requirement_add(actor=actor, work=work, code=code, field=field_guess(item.text), text=item.text,
                                    source_eid=item.eid, illustrative=work.is_illustrative))
    log_action(actor, "steering.requirements.extracted", work, {"count": len(made)})
    return made


def article_texts(version: Version) -> list[tuple[str, str]]:
    """(eId, heading and every text under it) for each article of ``version``, in one pass: rows come in
    document order, so a row belongs to the last article met if its eId extends that article's."""
    texts: dict[str, list[str]] = {}
    current = ""
    for eid, kind, heading, text in version.provisions.order_by("position").values_list("eid", "kind", "heading", "text"):
        if kind in ARTICLE_KINDS:
            current = eid
            texts[eid] = [heading, text]
        elif current and eid.startswith(current + "__"):
            texts[current].append(text)
    return [(eid, " ".join(parts)) for eid, parts in texts.items()]


@dataclass(frozen=True)
class ProposalScope:
    """Where links are proposed: a draft's version and/or the tasks of some programmes (all if empty)."""

    version: Version | None = None
    tasks: bool = False
    programmes: tuple[Programme, ...] = ()


def scope_for(*, draft: Draft | None, version_number: int | None = None, tasks: bool = False,
              programmes: tuple[Programme, ...] = ()) -> ProposalScope:
    """The version to read: the one numbered, else the draft's latest published version."""
    version = None
    if draft is not None:
        version = (draft.versions.filter(number=version_number).first() if version_number
                   else latest_version(draft, published_only=True))
        if version is None:
            raise NotFound(_("%(slug)s has no such published version.") % {"slug": draft.slug})
    return ProposalScope(version=version, tasks=tasks, programmes=programmes)


def _require_decider(actor: User | None, draft: Draft | None) -> None:
    """Links to a draft: its drafting committee or the secretariat; links to tasks: the secretariat."""
    if is_secretariat(actor) or (draft is not None and is_drafter(actor, draft)):
        return
    raise PermissionDenied(_("Only the Steering Committee secretariat or the drafting committee may do this."))


def task_candidates(scope: ProposalScope) -> list[tuple[int, str]]:
    tasks = Task.objects.all()
    if scope.programmes:
        tasks = tasks.filter(programme__in=scope.programmes)
    return [(pk, f"{title} {output}") for pk, title, output in tasks.order_by("pk").values_list("pk", "title", "output")]


@transaction.atomic
def links_propose(*, actor: User | None, work: Work, scope: ProposalScope, k: int = TOP_K) -> int:
    """For each requirement, the ``k`` most similar articles of the version and/or tasks, stored as
    proposed links with their score. A link decided already keeps its decision; a proposal made
    before is re-scored. Returns the number of proposals stored."""
    if scope.version is None and not scope.tasks:
        raise ValidationFailed(_("Choose a draft, the tasks, or both."))
    if scope.tasks:
        require_secretariat(actor)
    _require_decider(actor, scope.version.draft if scope.version else None)
    requirements = list(work.requirements.all())
    stored = 0
    if scope.version is not None:
        scorer: Scorer[str] = Scorer(article_texts(scope.version))
        for requirement in requirements:
            for match in scorer.top(requirement.text, k):
                stored += _propose(requirement, match.score, version=scope.version, eid=match.key)
    if scope.tasks:
        task_scorer: Scorer[int] = Scorer(task_candidates(scope))
        for requirement in requirements:
            for task_match in task_scorer.top(requirement.text, k):
                stored += _propose(requirement, task_match.score, task_id=task_match.key)
    log_action(actor, "steering.coverage.proposed", work, {
        "version": str(scope.version) if scope.version else None, "tasks": scope.tasks, "count": stored})
    return stored


def _propose(requirement: Requirement, score: float, *, version: Version | None = None, eid: str = "",
             task_id: int | None = None) -> int:
    link, created = CoverageLink.objects.get_or_create(requirement=requirement, version=version, eid=eid,
                                                       task_id=task_id, defaults={"score": score})
    if not created and link.state == CoverageLink.State.PROPOSED and link.score != score:
        link.score = score
        link.save(update_fields=["score"])
    return 1


@transaction.atomic
def link_decide(*, actor: User | None, link: CoverageLink, confirm: bool, extent: str = "", note: str = "") -> CoverageLink:
    """Confirm a link (it covers the requirement fully or partly) or reject it; a later decision
    replaces an earlier one and the audit log keeps both."""
    _require_decider(actor, link.version.draft if link.version_id and link.version else None)
    if link.task_id is not None:
        require_secretariat(actor)
    if confirm and extent not in CoverageLink.Extent.values:
        raise ValidationFailed(_("Say whether the link covers the requirement fully or partly."),
                               allowed=list(CoverageLink.Extent.values))
    check_lengths(text_chars(), note=note)
    previous = {"state": link.state, "extent": link.extent}
    link.state = CoverageLink.State.CONFIRMED if confirm else CoverageLink.State.REJECTED
    link.extent = extent if confirm else ""
    link.note, link.decided_by, link.decided_at = note, actor, timezone.now()
    link.save(update_fields=["state", "extent", "note", "decided_by", "decided_at"])
    action = "steering.coverage.confirmed" if confirm else "steering.coverage.rejected"
    log_action(actor, action, link.requirement,
               {"link": str(link), "extent": link.extent, "previous": previous})
    return link


@transaction.atomic
def link_add(*, actor: User | None, requirement: Requirement, extent: str, version: Version | None = None,
             eid: str = "", task: Task | None = None, note: str = "") -> CoverageLink:
    """A link a person sees without a proposal (any provision of the version, or a task), confirmed at once."""
    if (version is None) == (task is None):
        raise ValidationFailed(_("Link either a provision of a version or a task."))
    if version is not None and not version.provisions.filter(eid=eid).exists():
        raise NotFound(_("%(version)s has no provision %(eid)s.") % {"version": version, "eid": eid})
    link, _created = CoverageLink.objects.get_or_create(requirement=requirement, version=version, eid=eid if version else "",
                                                        task=task)
    return link_decide(actor=actor, link=link, confirm=True, extent=extent, note=note)
