"""Reporting periods with the cut-offs of Decree 09/2019/NĐ-CP as provinces apply them: a month runs
from the 15th of the month before to the 14th; a quarter from the 15th of the month before it
starts to the 14th of its last month; the first half from 15 December to 14 June, the second from
15 June to 14 December; the year from 15 December to 14 December. [uncertain: the article of Decree
09 that fixes them; the dates come from Khánh Hòa QĐ 01/2023 quoting it.]"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

KINDS = ("month", "quarter", "half", "year")


@dataclass(frozen=True)
class Period:
    kind: str
    label: str  # "tháng 7/2025", "quý III/2025", "6 tháng đầu năm 2025", "năm 2025"
    start: date
    end: date


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def period(kind: str, year: int, number: int = 1) -> Period:
    """``number``: the month (1-12), quarter (1-4) or half (1-2); ignored for a year."""
    if kind == "month":
        end_year, end_month = year, number
        label = f"tháng {number}/{year}"
    elif kind == "quarter":
        end_year, end_month = year, number * 3
        label = f"quý {('I', 'II', 'III', 'IV')[number - 1]}/{year}"
    elif kind == "half":
        end_year, end_month = year, 6 * number
        label = f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    elif kind == "year":
        end_year, end_month = year, 12
        label = f"năm {year}"
    else:
        raise ValueError(f"unknown period kind {kind!r}; one of {', '.join(KINDS)}")
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    start_year, start_month = _shift(end_year, end_month, -months)
    return Period(kind, label, date(start_year, start_month, 15), date(end_year, end_month, 14))


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
