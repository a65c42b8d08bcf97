"""Classified tasks and reports as metadata only (issue 19, item 5; docs/security.md, "Classified work").

A task or report marked Mật, Tối mật or Tuyệt mật keeps here only what may be held on a networked
system not approved for state secrets: its number, lead, coordinating agencies, deadline, status and the
reference of the document kept elsewhere. Marking it therefore clears its content: the title becomes a
neutral label ("Nhiệm vụ mật số 3"), the expected output and the source text go, its reports' texts are
replaced by a pointer to the report kept elsewhere and their evidence files are deleted. From then on the
services refuse content for it (a report's text, an evidence file, a new title or output). Who sees it:
``core.classification``; the selectors apply it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from hoinhap.core.classification import REPORT_TEXT, TASK_LABEL, check_level, classified_label, may_see, rank
from hoinhap.core.errors import NotFound, ValidationFailed
from hoinhap.core.limits import NAME_CHARS, check_lengths
from hoinhap.core.models import User
from hoinhap.core.services import log_action
from hoinhap.implementation.models import Task, TaskReport
from hoinhap.implementation.permissions import require_secretariat

CONTENT_FIELDS = ("title", "output")  # what a marked task may not be given again


def _reference(level: str, reference: str) -> str:
    reference = (reference or "").strip()
    check_lengths(NAME_CHARS, classified_reference=reference)
    if level and not reference:
        raise ValidationFailed(gettext("Give the reference of the classified document kept outside hoinhap "
                                       "(its number and where it is kept)."))
    return reference


def _require_sight(actor: User | None, level: str, what: str) -> None:
    """Changing a marked item needs the clearance to see it; for others it does not exist (404)."""
    if not may_see(actor, level):
        raise NotFound(gettext("no %(what)s") % {"what": what})


@transaction.atomic
def task_classify(*, actor: User | None, task: Task, level: str, reference: str = "") -> Task:
    """Mark ``task`` (and its reports) at ``level``, or unmark it with "". Marking clears the content;
    unmarking does not bring it back (it is gone). The secretariat marks; changing an item already
    marked needs the clearance to see it. Audited with the previous level."""
    require_secretariat(actor)
    level = check_level(level)
    _require_sight(actor, task.classification, f"task {task.pk}")
    reference = _reference(level, reference)
    before = task.classification
    task.classification, task.classified_reference = level, reference
    if level:
        task.title = classified_label(TASK_LABEL, task.number, task.pk)
        task.output = task.source_text = ""
        for report in task.reports.all():
            _clear_report(report, level if rank(level) > rank(report.classification) else report.classification,
                          report.classified_reference or reference)
    task.save()
    log_action(actor, "implementation.task.classified", task,
               {"before": before, "level": level, "reference": reference})
    return task


@transaction.atomic
def report_classify(*, actor: User | None, report: TaskReport, level: str, reference: str = "") -> TaskReport:
    """Mark one report of an unmarked task (a report of a marked task is marked with it). The
    secretariat marks; audited."""
    require_secretariat(actor)
    level = check_level(level)
    _require_sight(actor, report.classification, f"report {report.pk}")
    _require_sight(actor, report.task.classification, f"report {report.pk}")
    reference = _reference(level, reference)
    if not level and report.task.classification:
        raise ValidationFailed(gettext("A report of a classified task stays classified."))
    before = report.classification
    if level:
        _clear_report(report, level, reference)
    else:
        report.classification, report.classified_reference = "", reference
        report.save(update_fields=["classification", "classified_reference"])
    log_action(actor, "implementation.report.classified", report.task,
               {"report": report.pk, "before": before, "level": level, "reference": reference})
    return report


def _clear_report(report: TaskReport, level: str, reference: str) -> None:
    report.classification, report.classified_reference = level, reference
    report.text = REPORT_TEXT.format(reference=reference or "—")
    if report.evidence:
        report.evidence.delete(save=False)  # the file itself goes, not only the link to it
    report.save(update_fields=["classification", "classified_reference", "text", "evidence"])


def require_visible(actor: User | None, task: Task) -> None:
    """A write on a task its actor may not see answers as for a task that does not exist."""
    _require_sight(actor, task.classification, f"task {task.pk}")


def refused_content(level: str) -> ValidationFailed:
    return ValidationFailed(gettext(
        "This item is classified: hoinhap keeps only its number, lead, deadline, status and the reference "
        "of the document kept elsewhere. Do not enter its content or attach files here."), level=level)


def report_content(*, actor: User | None, task: Task, text: str, evidence: bytes | None, classification: str = "",
                   reference: str = "") -> tuple[str, str, str]:
    """What a new report on ``task`` may store: (text, level, reference). For a marked task or a
    report marked as it is filed, the text and any evidence file are refused and the reference of
    the report kept elsewhere is required; the stored text points to it. A reporter without the
    clearance for the task gets ``NotFound``: for them it does not exist."""
    _require_sight(actor, task.classification, f"task {task.pk}")
    classification = check_level(classification)
    level = max(task.classification, classification, key=rank)
    if not level:
        return text, "", ""
    if text.strip() or evidence:
        raise refused_content(level)
    reference = _reference(level, reference)
    return REPORT_TEXT.format(reference=reference), level, reference


def check_task_record(task: Task, wanted: dict[str, str]) -> None:
    """A marked task's title and output stay cleared: an edit that gives them content is refused."""
    if task.classification and any(wanted.get(name) not in (None, getattr(task, name)) for name in CONTENT_FIELDS):
        raise refused_content(task.classification)
