"""The National Steering Committee on International Integration: its members as office holders over
time, its meetings (each wraps an ``implementation.Meeting``) with their agenda and the figures
reported there, the directives of each conclusion notice (each one a task of kind ``directive``),
and multi-year plans with yearly milestones (``implementation.Programme`` holds no milestones)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Member(models.Model):
    """One person holding one office in the committee for a span of time; a change of office holder
    or a merger of ministries is a new row, never an edit, so the committee on any date can be read."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head")
        DEPUTY = "deputy", _("Deputy head")
        STANDING = "standing", _("Standing member")
        MEMBER = "member", _("Member")
        SECRETARIAT = "secretariat", _("Secretariat")

    person = models.CharField(_("person"), max_length=255)
    office = models.CharField(_("office"), max_length=255, help_text=_("e.g. Thủ tướng Chính phủ — Trưởng Ban"))
    organisation = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    start = models.DateField(_("from"), null=True, blank=True, help_text=_("Empty: not known."))
    end = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty: still in office, or not known."))
    source = models.TextField(_("source"), blank=True)
    is_illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.person} ({self.office})"


class SteeringMeeting(models.Model):
    """A Steering Committee meeting: the implementation ``Meeting`` (whose conclusion programmes hold the
    directives' tasks) with what the secretariat prepares and records around it."""

    meeting = models.OneToOneField("implementation.Meeting", on_delete=models.CASCADE, related_name="steering")
    place = models.CharField(_("place"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("Where the record comes from (a notice, a news report)."))
    is_illustrative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meeting__held_on"]

    def __str__(self) -> str:
        return str(self.meeting)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(SteeringMeeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.TextField(_("item"))
    presenter = models.CharField(_("presented by"), max_length=255, blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="unique_agenda_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title[:80]}"


class ReportedFigure(models.Model):
    """A figure as reported at the meeting (kept as said: it is the record, not an indicator release)."""

    meeting = models.ForeignKey(SteeringMeeting, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("figure"), max_length=255)
    value = models.CharField(_("value"), max_length=64)
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    period = models.CharField(_("period"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}".strip()


class Directive(models.Model):
    """One direction of a conclusion notice and the task that carries it. ``lead_named`` records whether
    the notice named a lead: a task must have a lead (``Task.lead`` is required), so an unnamed one leads
    with the placeholder organisation until the secretariat assigns one."""

    meeting = models.ForeignKey(SteeringMeeting, on_delete=models.CASCADE, related_name="directives")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("direction"))
    lead_named = models.BooleanField(default=False)
    task = models.OneToOneField("implementation.Task", on_delete=models.PROTECT, related_name="steering_directive")

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="unique_directive_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:80]}"


class MultiYearPlan(models.Model):
    """A programme that runs over several years (the Work Plan 2026–2030), with yearly milestones."""

    programme = models.OneToOneField("implementation.Programme", on_delete=models.CASCADE, related_name="multi_year")
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"{self.programme.slug} {self.first_year}–{self.last_year}"


class Milestone(models.Model):
    plan = models.ForeignKey(MultiYearPlan, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField()
    title = models.TextField(_("milestone"))
    task = models.ForeignKey("implementation.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["plan", "year", "id"]

    def __str__(self) -> str:
        return f"{self.year}: {self.title[:80]}"


class HostedEvent(models.Model):
    """An event the country hosts (APEC Year 2027, a signing ceremony): a date as precise as known, a
    place, and a programme holding its preparatory tasks. ``Programme.Kind`` has no "event" kind and
    implementation's schema is not this app's, so the event is recorded here, beside its programme."""

    programme = models.OneToOneField("implementation.Programme", on_delete=models.CASCADE, related_name="hosted_event")
    name = models.TextField(_("event"))
    date_text = models.CharField(_("date as known"), max_length=64, help_text=_("e.g. tháng 10/2025, năm 2027"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), help_text=_("The last day it may be held: it is upcoming until then."))
    place = models.CharField(_("place"), max_length=255, blank=True)
    source = models.TextField(_("source"), blank=True)
    directive = models.ForeignKey(Directive, null=True, blank=True, on_delete=models.SET_NULL, related_name="events",
                                  help_text=_("The direction that asked for its preparation."))
    is_illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.name[:80]} ({self.date_text})"


class Requirement(models.Model):
    """One requirement of a directing document (a task or solution of Resolution 59-NQ/TW), in a field,
    with the provision it comes from; the items a draft and the programmes are reviewed against."""

    class Field(models.TextChoices):
        FOREIGN_INVESTMENT = "foreign_investment", _("Foreign investment")
        SCIENCE_TECHNOLOGY = "science_technology", _("Science and technology")
        EDUCATION = "education", _("Education and training")
        HEALTHCARE = "healthcare", _("Healthcare")
        CULTURE = "culture", _("Culture")
        LOCAL_FOREIGN_AFFAIRS = "local_foreign_affairs", _("Local foreign affairs")
        INSTITUTIONS = "institutions", _("Institutions and law")
        ECONOMY = "economy", _("Economic integration")
        HUMAN_RESOURCES = "human_resources", _("Human resources")
        OTHER = "other", _("Other")

    work = models.ForeignKey("corpus.Work", on_delete=models.CASCADE, related_name="requirements")
    code = models.CharField(_("code"), max_length=32)
    field = models.CharField(_("field"), max_length=32, choices=Field.choices, default=Field.OTHER)
    text = models.TextField(_("requirement"))
    source_eid = models.CharField(_("source provision"), max_length=255, blank=True)
    is_illustrative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["work", "field", "code"]
        constraints = [models.UniqueConstraint(fields=["work", "code"], name="unique_requirement_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:80]}"


class CoverageLink(models.Model):
    """A requirement mapped to a draft's provision (a version and an eId) or to a programme task:
    proposed by text similarity with its score, then confirmed (covering fully or partly) or rejected
    by a person."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    class Extent(models.TextChoices):
        FULL = "full", _("Covers fully")
        PARTIAL = "partial", _("Covers partly")

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="links")
    version = models.ForeignKey("drafting.Version", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    eid = models.CharField(max_length=255, blank=True)
    task = models.ForeignKey("implementation.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(null=True, blank=True, help_text=_("Similarity when proposed (0 to 1); empty: added by hand."))
    state = models.CharField(max_length=16, choices=State.choices, default=State.PROPOSED)
    extent = models.CharField(max_length=16, choices=Extent.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requirement", "-score", "id"]
        constraints = [
            models.CheckConstraint(condition=(models.Q(version__isnull=False) & ~models.Q(eid="")
                                              & models.Q(task__isnull=True))
                                   | (models.Q(version__isnull=True) & models.Q(eid="") & models.Q(task__isnull=False)),
                                   name="coverage_link_one_target"),
            models.UniqueConstraint(fields=["requirement", "version", "eid"], condition=models.Q(task__isnull=True),
                                    name="unique_coverage_provision"),
            models.UniqueConstraint(fields=["requirement", "task"], condition=models.Q(task__isnull=False),
                                    name="unique_coverage_task"),
        ]

    def __str__(self) -> str:
        target = f"{self.version} {self.eid}" if self.task_id is None else f"task {self.task_id}"
        return f"{self.requirement.code} → {target}"
