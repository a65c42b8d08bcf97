"""Reporting periods as the statistics office publishes them: a year ("2025"), six months
("2025-H1"), a quarter ("2025-Q3") or a month ("2025-07"). Framework-free."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from hoinhap.legal.errors import N_

_PERIOD = re.compile(r"(?P<year>\d{4})(?:-(?:H(?P<half>[12])|Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?")
MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}


class PeriodError(ValueError):
    """Text that is not a period."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template  # marked with N_; translated where a person reads it
        self.params = params
        super().__init__(template % params if params else template)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    kind: str  # year, half, quarter, month

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PERIOD.fullmatch(text.strip())
        if not match:
            raise PeriodError(N_("not a period: %(text)r (2025, 2025-H1, 2025-Q3 or 2025-07)"), text=text)
        year = int(match["year"])
        if match["half"]:
            return cls(date(year, 1 + 6 * (int(match["half"]) - 1), 1), "half")
        if match["quarter"]:
            return cls(date(year, 1 + 3 * (int(match["quarter"]) - 1), 1), "quarter")
        if match["month"]:
            return cls(date(year, int(match["month"]), 1), "month")
        return cls(date(year, 1, 1), "year")

    @property
    def end(self) -> date:
        month = self.start.month + MONTHS[self.kind] - 1
        return date(self.start.year, month, calendar.monthrange(self.start.year, month)[1])

    @property
    def months_into_year(self) -> int:
        """How many months of its year the period reaches (a year-to-date figure covers these)."""
        return self.end.month

    def __str__(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "half":
            return f"{self.start.year}-H{1 + (self.start.month - 1) // 6}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{1 + (self.start.month - 1) // 3}"
        return f"{self.start:%Y-%m}"
