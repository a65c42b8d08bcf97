"""Targets as written ("8% trở lên", "từ 6,5 đến 7%"), observations with vintages, the view "as
known on date D", and the on-track judgement. Framework-free: the models hand these plain values in.

Vintages: a figure for one period may be released several times (preliminary, then revised); the
view as known on D takes, per period, the latest release on or before D, so it is reproducible.

On track: for a rate (growth, %), the latest year-to-date figure is compared with the target; for
an amount with a yearly target (exports, FDI), the year-to-date figure is compared with the
straight-line trajectory, target × months elapsed / 12 (a seasonal profile would be better and is
left as a setting to add)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hoinhap.indicators.periods import Period
from hoinhap.legal.errors import N_

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_TARGET_FORMS = (
    (re.compile(rf"(?:từ\s+)?{_NUMBER}\s*%?\s*(?:-|–|đến)\s*{_NUMBER}", re.I), "range"),
    (re.compile(rf"{_NUMBER}[^\d]*?(?:trở lên|or more|at least)", re.I), "min"),
    (re.compile(rf"(?:trên|over|above|more than)\s+{_NUMBER}", re.I), "above"),
    (re.compile(rf"(?:dưới|below|under|less than)\s+{_NUMBER}", re.I), "below"),
    (re.compile(rf"(?:không quá|tối đa|at most)\s+{_NUMBER}", re.I), "max"),
    (re.compile(rf"(?:khoảng|about|around)?\s*{_NUMBER}", re.I), "bare"),
)


class TargetError(ValueError):
    """A target written in a form this module does not read."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template  # marked with N_; translated where a person reads it
        self.params = params
        super().__init__(template % params if params else template)


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


@dataclass(frozen=True)
class Target:
    """``written`` as in the document; ``low``/``high`` bound what meets it (None: unbounded)."""

    written: str
    low: Decimal | None
    high: Decimal | None
    strict: bool = False  # "trên 8%" must exceed 8; "8% trở lên" may equal it

    @classmethod
    def parse(cls, written: str, *, higher_is_better: bool = True) -> Target:
        """A bare figure ("8%", "khoảng 8%") is a floor when more is better, else a ceiling."""
        for pattern, form in _TARGET_FORMS:
            match = pattern.search(written)
            if match:
                first = _decimal(match.group(1))
                if form == "range":
                    return cls(written, first, _decimal(match.group(2)))
                return {"min": cls(written, first, None), "above": cls(written, first, None, strict=True),
                        "below": cls(written, None, first, strict=True), "max": cls(written, None, first),
                        "bare": cls(written, first, None) if higher_is_better else cls(written, None, first)}[form]
        raise TargetError(N_("cannot read the target %(target)r"), target=written)

    @property
    def reference(self) -> Decimal:
        """The figure a value is held against: the floor, or the ceiling when there is none."""
        value = self.low if self.low is not None else self.high
        assert value is not None  # every form parse() reads sets one bound at least
        return value

    def met_by(self, value: Decimal) -> bool:
        if self.low is not None and (value < self.low or (self.strict and value == self.low)):
            return False
        return not (self.high is not None and (value > self.high or (self.strict and value == self.high)))


@dataclass(frozen=True)
class Observation:
    period: Period
    value: Decimal
    released: date
    status: str = "preliminary"  # preliminary, revised, official
    cumulative: bool = True  # year to date, as the statistics office reports most figures
    source: str = ""


def as_known_on(observations: Iterable[Observation], day: date) -> list[Observation]:
    """Per period, the latest release on or before ``day``; in period order."""
    latest: dict[tuple[Period, bool], Observation] = {}
    for observation in observations:
        if observation.released > day:
            continue
        key = (observation.period, observation.cumulative)
        held = latest.get(key)
        if held is None or observation.released > held.released:
            latest[key] = observation
    return sorted(latest.values(), key=lambda o: (o.period.end, o.period.kind != "month"))


@dataclass(frozen=True)
class Judgement:
    on_track: bool
    compared: Decimal  # what the figure was held against
    explanation: str  # English (the JSON's); ``template`` % ``params`` is said in the reader's language
    template: str = ""
    params: dict[str, object] = field(default_factory=dict)


def judge(latest: Observation, target: Target, *, kind: str) -> Judgement:
    """``kind`` "rate": the year-to-date figure against the target itself; "amount": against the
    straight-line share of a yearly target for the months the figure covers."""
    if kind == "rate":
        return Judgement(target.met_by(latest.value), target.reference,
                         f"{latest.value} in {latest.period} against {target.written}",
                         N_("%(value)s in %(period)s against %(target)s"),
                         {"value": latest.value, "period": latest.period, "target": target.written})
    share = Decimal(latest.period.months_into_year) / 12
    bounds = Target(target.written, None if target.low is None else target.low * share,
                    None if target.high is None else target.high * share, target.strict)
    reference = bounds.reference
    months = latest.period.months_into_year
    return Judgement(bounds.met_by(latest.value), reference.quantize(Decimal("0.01")),
                     f"{latest.value} by {latest.period} against {reference:.2f} ({months}/12 of {target.written})",
                     N_("%(value)s by %(period)s against %(reference)s (%(months)s/12 of %(target)s)"),
                     {"value": latest.value, "period": latest.period, "reference": reference.quantize(Decimal("0.01")),
                      "months": months, "target": target.written})
