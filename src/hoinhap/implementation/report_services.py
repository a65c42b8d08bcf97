"""Write path of reporting: progress, contribution and completion reports with evidence, the
secretariat's review (accept, or return with a reason), deadline extensions, and the daily
reminders and escalation steps of ``hoinhap remind``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from hoinhap.core.errors import Conflict, PermissionDenied, ValidationFailed
from hoinhap.core.limits import NUMBER_CHARS, check_lengths, text_chars
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.implementation import classified, notices, status_cache
from hoinhap.implementation.models import DeadlineExtension, Escalation, Task, TaskReport
from hoinhap.implementation.permissions import require_reporter_for, require_secretariat
from hoinhap.jobs.mail import mail_enqueue
from hoinhap.legal.numbers import parse_number

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None


@transaction.atomic
def report_submit(*, actor: User | None, task: Task, agency: Organisation, kind: str, text: str, today: date,
                  output_number: str = "", output_date: date | None = None, evidence: bytes | None = None,
                  evidence_name: str = "", classification: str = "", classified_reference: str = "") -> TaskReport:
    """An agency's report. The lead files progress and completion; a coordinating agency files its
    contribution. Completion needs the output's number and date (or an attached result): not a slider.
    A classified report (or any report on a classified task) carries no text and no file, only the
    reference of the report kept elsewhere (``classified.report_content``)."""
    require_reporter_for(actor, agency)
    text, level, reference = classified.report_content(actor=actor, task=task, text=text, evidence=evidence,
                                                       classification=classification, reference=classified_reference)
    if kind not in TaskReport.Kind.values:
        raise ValidationFailed(_("unknown report kind %(kind)r") % {"kind": kind}, allowed=list(TaskReport.Kind.values))
    if kind == TaskReport.Kind.CONTRIBUTION:
        if not task.coordinators.filter(pk=agency.pk).exists():
            raise PermissionDenied(_("%(code)s does not coordinate this task") % {"code": agency.code})
    elif agency.pk != task.lead_id:
        raise PermissionDenied(_("%(code)s does not lead this task") % {"code": agency.code})
    if not text.strip():
        raise ValidationFailed(_("the report is empty"))
    check_lengths(text_chars(), text=text)
    check_lengths(NUMBER_CHARS, output_number=output_number)
    if kind == TaskReport.Kind.COMPLETION:
        _check_completion(output_number, output_date, evidence, today)
    report = TaskReport(task=task, agency=agency, kind=kind, text=text.strip(), output_number=output_number.strip(),
                        output_date=output_date, submitted_by=_user(actor), submitted_on=today,
                        classification=level, classified_reference=reference)
    if evidence:
        if len(evidence) > MAX_EVIDENCE_BYTES:
            raise ValidationFailed(_("the evidence is larger than 20 MB"))
        report.evidence.save(evidence_name or "evidence.bin", ContentFile(evidence), save=False)
    report.save()
    log_action(actor, "implementation.report.submitted", task, {"report": report.pk, "kind": kind, "agency": agency.code})
    return report


def _check_completion(output_number: str, output_date: date | None, evidence: bytes | None, today: date) -> None:
    if output_date is None and not evidence:
        raise ValidationFailed(_("a completion needs the output's date (and number) or an attached result"))
    if output_number and parse_number(output_number) is None:
        raise ValidationFailed(_("not a document number: %(output_number)r") % {"output_number": output_number})
    if not output_number and not evidence:
        raise ValidationFailed(_("a completion needs the output's number or an attached result"))
    if output_date is not None and output_date > today:
        raise ValidationFailed(_("the output's date is in the future"))


@transaction.atomic
def report_review(*, actor: User | None, report: TaskReport, accept: bool, today: date, reason: str = "") -> TaskReport:
    """Accept a report, or return it with a reason (kept in the audit log). An accepted completion
    completes the task: done on the output's date, known from today."""
    require_secretariat(actor)
    report = TaskReport.objects.select_for_update().get(pk=report.pk)
    if report.review != TaskReport.Review.SUBMITTED:
        raise Conflict(_("this report was %(review)s already") % {"review": report.get_review_display()})
    if not accept and not reason.strip():
        raise ValidationFailed(_("say why the report is returned"))
    check_lengths(text_chars(), reason=reason)
    report.review = TaskReport.Review.ACCEPTED if accept else TaskReport.Review.RETURNED
    report.reviewed_by, report.reviewed_on, report.review_reason = _user(actor), today, reason.strip()
    report.save(update_fields=["review", "reviewed_by", "reviewed_on", "review_reason"])
    if accept and report.kind == TaskReport.Kind.COMPLETION:
        Task.objects.filter(pk=report.task_id).update(
            completed_on=report.output_date or report.submitted_on, completion_known_on=today,
            output_number=report.output_number, output_date=report.output_date)
        status_cache.store_status(Task.objects.filter(pk=report.task_id))
        status_cache.tasks_changed([report.task.lead_id])
    log_action(actor, f"implementation.report.{report.review}", report.task,
               {"report": report.pk, "kind": report.kind, "reason": reason.strip()})
    notices.report_reviewed(report)
    return report


@transaction.atomic
def extension_request(*, actor: User | None, task: Task, new_deadline: date, reason: str, today: date) -> DeadlineExtension:
    require_reporter_for(actor, task.lead)
    classified.require_visible(actor, task)
    if not reason.strip():
        raise ValidationFailed(_("an extension needs a reason"))
    check_lengths(text_chars(), reason=reason)
    if task.continuous:
        raise ValidationFailed(_("a continuous task has no deadline to extend"))
    if task.deadline is not None and new_deadline <= task.deadline:
        raise ValidationFailed(_("the new deadline must be later than the current one"))
    extension = DeadlineExtension.objects.create(task=task, new_deadline=new_deadline, reason=reason.strip(),
                                                 requested_by=_user(actor), requested_on=today)
    log_action(actor, "implementation.extension.requested", task,
               {"new_deadline": new_deadline.isoformat(), "reason": reason.strip()})
    return extension


@transaction.atomic
def extension_decide(*, actor: User | None, extension: DeadlineExtension, approve: bool, today: date,
                     reason: str = "") -> DeadlineExtension:
    """Approve or refuse. The original deadline stays on the task; on-time is judged, from the day
    of approval, against the approved one."""
    require_secretariat(actor)
    extension = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
    check_lengths(text_chars(), reason=reason)
    if extension.state != DeadlineExtension.State.REQUESTED:
        raise Conflict(_("this request was %(state)s already") % {"state": extension.get_state_display()})
    extension.state = DeadlineExtension.State.APPROVED if approve else DeadlineExtension.State.REFUSED
    extension.decided_by, extension.decided_on, extension.decision_reason = _user(actor), today, reason.strip()
    extension.save(update_fields=["state", "decided_by", "decided_on", "decision_reason"])
    if approve:
        Task.objects.filter(pk=extension.task_id).update(has_extension=True)
        status_cache.store_status(Task.objects.filter(pk=extension.task_id))
        status_cache.tasks_changed([extension.task.lead_id])
    log_action(actor, f"implementation.extension.{extension.state}", extension.task,
               {"new_deadline": extension.new_deadline.isoformat(), "reason": reason.strip()})
    notices.extension_decided(extension)
    return extension


@dataclass(frozen=True)
class EscalationRules:
    """Days relative to the due date (in force) at which each step is taken; a deployment may
    change them (settings.HOINHAP_ESCALATION)."""

    before: tuple[int, ...] = (7, 1)
    reminder: int = 1
    urging: int = 15
    monthly_report: int = 30
    steering_committee: int = 60

    @classmethod
    def configured(cls) -> EscalationRules:
        return cls(**getattr(settings, "HOINHAP_ESCALATION", {}))


def steps_due(today: date, rules: EscalationRules | None = None) -> list[tuple[Task, str, date]]:
    """Today's steps not yet taken, as (task, step, due): reminders before the due date, then the
    escalation ladder after it, for every task not completed. Reads only; ``hoinhap remind`` queues them."""
    from hoinhap.implementation.selectors import due_in_force

    rules = rules or EscalationRules.configured()
    horizon = today + timedelta(days=max(rules.before, default=0))
    candidates = (Task.objects.filter(continuous=False, deadline__isnull=False)
                  .filter(Q(completion_known_on__isnull=True) | Q(completion_known_on__gt=today))
                  .filter(Q(deadline__lte=horizon) | Q(has_extension=True)).select_related("lead"))
    due_steps = []
    for task in candidates:
        due = due_in_force(task, today)
        step = _step(rules, (today - due).days) if due else None
        if step is not None and due is not None and not _taken(task, step, due, today):
            due_steps.append((task, step, due))
    return due_steps


def remind(*, actor: User | None, today: date, rules: EscalationRules | None = None) -> list[Escalation]:
    """Take today's steps now (the demo, the tests); ``hoinhap remind`` queues one job per task instead.
    Each step is taken once per task and due date, recorded, and its mail queued after it."""
    taken = (step_take(actor=actor, task_id=task.pk, today=today, rules=rules) for task, _, _ in steps_due(today, rules))
    return [escalation for escalation in taken if escalation is not None]


def _taken(task: Task, step: str, due: date, today: date) -> bool:
    """Each step once per due date; reminders before it once per day they fall on (7 days, 1 day)."""
    taken = Escalation.objects.filter(task=task, step=step, due=due)
    return (taken.filter(on=today) if step == Escalation.Step.REMINDER_BEFORE else taken).exists()


def _step(rules: EscalationRules, days_after: int) -> str | None:
    if days_after < 0:
        return Escalation.Step.REMINDER_BEFORE if -days_after in rules.before else None
    ladder = [(rules.steering_committee, Escalation.Step.STEERING_COMMITTEE),
              (rules.monthly_report, Escalation.Step.MONTHLY_REPORT), (rules.urging, Escalation.Step.URGING),
              (rules.reminder, Escalation.Step.REMINDER)]
    return next((step for threshold, step in ladder if days_after >= threshold), None)


@transaction.atomic
def step_take(*, actor: User | None, task_id: int, today: date, rules: EscalationRules | None = None) -> Escalation | None:
    """Take today's step for one task, if one is due and not taken: record it, then queue its mail in
    the same transaction (the mail goes only once the step is recorded; never for a rolled-back one).
    The task row is locked first, so two workers running the same day's job take the step once."""
    from hoinhap.implementation.selectors import due_in_force

    task = Task.objects.select_for_update().select_related("lead").filter(pk=task_id).first()
    if task is None or (task.completion_known_on is not None and task.completion_known_on <= today):
        return None
    due = due_in_force(task, today)
    step = _step(rules or EscalationRules.configured(), (today - due).days) if due else None
    if step is None or due is None or _taken(task, step, due, today):
        return None
    recipients = sorted({m.user.email for m in task.lead.memberships.select_related("user") if m.user.email})
    mailed = step in (Escalation.Step.REMINDER_BEFORE, Escalation.Step.REMINDER, Escalation.Step.URGING)
    escalation = Escalation.objects.create(task=task, step=step, due=due, on=today, recipients=len(recipients))
    log_action(actor, "implementation.task.escalated", task, {"step": step, "due": due.isoformat()})
    if mailed:
        subject, body = _step_mail(task, step, due)
        mail_enqueue(subject=subject, body=body, recipients=recipients, about=escalation)
    return escalation


def _step_mail(task: Task, step: str, due: date) -> tuple[str, str]:
    label = Escalation.Step(step).label
    subject = f"[hoinhap] {'Nhắc hạn' if step == Escalation.Step.REMINDER_BEFORE else 'Đôn đốc'}: {task.title[:80]}"
    body = (f"Kính gửi {task.lead.name},\n\nNhiệm vụ: {task.title}\nThời hạn: {due:%d/%m/%Y}"
            f" ({task.deadline_text})\nBước: {label}\n")
    return subject, body
