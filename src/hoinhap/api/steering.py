"""Steering Committee endpoints of the JSON API: the meetings, one meeting by its date (agenda, the
figures reported, its directions with their tasks' status, the follow-up of earlier directions) and
its briefing pack; creating a meeting and recording its conclusion. Reads need a signed-in user (401
otherwise); writes are the secretariat's (403 otherwise); the services and selectors decide."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from hoinhap.api.common import actor, as_of_or_today
from hoinhap.api.common import organisation_or_none as _lead
from hoinhap.implementation.permissions import require_secretariat
from hoinhap.steering import selectors, services
from hoinhap.steering.briefing import briefing_pack

router = Router(tags=["steering"])


class MeetingOut(Schema):
    held_on: str
    title: str
    chaired_by: str
    place: str
    illustrative: bool
    source: str
    directive_count: int


class AgendaItemOut(Schema):
    position: int
    title: str
    presenter: str


class FigureOut(Schema):
    label: str
    value: str = Field(description="As reported (\"trên 514\", \"7,52\").")
    unit: str
    period: str
    note: str


class DirectiveOut(Schema):
    meeting: str = Field(description="The date of the meeting that gave the direction.")
    position: int
    text: str
    task: int
    lead: str | None = Field(description="The lead agency's code; null: lead to be assigned.")
    lead_name: str | None
    lead_named_in_conclusion: bool
    deadline_text: str
    due: str | None
    bucket: str | None = Field(description="The task's status bucket as of the detail's as_of.")
    directive_id: int


class MeetingDetailOut(MeetingOut):
    summary: str
    as_of: str
    agenda: list[AgendaItemOut]
    figures: list[FigureOut]
    directives: list[DirectiveOut]
    follow_up: list[DirectiveOut] = Field(description="Earlier meetings' directions, status on this meeting's date.")


class MeetingIn(Schema):
    title: str
    held_on: date
    chaired_by: str = ""
    place: str = ""
    summary: str = ""
    source: str = ""
    illustrative: bool = False


class DirectionIn(Schema):
    text: str
    lead: str | None = Field(default=None, description="An organisation code; none: lead to be assigned.")
    deadline: str = Field(default="", description="As written (\"quý IV/2025\", \"31/12/2025\"); empty: none.")


class ConclusionIn(Schema):
    title: str
    directions: list[DirectionIn]


class BriefingOut(Schema):
    held_on: str
    as_of: str
    counts: dict[str, int]
    total: int
    overdue_by_agency: list[dict[str, object]]
    bottlenecks: list[dict[str, object]]
    indicators: list[dict[str, object]]
    partner_counts: dict[str, int]
    partners: list[dict[str, object]]
    agenda: list[str]
    follow_up: list[DirectiveOut]


class EventDirectiveOut(Schema):
    meeting: str
    position: int
    task: int


class EventOut(Schema):
    name: str
    date_text: str = Field(description="The date as precisely as known (\"tháng 10/2025\", \"năm 2027\").")
    starts_on: str
    ends_on: str = Field(description="The last day it may be held: listed until then.")
    place: str
    programme: str = Field(description="The slug of the programme holding its preparatory tasks.")
    illustrative: bool
    source: str
    directive: EventDirectiveOut | None
    tasks: dict[str, int] | None = Field(description="Preparatory tasks per status bucket; null where counts are hidden.")



@router.get("/steering/meetings", response=list[MeetingOut])
def meeting_list(request: HttpRequest) -> object:
    return [selectors.meeting_row(m) for m in selectors.meeting_list(reader=actor(request))]


@router.get("/steering/meetings/{held_on}", response=MeetingDetailOut)
def meeting_by_date(request: HttpRequest, held_on: date, as_of: date | None = None) -> object:
    """The meeting held on ``held_on``; its directions' status as of ``as_of`` (default today)."""
    return selectors.meeting_detail(selectors.meeting_get(held_on, reader=actor(request)), as_of_or_today(as_of))


@router.get("/steering/meetings/{held_on}/briefing", response=BriefingOut)
def meeting_briefing(request: HttpRequest, held_on: date) -> object:
    """The briefing pack, from the data as of the meeting's date."""
    meeting = selectors.meeting_get(held_on, reader=actor(request))
    return briefing_pack(meeting, reader=actor(request)).as_dict()


@router.get("/steering/events", response=list[EventOut])
def hosted_events(request: HttpRequest, as_of: date | None = None) -> object:
    """Public: the events Vietnam hosts that are not over on ``as_of`` (default today)."""
    return selectors.upcoming_events(as_of_or_today(as_of), reader=actor(request))


@router.post("/steering/meetings", response={201: MeetingOut})
def meeting_create(request: HttpRequest, payload: MeetingIn) -> object:
    meeting = services.meeting_create(actor=actor(request), title=payload.title, held_on=payload.held_on,
                                      chaired_by=payload.chaired_by, place=payload.place, summary=payload.summary,
                                      source=payload.source, illustrative=payload.illustrative)
    return Status(201, selectors.meeting_row(meeting))


@router.post("/steering/meetings/{held_on}/conclusion", response={201: MeetingDetailOut})
def conclusion_create(request: HttpRequest, held_on: date, payload: ConclusionIn) -> object:
    """Record the conclusion notice's directions (appended to those recorded already); each becomes a task."""
    meeting = selectors.meeting_get(held_on, reader=actor(request))
    require_secretariat(actor(request))  # before the leads are looked up: no probing by others
    specs = [services.DirectiveSpec(text=d.text, lead=_lead(d.lead), deadline_text=d.deadline) for d in payload.directions]
    services.conclusion_record(actor=actor(request), meeting=meeting, title=payload.title, directives=specs)
    return Status(201, selectors.meeting_detail(meeting, as_of_or_today(None)))
