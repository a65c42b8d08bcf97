"""Reads of indicators: each one as known on a date, with its target, judgement and chart. The chart
draws the series the data holds: the year-to-date figures, the figures of the period alone (when any
were released), and the target (a rate's level, or an amount's straight-line trajectory through the
year), each named in the legend."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hoinhap.indicators.charts import Series, plain, responsive_line_chart
from hoinhap.indicators.measures import Judgement, Observation, Target, TargetError, as_known_on, judge
from hoinhap.indicators.models import Indicator
from hoinhap.indicators.periods import Period


@dataclass
class IndicatorView:
    indicator: Indicator
    as_of: date
    known: list[Observation]  # year to date
    target: Target | None
    judgement: Judgement | None
    alone: list[Observation] = field(default_factory=list)  # the period alone (not year to date)

    @property
    def latest(self) -> Observation | None:
        return self.known[-1] if self.known else None

    def series(self) -> list[Series]:
        """What the chart draws, each series named for its legend."""
        drawn = [Series(_("Year to date"), [(str(o.period), o.value) for o in self.known])]
        if self.alone:
            drawn.append(Series(_("Period alone"), [(str(o.period), o.value) for o in self.alone]))
        target = self.target
        if target is not None and self.known:
            if self.indicator.kind == Indicator.Kind.RATE:  # the level itself, at every period
                line = [(str(o.period), target.reference) for o in self.known]
                drawn.append(Series(_("Target (%(target)s)") % {"target": target.written}, line, label_values="last"))
            else:  # an amount's yearly target, the share of it due by each period's end
                line = [(str(o.period), (target.reference * o.period.months_into_year / 12).quantize(Decimal("0.01")))
                        for o in self.known]
                drawn.append(Series(_("Target trajectory (%(target)s)") % {"target": target.written}, line))
        return drawn

    def chart(self) -> str:
        vietnamese = (get_language() or "vi").startswith("vi")
        name = self.indicator.name if vietnamese else self.indicator.name_en or self.indicator.name
        return responsive_line_chart(f"{name} ({self.indicator.unit})", self.series(), unit=self.indicator.unit,
                                     ident=f"chart-{self.indicator.code}", vietnamese=vietnamese)


def indicator_view(indicator: Indicator, as_of: date) -> IndicatorView:
    observations = [Observation(Period.parse(o.period), o.value, o.released, o.status, o.cumulative, o.source)
                    for o in indicator.observations.all()]
    known_all = as_known_on(observations, as_of)
    known = [o for o in known_all if o.cumulative]
    try:
        target = Target.parse(indicator.target, higher_is_better=indicator.higher_is_better) if indicator.target else None
    except TargetError:
        target = None
    judgement = judge(known[-1], target, kind=indicator.kind) if known and target else None
    return IndicatorView(indicator, as_of, known, target, judgement, [o for o in known_all if not o.cumulative])


def indicator_views(as_of: date) -> list[IndicatorView]:
    return [indicator_view(i, as_of) for i in Indicator.objects.prefetch_related("observations")]


def indicator_rows(as_of: date, views: list[IndicatorView] | None = None) -> list[dict[str, Any]]:
    """Each indicator as known on ``as_of``, as plain data (the CLI's and the API's JSON); ``views``, when
    the caller has read them already."""
    rows = []
    for view in indicator_views(as_of) if views is None else views:
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
