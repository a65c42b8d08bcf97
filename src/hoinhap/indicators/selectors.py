"""Reads of partners: the level of each partner, and the counts per level, as of any date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hoinhap.indicators.models import Level, PartnershipEvent

RANK = {level: rank for rank, level in enumerate(Level.values)}  # 0 is the highest


@dataclass(frozen=True)
class Standing:
    """A partner's framework as of a date: the latest event that had taken effect by then."""

    event: PartnershipEvent

    @property
    def level(self) -> str:
        return self.event.level


def partner_standings(as_of: date) -> list[Standing]:
    """Every partner with a framework as of ``as_of``, highest level first, then in the order the
    frameworks were established."""
    latest: dict[int, PartnershipEvent] = {}
    for event in PartnershipEvent.objects.select_related("partner"):
        if event.counts_from > as_of:
            continue
        held = latest.get(event.partner_id)
        if held is None or (event.counts_from, -RANK[event.level]) > (held.counts_from, -RANK[held.level]):
            latest[event.partner_id] = event
    standings = [Standing(event) for event in latest.values()]
    return sorted(standings, key=lambda s: (RANK[s.level], s.event.counts_from, s.event.partner.code))


def partner_counts(as_of: date) -> dict[str, int]:
    """``{"comprehensive_strategic": n, "strategic": n, "comprehensive": n, "total": n}``."""
    counts = dict.fromkeys(Level.values, 0)
    for standing in partner_standings(as_of):
        counts[standing.level] += 1
    return counts | {"total": sum(counts.values())}


def partner_rows(as_of: date) -> list[dict[str, Any]]:
    """``partner_standings`` as plain data (the CLI's and the API's JSON)."""
    return [{"code": s.event.partner.code, "name": s.event.partner.name, "name_en": s.event.partner.name_en,
             "level": s.level, "since": s.event.date.isoformat(), "when": s.event.when, "precision": s.event.precision,
             "uncertain": s.event.uncertain, "source": s.event.source} for s in partner_standings(as_of)]
