"""Read side of the Steering Committee's meeting cycle. Read policy (docs/institutions.md): everything
here is for signed-in readers, as tasks are: a meeting's record leads to its directives' tasks and to
the briefing pack, which names the agencies that are late. ``Unauthenticated`` otherwise."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hoinhap.core.errors import NotFound
from hoinhap.core.models import Organisation
from hoinhap.implementation import selectors as tasks
from hoinhap.implementation.models import Task
from hoinhap.steering.models import Directive, HostedEvent, Member, MultiYearPlan, SteeringMeeting
from hoinhap.steering.services import TO_BE_ASSIGNED_NAME

Reader = tasks.Reader
TRUSTED = tasks.TRUSTED


def meeting_list(*, reader: Reader = TRUSTED) -> QuerySet[SteeringMeeting]:
    tasks.require_reader(reader)
    return SteeringMeeting.objects.select_related("meeting").order_by("-meeting__held_on")


def meeting_get(held_on: date, *, reader: Reader = TRUSTED) -> SteeringMeeting:
    found = meeting_list(reader=reader).filter(meeting__held_on=held_on).first()
    if found is None:
        raise NotFound(_("no Steering Committee meeting on %(value)s") % {"value": held_on.isoformat()})
    return found


def members_on(day: date, *, reader: Reader = TRUSTED) -> list[Member]:
    """The committee on ``day``: the office holders whose term covers it (an unknown start counts as
    before), head first; each one's organisation as it stood on that day, after mergers."""
    tasks.require_reader(reader)
    rows = (Member.objects.select_related("organisation")
            .filter(Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day)))
    order = {role: rank for rank, role in enumerate(Member.Role.values)}
    members = sorted(rows, key=lambda m: (order[m.role], m.start or date.min, m.pk))
    for member in members:
        member.organisation_on = member.organisation.current(day) if member.organisation else None  # type: ignore[attr-defined]
    return members


def _placeholder_id() -> int | None:
    """The placeholder lead of directions without one (found, never created, by a read)."""
    return Organisation.objects.filter(name=TO_BE_ASSIGNED_NAME).order_by("pk").values_list("pk", flat=True).first()


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _statuses(task_ids: list[int], as_of: date) -> dict[int, Task]:
    """The tasks with their status bucket and due date in force on ``as_of``."""
    annotated = tasks.with_status(Task.objects.filter(pk__in=task_ids), as_of).select_related("lead")
    return {task.pk: task for task in annotated}


def directive_rows(directives: QuerySet[Directive] | list[Directive], as_of: date) -> list[dict[str, Any]]:
    """Each direction with its task's lead, deadline and status as of ``as_of``; a task not yet assigned
    on that day has no status (``bucket`` None)."""
    directives = list(directives)
    placeholder = _placeholder_id()
    found = _statuses([d.task_id for d in directives], as_of)
    rows = []
    for directive in directives:
        task = found.get(directive.task_id) or directive.task
        lead = None if task.lead_id == placeholder else task.lead
        rows.append({"meeting": directive.meeting.meeting.held_on.isoformat(), "position": directive.position,
                     "text": directive.text, "task": task.pk, "lead": lead.code if lead else None,
                     "lead_name": lead.name if lead else None,
                     "lead_named_in_conclusion": directive.lead_named, "deadline_text": task.deadline_text,
                     "due": _iso(getattr(task, "due", None)), "bucket": getattr(task, "bucket", None),
                     "directive_id": directive.pk})
    return rows


def directives_of(meeting: SteeringMeeting, as_of: date | None = None) -> list[dict[str, Any]]:
    """The meeting's own directions, status as of ``as_of`` (default: the meeting's date)."""
    day = as_of or meeting.meeting.held_on
    return directive_rows(meeting.directives.select_related("meeting__meeting", "task__lead"), day)


def follow_up(meeting: SteeringMeeting) -> list[dict[str, Any]]:
    """At this meeting, every direction given at an earlier one, with its status on this meeting's date."""
    held_on = meeting.meeting.held_on
    earlier = (Directive.objects.filter(meeting__meeting__held_on__lt=held_on)
               .select_related("meeting__meeting", "task__lead").order_by("meeting__meeting__held_on", "position"))
    return directive_rows(earlier, held_on)


def meeting_row(meeting: SteeringMeeting) -> dict[str, Any]:
    base = meeting.meeting
    return {"held_on": base.held_on.isoformat(), "title": base.title, "chaired_by": base.chaired_by,
            "place": meeting.place, "illustrative": meeting.is_illustrative, "source": meeting.source,
            "directive_count": meeting.directives.count()}


def meeting_detail(meeting: SteeringMeeting, as_of: date) -> dict[str, Any]:
    """A meeting as plain data (API, CLI): its agenda, the figures reported, its directions with their
    tasks' status as of ``as_of``, and the follow-up of earlier directions."""
    return {**meeting_row(meeting), "summary": meeting.summary, "as_of": as_of.isoformat(),
            "agenda": [{"position": a.position, "title": a.title, "presenter": a.presenter} for a in meeting.agenda.all()],
            "figures": [{"label": f.label, "value": f.value, "unit": f.unit, "period": f.period, "note": f.note}
                        for f in meeting.figures.all()],
            "directives": directives_of(meeting, as_of), "follow_up": follow_up(meeting)}


def plan_list(*, reader: Reader = TRUSTED) -> QuerySet[MultiYearPlan]:
    tasks.require_reader(reader)
    return MultiYearPlan.objects.select_related("programme").prefetch_related("milestones__task")


def upcoming_events(as_of: date, *, reader: Reader = TRUSTED) -> list[dict[str, Any]]:
    """The events the country hosts that are not over on ``as_of`` (public: they are announced), with
    the preparatory tasks' counts per status bucket on that day (None where the reader may not see
    aggregate counts, as on the overview)."""
    visible = tasks.counts_visible(reader)
    rows = []
    for event in HostedEvent.objects.filter(ends_on__gte=as_of).select_related("programme", "directive__meeting__meeting"):
        rows.append({"name": event.name, "date_text": event.date_text, "starts_on": event.starts_on.isoformat(),
                     "ends_on": event.ends_on.isoformat(), "place": event.place, "programme": event.programme.slug,
                     "illustrative": event.is_illustrative, "source": event.source,
                     "directive": None if event.directive is None else {
                         "meeting": event.directive.meeting.meeting.held_on.isoformat(),
                         "position": event.directive.position, "task": event.directive.task_id},
                     "tasks": tasks.status_counts(as_of, reader=reader, programme=event.programme) if visible else None})
    return rows
