"""Real meetings from ``steering/data/meeting-*.json`` (written from the shared mission facts, with
their source): the meeting, its agenda, the figures reported, the members named, the conclusion's
directions as tasks and the events the directions prepare (dated as precisely as known). A direction
keeps no lead and no deadline unless the file names them. Loading twice changes nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from hoinhap.core.models import Organisation, User
from hoinhap.core.services import system_actor
from hoinhap.steering import services
from hoinhap.steering.models import SteeringMeeting

DATA = Path(__file__).parent / "data"


def load_real_meetings(actor: User | None = None) -> int:
    """Every meeting file not loaded yet; returns how many were loaded."""
    loaded = 0
    for path in sorted(DATA.glob("meeting-*.json")):
        if load_meeting(json.loads(path.read_text(encoding="utf-8")), actor or system_actor()):
            loaded += 1
    return loaded


def _organisation(code: str | None) -> Organisation | None:
    return Organisation.objects.filter(code=code).first() if code else None


@transaction.atomic
def load_meeting(record: dict[str, Any], actor: User) -> bool:
    """One meeting file; ``False`` when a meeting on its date exists already."""
    spec, source = record["meeting"], record["source"]
    held_on = date.fromisoformat(spec["held_on"])
    if SteeringMeeting.objects.filter(meeting__held_on=held_on).exists():
        return False
    meeting = services.meeting_create(actor=actor, title=spec["title"], held_on=held_on, chaired_by=spec["chaired_by"],
                                      place=spec["place"], summary=spec["summary"], source=source,
                                      body=_organisation(spec.get("body")))
    for title in record["agenda"]:
        services.agenda_add(actor=actor, meeting=meeting, title=title)
    for figure in record["figures"]:
        services.figure_add(actor=actor, meeting=meeting, **figure)
    for member in record["members"]:
        services.member_add(actor=actor, person=member["person"], office=member["office"], role=member["role"],
                            organisation=_organisation(member.get("organisation")),
                            source=f"{source} {member.get('note', '')}".strip())
    directions = [services.DirectiveSpec(text=item["text"], lead=_organisation(item.get("lead")),
                                         deadline_text=item.get("deadline", "")) for item in record["directives"]]
    services.conclusion_record(actor=actor, meeting=meeting, title=record["conclusion_title"], directives=directions,
                               slug=f"ket-luan-bcd-{held_on.isoformat()}")
    for event in record.get("events", []):
        services.event_create(actor=actor, slug=event["slug"], name=event["name"], date_text=event["date_text"],
                              starts_on=date.fromisoformat(event["starts_on"]), ends_on=date.fromisoformat(event["ends_on"]),
                              place=event["place"], source=source,
                              directive=meeting.directives.get(position=event["directive"]))
    return True
