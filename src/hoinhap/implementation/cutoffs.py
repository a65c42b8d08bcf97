"""Reporting periods with the cut-offs of Decree 09/2019/NĐ-CP as provinces apply them: a month runs
from the 15th of the month before to the 14th; a quarter from the 15th of the month before it
starts to the 14th of its last month; the first half from 15 December to 14 June, the second from
15 June to 14 December; the year from 15 December to 14 December. [uncertain: the article of Decree
09 that fixes them; the dates come from Khánh Hòa QĐ 01/2023 quoting it.]"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hoinhap import formatting
from hoinhap.indicators.periods import PeriodError
from hoinhap.legal.errors import N_

KINDS = ("month", "quarter", "half", "year")


@dataclass(frozen=True)
class Period:
    kind: str
    label: str  # "tháng 7/2025", "quý III/2025", "6 tháng đầu năm 2025", "năm 2025" (hoinhap.formatting.period)
    start: date
    end: date


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def period(kind: str, year: int, number: int = 1) -> Period:
    """``number``: the month (1-12), quarter (1-4) or half (1-2); ignored for a year."""
    if kind not in KINDS:
        raise PeriodError(N_("unknown period kind %(kind)r; one of %(kinds)s"), kind=kind, kinds=", ".join(KINDS))
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    end_year, end_month = year, 12 if kind == "year" else number * months
    code = {"month": f"{year}-{number:02d}", "quarter": f"{year}-Q{number}", "half": f"{year}-H{number}",
            "year": f"{year}"}[kind]  # the statistics code, named by the one formatting module
    start_year, start_month = _shift(end_year, end_month, -months)
    return Period(kind, formatting.period(code), date(start_year, start_month, 15), date(end_year, end_month, 14))


def period_holding(kind: str, day: date) -> Period:
    """The period of ``kind`` whose cut-off window holds ``day``."""
    year, month = (day.year, day.month) if day.day <= 14 else _shift(day.year, day.month, 1)
    if kind == "month":
        return period("month", year, month)
    if kind == "quarter":
        return period("quarter", year, (month - 1) // 3 + 1)
    if kind == "half":
        return period("half", year, 1 if month <= 6 else 2)
    return period("year", year)


def previous(p: Period) -> Period:
    return period_holding(p.kind, p.start - timedelta(days=1))
