"""The demo's requirement coverage, all illustrative: the requirements of the demo's 59-NQ/TW text
(one per paragraph of its section III, plus one per field the NA Chairman named, written by hoinhap),
proposals against the demo draft and the demo programmes, and the links hoinhap labelled by hand,
confirmed so that the matrix is not empty after ``make demo``. The same labels measure the proposals
(``measure``: the share of true links found in the top k)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from hoinhap.core.services import system_actor
from hoinhap.corpus.models import Work
from hoinhap.drafting.models import Draft, Version
from hoinhap.drafting.selectors import latest_version
from hoinhap.implementation.models import Programme, Task
from hoinhap.search.similarity import Scorer, recall_at
from hoinhap.steering import coverage

DATA = Path(__file__).resolve().parent.parent / "demo" / "data"
REQUIREMENTS = DATA / "yeu-cau-59-minh-hoa.tsv"
LABELS = DATA / "lien-ket-59-minh-hoa.tsv"
DOCUMENT, DRAFT = "59-NQ/TW", "nq-co-che-hoi-nhap"
PROGRAMMES = ("ctrhd-153", "ket-luan-phien-1")


@dataclass(frozen=True)
class Label:
    code: str
    kind: str  # "provision" or "task"
    target: str  # an eId, or "programme:number"
    extent: str


def labels() -> list[Label]:
    lines = [line for line in LABELS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [Label(**row) for row in csv.DictReader(lines, delimiter="\t")]


def _task(target: str) -> Task:
    slug, number = target.split(":")
    return Task.objects.get(programme__slug=slug, number=number)


def load_demo_coverage() -> bool:
    """Once: ``False`` when the demo document has requirements already (or the demo is not loaded)."""
    work = Work.objects.filter(number=DOCUMENT, is_illustrative=True).first()
    draft = Draft.objects.filter(slug=DRAFT).first()
    if work is None or draft is None or work.requirements.exists():
        return False
    with transaction.atomic():
        actor = system_actor()
        coverage.requirements_from_document(actor=actor, work=work)
        coverage.requirements_import(actor=actor, work=work, data=REQUIREMENTS.read_bytes(), illustrative=True)
        programmes = tuple(Programme.objects.filter(slug__in=PROGRAMMES))
        scope = coverage.scope_for(draft=draft, tasks=True, programmes=programmes)
        coverage.links_propose(actor=actor, work=work, scope=scope)
        for label in labels():
            requirement = work.requirements.get(code=label.code)
            if label.kind == "provision":
                coverage.link_add(actor=actor, requirement=requirement, extent=label.extent, version=scope.version,
                                  eid=label.target, note="Minh họa")
            else:
                coverage.link_add(actor=actor, requirement=requirement, extent=label.extent, task=_task(label.target),
                                  note="Minh họa")
    return True


def measure(work: Work, version: Version, k: int = coverage.TOP_K) -> dict[str, float | int]:
    """Recall of the top ``k`` proposals against the hand labels, for the draft's articles and for the
    demo programmes' tasks, computed from the scorer alone (not from the stored, confirmed links)."""
    requirements = {r.code: r.text for r in work.requirements.all()}
    truth_provisions: dict[str, set[str]] = {}
    truth_tasks: dict[str, set[str]] = {}
    for label in labels():
        bucket = truth_provisions if label.kind == "provision" else truth_tasks
        key = label.target if label.kind == "provision" else str(_task(label.target).pk)
        bucket.setdefault(label.code, set()).add(key)
    articles: Scorer[str] = Scorer(coverage.article_texts(version))
    programmes = tuple(Programme.objects.filter(slug__in=PROGRAMMES))
    tasks: Scorer[int] = Scorer(coverage.task_candidates(coverage.ProposalScope(tasks=True, programmes=programmes)))
    found_provisions = {code: [m.key for m in articles.top(text, k)] for code, text in requirements.items()}
    found_tasks = {code: [str(m.key) for m in tasks.top(text, k)] for code, text in requirements.items()}
    return {"k": k, "provision_labels": sum(map(len, truth_provisions.values())),
            "provision_recall": round(recall_at(found_provisions, truth_provisions), 3),
            "task_labels": sum(map(len, truth_tasks.values())),
            "task_recall": round(recall_at(found_tasks, truth_tasks), 3)}


def demo_version() -> Version | None:
    draft = Draft.objects.filter(slug=DRAFT).first()
    return latest_version(draft, published_only=True) if draft else None

