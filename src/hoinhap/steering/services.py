"""Write path of the Steering Committee's meeting cycle: members, a meeting and its agenda, the
figures reported there, the conclusion notice whose directives become tasks (kind ``directive``),
the lead assigned later to a directive the notice left without one, and multi-year plans with
their yearly milestones. The secretariat writes (``implementation.permissions``); every write is
audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import Conflict, ValidationFailed
from hoinhap.core.limits import NAME_CHARS, check_lengths, text_chars
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.implementation import collective
from hoinhap.implementation import services as implementation
from hoinhap.implementation.models import Meeting, Programme, Task
from hoinhap.implementation.permissions import require_secretariat
from hoinhap.steering.models import (
    AgendaItem,
    Directive,
    HostedEvent,
    Member,
    Milestone,
    MultiYearPlan,
    ReportedFigure,
    SteeringMeeting,
)

# A task needs a lead (``Task.lead`` is required); a direction whose notice names none leads with this
# placeholder, the same one task extraction uses for a row without a lead, until a lead is assigned.
TO_BE_ASSIGNED_CODE = "CHUA-GIAO"
TO_BE_ASSIGNED_NAME = "Chưa xác định cơ quan chủ trì"


def lead_to_be_assigned() -> Organisation:
    """The placeholder lead, created the first time it is needed."""
    found = Organisation.objects.filter(name=TO_BE_ASSIGNED_NAME).order_by("pk").first()
    if found is None:
        found, _ = Organisation.objects.get_or_create(
            code=TO_BE_ASSIGNED_CODE, defaults={"name": TO_BE_ASSIGNED_NAME, "name_en": "Lead to be assigned",
                                                "kind": Organisation.Kind.OTHER})
    return found


@transaction.atomic
def member_add(*, actor: User | None, person: str, office: str, role: str, organisation: Organisation | None = None,
               start: date | None = None, end: date | None = None, source: str = "",
               illustrative: bool = False) -> Member:
    require_secretariat(actor)
    if not person.strip() or not office.strip():
        raise ValidationFailed(_("a member needs a person and an office"))
    if role not in Member.Role.values:
        raise ValidationFailed(_("unknown role %(role)r") % {"role": role}, allowed=list(Member.Role.values))
    if start and end and end < start:
        raise ValidationFailed(_("a member leaves office after taking it"))
    check_lengths(NAME_CHARS, person=person, office=office)
    check_lengths(text_chars(), source=source)
    member = Member.objects.create(person=person.strip(), office=office.strip(), role=role, organisation=organisation,
                                   start=start, end=end, source=source, is_illustrative=illustrative)
    log_action(actor, "steering.member.added", member, {"role": role, "start": start and start.isoformat()})
    return member


@transaction.atomic
def meeting_create(*, actor: User | None, title: str, held_on: date, chaired_by: str = "", place: str = "",
                   summary: str = "", source: str = "", body: Organisation | None = None,
                   illustrative: bool = False) -> SteeringMeeting:
    """A meeting of the committee; one a day (it is found by its date)."""
    require_secretariat(actor)
    if not title.strip():
        raise ValidationFailed(_("a meeting needs a title"))
    check_lengths(NAME_CHARS, title=title, chaired_by=chaired_by, place=place)
    check_lengths(text_chars(), summary=summary, source=source)
    if SteeringMeeting.objects.filter(meeting__held_on=held_on).exists():
        raise Conflict(_("a Steering Committee meeting on %(day)s exists already") % {"day": f"{held_on:%d/%m/%Y}"})
    meeting = Meeting.objects.create(title=title.strip(), held_on=held_on, chaired_by=chaired_by, body=body)
    steering = SteeringMeeting.objects.create(meeting=meeting, place=place, summary=summary, source=source,
                                              is_illustrative=illustrative)
    log_action(actor, "steering.meeting.created", steering, {"held_on": held_on.isoformat()})
    return steering


@transaction.atomic
def agenda_add(*, actor: User | None, meeting: SteeringMeeting, title: str, presenter: str = "") -> AgendaItem:
    require_secretariat(actor)
    if not title.strip():
        raise ValidationFailed(_("an agenda item needs a title"))
    check_lengths(text_chars(), title=title)
    check_lengths(NAME_CHARS, presenter=presenter)
    position = meeting.agenda.count() + 1
    item = AgendaItem.objects.create(meeting=meeting, position=position, title=title.strip(), presenter=presenter)
    log_action(actor, "steering.agenda.added", meeting, {"position": position})
    return item


@transaction.atomic
def figure_add(*, actor: User | None, meeting: SteeringMeeting, label: str, value: str, unit: str = "",
               period: str = "", note: str = "") -> ReportedFigure:
    require_secretariat(actor)
    check_lengths(NAME_CHARS, label=label)
    check_lengths(64, value=value, unit=unit, period=period)
    if not label.strip() or not value.strip():
        raise ValidationFailed(_("a figure needs a label and a value"))
    figure = ReportedFigure.objects.create(meeting=meeting, label=label, value=value, unit=unit, period=period,
                                           note=note)
    log_action(actor, "steering.figure.added", meeting, {"label": label, "value": value})
    return figure


@dataclass
class DirectiveSpec:
    """A direction as the notice gives it: no lead and no deadline unless the notice names them."""

    text: str
    lead: Organisation | None = None
    deadline_text: str = ""
    coordinators: list[Organisation] = field(default_factory=list)


@transaction.atomic
def conclusion_record(*, actor: User | None, meeting: SteeringMeeting, title: str,
                      directives: Iterable[DirectiveSpec], slug: str = "") -> Programme:
    """The conclusion notice: a programme of kind ``conclusion`` (created once per meeting) and one task
    of kind ``directive`` per direction, appended after those recorded already."""
    require_secretariat(actor)
    specs = list(directives)
    if not specs:
        raise ValidationFailed(_("a conclusion needs at least one direction"))
    programme = conclusion_of(meeting)
    if programme is None:
        held_on = meeting.meeting.held_on
        programme = implementation.programme_create(
            actor=actor, slug=slug or f"ket-luan-bcd-{held_on.isoformat()}", title=title, kind=Programme.Kind.CONCLUSION,
            meeting=meeting.meeting, effective_from=held_on, illustrative=meeting.is_illustrative)
    for spec in specs:
        _directive_add(actor=actor, meeting=meeting, programme=programme, spec=spec)
    log_action(actor, "steering.conclusion.recorded", meeting, {"programme": programme.slug, "directives": len(specs)})
    return programme


def conclusion_of(meeting: SteeringMeeting) -> Programme | None:
    return meeting.meeting.conclusions.filter(kind=Programme.Kind.CONCLUSION).order_by("pk").first()


def _directive_add(*, actor: User | None, meeting: SteeringMeeting, programme: Programme, spec: DirectiveSpec) -> Directive:
    if not spec.text.strip():
        raise ValidationFailed(_("a direction needs its text"))
    position = meeting.directives.count() + 1
    task = implementation.task_create(
        actor=actor, programme=programme, title=spec.text, lead=spec.lead or lead_to_be_assigned(),
        deadline_text=spec.deadline_text, coordinators=spec.coordinators, kind=Task.Kind.DIRECTIVE, number=str(position))
    return Directive.objects.create(meeting=meeting, position=position, text=spec.text.strip(),
                                    lead_named=spec.lead is not None, task=task)


@transaction.atomic
def directive_assign_lead(*, actor: User | None, directive: Directive, lead: Organisation,
                          deadline_text: str | None = None) -> Directive:
    """The lead (and a deadline, if one is set now) of a direction the notice left without one; the task's
    record changes through ``task_update``, which audits the previous values."""
    require_secretariat(actor)
    if lead.pk == lead_to_be_assigned().pk:
        raise ValidationFailed(_("choose the agency that will lead"))
    implementation.task_update(actor=actor, task=directive.task, lead=lead, deadline_text=deadline_text)
    # a group named as the lead ("các bộ, ngành, địa phương"): one subtask per member agency
    collective.expand_if_collective(actor=actor, task=directive.task, today=timezone.localdate())
    log_action(actor, "steering.directive.lead_assigned", directive.meeting,
               {"directive": directive.position, "lead": lead.code})
    return directive


@transaction.atomic
def plan_create(*, actor: User | None, slug: str, title: str, first_year: int, last_year: int,
                owner: Organisation | None = None, illustrative: bool = False) -> MultiYearPlan:
    """A multi-year programme (such as the Work Plan 2026–2030): its tasks are the programme's, its
    milestones are yearly."""
    require_secretariat(actor)
    if not 2000 <= first_year <= last_year <= 2100:
        raise ValidationFailed(_("the plan's years run from its first to its last year"))
    programme = implementation.programme_create(actor=actor, slug=slug, title=title, owner=owner,
                                                effective_from=date(first_year, 1, 1), illustrative=illustrative)
    plan = MultiYearPlan.objects.create(programme=programme, first_year=first_year, last_year=last_year)
    log_action(actor, "steering.plan.created", programme, {"years": [first_year, last_year]})
    return plan


@transaction.atomic
def milestone_add(*, actor: User | None, plan: MultiYearPlan, year: int, title: str, task: Task | None = None) -> Milestone:
    require_secretariat(actor)
    if not plan.first_year <= year <= plan.last_year:
        raise ValidationFailed(_("the plan runs from %(first_year)s to %(last_year)s")
                               % {"first_year": plan.first_year, "last_year": plan.last_year})
    if not title.strip():
        raise ValidationFailed(_("a milestone needs a title"))
    check_lengths(text_chars(), title=title)
    if task is not None and task.programme_id != plan.programme_id:
        raise ValidationFailed(_("a milestone's task belongs to the plan"))
    milestone = Milestone.objects.create(plan=plan, year=year, title=title.strip(), task=task)
    log_action(actor, "steering.milestone.added", plan.programme, {"year": year})
    return milestone


@transaction.atomic
def event_create(*, actor: User | None, slug: str, name: str, date_text: str, starts_on: date, ends_on: date,
                 place: str = "", source: str = "", directive: Directive | None = None,
                 illustrative: bool = False) -> HostedEvent:
    """An event the country hosts, with a programme for its preparatory tasks (added as any task is)."""
    require_secretariat(actor)
    if not name.strip() or not date_text.strip():
        raise ValidationFailed(_("an event needs a name and its date as known"))
    if ends_on < starts_on:
        raise ValidationFailed(_("an event ends after it starts"))
    check_lengths(64, date_text=date_text)
    check_lengths(NAME_CHARS, place=place)
    check_lengths(text_chars(), name=name, source=source)
    programme = implementation.programme_create(actor=actor, slug=slug, title=f"Chuẩn bị: {name.strip()}",
                                                effective_from=directive.meeting.meeting.held_on if directive else None,
                                                illustrative=illustrative)
    event = HostedEvent.objects.create(programme=programme, name=name.strip(), date_text=date_text.strip(),
                                       starts_on=starts_on, ends_on=ends_on, place=place, source=source,
                                       directive=directive, is_illustrative=illustrative)
    log_action(actor, "steering.event.created", programme, {"starts_on": starts_on.isoformat(), "place": place})
    return event
