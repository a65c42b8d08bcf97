"""Reads of indicators: each one as known on a date, with its target, judgement and chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hoinhap.indicators.charts import line_chart, plain
from hoinhap.indicators.measures import Judgement, Observation, Target, TargetError, as_known_on, judge
from hoinhap.indicators.models import Indicator
from hoinhap.indicators.periods import Period


@dataclass
class IndicatorView:
    indicator: Indicator
    as_of: date
    known: list[Observation]
    target: Target | None
    judgement: Judgement | None

    @property
    def latest(self) -> Observation | None:
        return self.known[-1] if self.known else None

    def chart(self) -> str:
        points = [(str(o.period), o.value) for o in self.known]
        target = self.target
        rate = self.indicator.kind == Indicator.Kind.RATE  # an amount's target is a trajectory, not a line
        line = [(label, target.reference) for label, _ in points] if target and rate else []
        return line_chart(f"{self.indicator.name} ({self.indicator.unit})", points, target=line,
                          ident=f"chart-{self.indicator.code}")


def indicator_view(indicator: Indicator, as_of: date) -> IndicatorView:
    observations = [Observation(Period.parse(o.period), o.value, o.released, o.status, o.cumulative, o.source)
                    for o in indicator.observations.all()]
    known = [o for o in as_known_on(observations, as_of) if o.cumulative]
    try:
        target = Target.parse(indicator.target, higher_is_better=indicator.higher_is_better) if indicator.target else None
    except TargetError:
        target = None
    judgement = judge(known[-1], target, kind=indicator.kind) if known and target else None
    return IndicatorView(indicator, as_of, known, target, judgement)


def indicator_views(as_of: date) -> list[IndicatorView]:
    return [indicator_view(i, as_of) for i in Indicator.objects.prefetch_related("observations")]


def indicator_rows(as_of: date) -> list[dict[str, Any]]:
    """Each indicator as known on ``as_of``, as plain data (the CLI's and the API's JSON)."""
    rows = []
    for view in indicator_views(as_of):
        latest, judgement = view.latest, view.judgement
        rows.append({"code": view.indicator.code, "name": view.indicator.name, "name_en": view.indicator.name_en,
                     "unit": view.indicator.unit,
                     "target": view.indicator.target or None,
                     "latest": None if latest is None else {"period": str(latest.period), "value": plain(latest.value),
                                                            "status": latest.status,
                                                            "released": latest.released.isoformat()},
                     "on_track": None if judgement is None else judgement.on_track,
                     "explanation": None if judgement is None else judgement.explanation})
    return rows
