"""The briefing pack of a meeting, computed from live data as of the meeting's date with the
selectors the overview and the dashboards use: tasks by status (without the meeting's own
directions), overdue tasks by lead agency (mergers followed to the agency in charge on that day), the
open legal bottlenecks, the indicators against their targets as known on that day, the partners at
comprehensive partnership or higher, the meeting's agenda and the follow-up of every earlier
direction. The same data feeds the page and the Word file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hoinhap.implementation import buckets
from hoinhap.implementation import selectors as tasks
from hoinhap.implementation.models import Bottleneck
from hoinhap.indicators.indicator_selectors import indicator_rows, indicator_views
from hoinhap.indicators.selectors import partner_counts, partner_rows
from hoinhap.mechanisms.messages import said
from hoinhap.steering.models import SteeringMeeting
from hoinhap.steering.selectors import Reader, follow_up

OVERDUE_AGENCIES = 15


@dataclass
class BriefingPack:
    meeting: SteeringMeeting
    as_of: date
    counts: dict[str, int]
    overdue_by_agency: list[dict[str, Any]]
    bottlenecks: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    partner_counts: dict[str, int]
    partners: list[dict[str, Any]]
    agenda: list[str] = field(default_factory=list)
    follow_up: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {"held_on": self.meeting.meeting.held_on.isoformat(), "as_of": self.as_of.isoformat(),
                "counts": self.counts, "total": self.total, "overdue_by_agency": self.overdue_by_agency,
                "bottlenecks": self.bottlenecks, "indicators": self.indicators, "partner_counts": self.partner_counts,
                "partners": self.partners, "agenda": self.agenda, "follow_up": self.follow_up}


def _overdue_by_agency(as_of: date, reader: Reader) -> list[dict[str, Any]]:
    rows = tasks.agency_dashboard(as_of, reader=reader)
    return [{"code": row.organisation["code"], "name": row.organisation["name"],
             "overdue": row.counts[buckets.OVERDUE], "total": row.total}
            for row in rows if row.counts[buckets.OVERDUE]][:OVERDUE_AGENCIES]


def _open_bottlenecks(as_of: date) -> list[dict[str, Any]]:
    """Bottlenecks registered by ``as_of`` and not resolved. The register keeps only the current status
    (not its history), so one resolved since then is left out even for an earlier date."""
    items = (Bottleneck.objects.exclude(status=Bottleneck.Status.RESOLVED).filter(created_at__date__lte=as_of)
             .select_related("work", "responsible").order_by("target_date", "id"))
    return [{"document": item.work.number, "eid": item.eid, "problem": item.problem, "action": item.action,
             "responsible": item.responsible.name, "target_date": item.target_date.isoformat() if item.target_date else None,
             "status": item.status} for item in items]


def _counts_before_the_meeting(meeting: SteeringMeeting, as_of: date, reader: Reader) -> dict[str, int]:
    """Tasks by status on the meeting's date, without the directions the meeting itself gives (assigned
    that day, they are not known when the pack is prepared)."""
    counts = tasks.status_counts(as_of, reader=reader)
    for conclusion in meeting.meeting.conclusions.all():
        own = tasks.status_counts(as_of, reader=reader, programme=conclusion)
        counts = {bucket: counts[bucket] - own[bucket] for bucket in counts}
    return counts


def _indicators(as_of: date) -> list[dict[str, Any]]:
    """The indicators' rows, each judgement also said in the reader's language (``said``; the row's
    ``explanation`` stays the JSON's English)."""
    views = indicator_views(as_of)
    judged = {view.indicator.code: view.judgement for view in views}
    rows = indicator_rows(as_of, views)
    for row in rows:
        judgement = judged.get(row["code"])
        row["said"] = said(judgement.template, judgement.params) if judgement and judgement.template else None
    return rows


def briefing_pack(meeting: SteeringMeeting, *, reader: Reader = tasks.TRUSTED) -> BriefingPack:
    """The pack as of the meeting's date; ``reader`` must read every task (``require_reads_all``)."""
    tasks.require_reads_all(reader)
    as_of = meeting.meeting.held_on
    return BriefingPack(
        meeting=meeting, as_of=as_of, counts=_counts_before_the_meeting(meeting, as_of, reader),
        overdue_by_agency=_overdue_by_agency(as_of, reader), bottlenecks=_open_bottlenecks(as_of),
        indicators=_indicators(as_of), partner_counts=partner_counts(as_of), partners=partner_rows(as_of),
        agenda=[item.title for item in meeting.agenda.all()], follow_up=follow_up(meeting))
