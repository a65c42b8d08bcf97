"""Programmes and their tasks (with provenance, one lead agency, coordinating agencies, output and
deadline), meetings whose conclusions issue directives, progress reports with the secretariat's
review, deadline extensions, escalation steps, and the legal bottleneck register."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoinhap.core.models import Classification
from hoinhap.implementation import buckets

USER = settings.AUTH_USER_MODEL


class Programme(models.Model):
    class Kind(models.TextChoices):
        ACTION_PROGRAMME = "action_programme", _("Action programme")
        PLAN = "plan", _("Agency plan")
        CONCLUSION = "conclusion", _("Meeting conclusion")
        DETAILING = "detailing", _("Detailing of an adopted text")

    slug = models.SlugField(max_length=120, unique=True)
    title = models.TextField(_("title"))
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.ACTION_PROGRAMME)
    work = models.ForeignKey("corpus.Work", null=True, blank=True, on_delete=models.SET_NULL, related_name="programmes",
                             help_text=_("The document the tasks come from."))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="plans")
    owner = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey("Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="conclusions")
    effective_from = models.DateField(_("in force from"), null=True, blank=True,
                                      help_text=_("Anchor of relative deadlines (within 6 months from entry into force)."))
    is_illustrative = models.BooleanField(default=False)
    # The reporting regime: every period of this length, each agency leading a task reports within
    # ``report_due_days`` of the period's end (docs/implementation.md, "Reporting regime").
    report_every = models.CharField(_("report every"), max_length=16, blank=True)
    report_due_days = models.PositiveSmallIntegerField(_("days after the period to report"), null=True, blank=True)
    report_from = models.DateField(_("reports due from"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title[:120]


class Meeting(models.Model):
    """A Steering Committee meeting; its conclusions are programmes of kind ``conclusion``."""

    title = models.CharField(max_length=255)
    held_on = models.DateField()
    chaired_by = models.CharField(max_length=255, blank=True)
    body = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class Task(models.Model):
    class Kind(models.TextChoices):
        TASK = "task", _("Task")
        DIRECTIVE = "directive", _("Directive")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="subtasks")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.TASK)
    number = models.CharField(max_length=32, blank=True)
    group = models.CharField(max_length=500, blank=True)
    title = models.TextField()
    lead = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="led_tasks")
    original_lead = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", help_text=_("The lead before a merger moved the task."))
    coordinators = models.ManyToManyField("core.Organisation", blank=True, related_name="coordinated_tasks")
    coordinators_text = models.TextField(blank=True, help_text=_("As written, including groups (\"các bộ, ngành\")."))
    output = models.TextField(_("expected output"), blank=True)
    deadline_text = models.CharField(max_length=255, blank=True)
    deadline_kind = models.CharField(max_length=16, blank=True)
    deadline = models.DateField(null=True, blank=True, help_text=_("As first set; extensions are kept apart."))
    continuous = models.BooleanField(default=False)
    has_extension = models.BooleanField(default=False)
    completed_on = models.DateField(null=True, blank=True, help_text=_("The output's date, once accepted."))
    completion_known_on = models.DateField(null=True, blank=True, help_text=_("When the completion was accepted."))
    output_number = models.CharField(max_length=64, blank=True)
    output_date = models.DateField(null=True, blank=True)
    source_eid = models.CharField(max_length=255, blank=True)
    source_text = models.TextField(blank=True)
    assigned_on = models.DateField(null=True, blank=True, help_text=_("From when the task exists (its document's date)."))
    # A task given to a group ("các bộ, ngành, địa phương"): the group as written; its subtasks are one
    # per member agency as of ``assigned_on``, and its status summarises theirs.
    collective_group = models.CharField(_("assigned to the group"), max_length=255, blank=True)
    # A detailing task (Programme.Kind.DETAILING): the corpus document that details the provision,
    # confirmed by a person; the task is completed when that document is in force.
    detailed_by = models.ForeignKey("corpus.Work", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="detailing_tasks")
    detailing_confirmed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    classification = models.CharField(_("classification"), max_length=16, blank=True,
                                      choices=Classification.choices)
    classified_reference = models.CharField(_("reference of the document kept elsewhere"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Derived from the columns above and the approved extensions, kept by ``save`` and by
    # ``status_cache.store_status`` after the services' bulk updates, so that the task list reads a
    # task's bucket from an index (docs/implementation.md, "The task list at scale").
    deadline_in_force = models.DateField(null=True, blank=True, editable=False,
                                         help_text=_("The deadline after the latest approved extension."))
    deadline_in_force_since = models.DateField(null=True, blank=True, editable=False,
                                               help_text=_("The day the extension in force was approved."))
    due_order = models.DateField(default=buckets.NO_DUE, editable=False)
    standing = models.CharField(max_length=12, default=buckets.STANDING_OPEN, editable=False)
    settled_on = models.DateField(default=buckets.SETTLED_ALWAYS, editable=False)

    STORED_STATUS_FIELDS = ("deadline_in_force", "deadline_in_force_since", "due_order", "standing", "settled_on")

    class Meta:
        ordering = ["programme", "id"]
        indexes = [
            # The task list: a bucket (standing, and due date against the day), optionally one lead
            # or programme, in due-date order; each filter walks one index in the list's order.
            models.Index(fields=["standing", "due_order", "id"], name="task_list_by_standing"),
            models.Index(fields=["lead", "standing", "due_order", "id"], name="task_list_by_lead"),
            models.Index(fields=["programme", "standing", "due_order", "id"], name="task_list_by_programme"),
            models.Index(fields=["due_order", "id"], name="task_list_by_due"),
            models.Index(fields=["settled_on"], name="task_settled_on"),
            # Covers every column the status as of a date reads, in lead order: the agency dashboard
            # groups 100,000 tasks from the index alone instead of visiting each row. On PostgreSQL it
            # also INCLUDEs the id (migration 0003), which the lookup of extended deadlines reads.
            models.Index(fields=["lead", "assigned_on", "deadline", "continuous", "has_extension", "completed_on",
                                 "completion_known_on"], name="task_status_by_lead"),
            models.Index(fields=["deadline"]), models.Index(fields=["programme", "deadline"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_stored_status()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.STORED_STATUS_FIELDS}
        super().save(*args, **kwargs)

    def derive_stored_status(self) -> None:
        """Set the stored status columns from the task's own and its latest approved extension."""
        extension = None
        if self.has_extension and self.pk is not None:
            extension = (DeadlineExtension.objects.filter(task_id=self.pk, state=DeadlineExtension.State.APPROVED,
                                                          decided_on__isnull=False)
                         .order_by("-decided_on", "-id").values_list("new_deadline", "decided_on").first())
        self.deadline_in_force, self.deadline_in_force_since = extension or (self.deadline, None)
        self.due_order = self.deadline_in_force or buckets.NO_DUE
        self.standing = buckets.standing(due=self.deadline_in_force, continuous=self.continuous,
                                         completed_on=self.completed_on, completion_known_on=self.completion_known_on)
        self.settled_on = buckets.settled_on(assigned_on=self.assigned_on, completed_on=self.completed_on,
                                             completion_known_on=self.completion_known_on,
                                             due_since=self.deadline_in_force_since)


class TaskStatusDay(models.Model):
    """A day whose counts per bucket are kept in ``TaskStatusCount`` (today's; ``status_cache``)."""

    day = models.DateField(unique=True)
    built_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.day.isoformat()


class TaskStatusCount(models.Model):
    """The counts per bucket on ``day`` of the tasks one agency leads in one programme: what the
    status and the agency dashboard read for today instead of judging every task. Built once a day
    from the reference SQL and rebuilt, for the leads concerned, by every write that changes a
    task's status (``status_cache.tasks_changed``)."""

    day = models.DateField()
    lead = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    completed_on_time = models.PositiveIntegerField(default=0)
    completed_late = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    continuous = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "lead", "programme"], name="unique_task_status_count")]

    def __str__(self) -> str:
        return f"{self.day} {self.lead_id} {self.programme_id}"


class DeadlineExtension(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    new_deadline = models.DateField()
    reason = models.TextField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_on = models.DateField()
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["task", "requested_on", "id"]
        indexes = [models.Index(fields=["task", "state", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.new_deadline} ({self.state})"


class TaskReport(models.Model):
    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress")
        CONTRIBUTION = "contribution", _("Contribution of a coordinating agency")
        COMPLETION = "completion", _("Completion")

    class Review(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", pgettext_lazy("report review", "Accepted")
        RETURNED = "returned", _("Returned")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField()
    output_number = models.CharField(max_length=64, blank=True)
    output_date = models.DateField(null=True, blank=True)
    evidence = models.FileField(upload_to="implementation/evidence/%Y/", blank=True)
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_on = models.DateField()
    review = models.CharField(max_length=16, choices=Review.choices, default=Review.SUBMITTED)
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_on = models.DateField(null=True, blank=True)
    review_reason = models.TextField(blank=True)
    classification = models.CharField(_("classification"), max_length=16, blank=True,
                                      choices=Classification.choices)
    classified_reference = models.CharField(_("reference of the document kept elsewhere"), max_length=255, blank=True)

    class Meta:
        ordering = ["task", "submitted_on", "id"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.review}"


class Escalation(models.Model):
    class Step(models.TextChoices):
        REMINDER_BEFORE = "reminder_before", _("Reminder before the deadline")
        REMINDER = "reminder", _("Reminder after the deadline")
        URGING = "urging", _("Official urging")
        MONTHLY_REPORT = "monthly_report", _("Listed in the monthly report")
        STEERING_COMMITTEE = "steering_committee", _("Raised at the Steering Committee")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="escalations")
    step = models.CharField(max_length=32, choices=Step.choices)
    due = models.DateField(help_text=_("The deadline this step is about."))
    on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["task", "on", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "step", "due", "on"], name="unique_escalation_step")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.step} {self.on}"


class Bottleneck(models.Model):
    """A provision found to hinder integration, what should happen to it, and the tasks that do it."""

    class Action(models.TextChoices):
        AMEND = "amend", _("Amend")
        REPLACE = "replace", _("Replace")
        REPEAL = "repeal", _("Repeal")
        GUIDE = "guide", _("New guidance")

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")

    work = models.ForeignKey("corpus.Work", on_delete=models.PROTECT, related_name="bottlenecks")
    eid = models.CharField(max_length=255)
    quote = models.TextField(blank=True)
    problem = models.TextField()
    action = models.CharField(max_length=16, choices=Action.choices)
    responsible = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IDENTIFIED)
    tasks = models.ManyToManyField(Task, blank=True, related_name="bottlenecks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "target_date", "id"]

    def __str__(self) -> str:
        return f"{self.work} {self.eid} ({self.action})"


class PeriodReport(models.Model):
    """An agency's periodic report under its programme's reporting regime (``reporting_regime``):
    one per agency and period, the period by its code ("2025-Q3", "2025-07", "2025-H1", "2025")."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="period_reports")
    agency = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=16)
    text = models.TextField(_("report"))
    file = models.FileField(upload_to="implementation/period-reports/%Y/", blank=True)
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["programme", "period", "agency"]
        constraints = [models.UniqueConstraint(fields=["programme", "agency", "period"], name="unique_period_report")]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.agency_id} {self.period}"


class PeriodReportReminder(models.Model):
    """A reminder sent to an agency that had not reported for a period: at most one a day."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="period_reminders")
    agency = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=16)
    on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "period", "on", "agency"]
        constraints = [models.UniqueConstraint(fields=["programme", "agency", "period", "on"],
                                               name="unique_period_reminder")]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.agency_id} {self.period} {self.on}"
