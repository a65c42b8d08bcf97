"""Working days in Viet Nam: weekends, public holidays and the day swaps announced for each year.

Decided years come from ``data/holidays-vn.tsv`` (the announcement of each year); any other year
follows the Labour Code 2019, Article 112: 1 January; Tết, five days (the lunar year's last day and
the first four of the new one); the Hùng Kings' day (10th of the 3rd lunar month); 30 April; 1 May;
2 September and the day before it. A holiday falling on a weekend gives the next working day off
(Article 112(3)). The lunar dates come from ``lunardate`` (the Chinese calendar, UTC+8; the
Vietnamese one, UTC+7, differs in rare years such as 1985 and 2007, so announced years override it).
Framework-free."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from lunardate import LunarDate

DATA = Path(__file__).with_name("data") / "holidays-vn.tsv"


@cache
def _announced() -> dict[int, dict[date, str]]:
    years: dict[int, dict[date, str]] = {}
    with DATA.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            day = date.fromisoformat(row["date"])
            years.setdefault(day.year, {})[day] = row["kind"]
    return years


def _lunar(year: int, month: int, day: int) -> date:
    solar: date = LunarDate(year, month, day).to_solar_date()
    return solar


@cache
def _labour_code(year: int) -> dict[date, str]:
    """The days off of a year not announced yet, by the Labour Code's rule."""
    new_year = _lunar(year, 1, 1)
    days = [date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 1), date(year, 9, 2),
            _lunar(year, 3, 10)]
    days += [new_year + timedelta(days=n) for n in range(-1, 4)]
    off = {day: "holiday" for day in days if day.year == year}
    for day in sorted(off):
        if day.weekday() >= 5:  # a holiday on a weekend: the next working day off
            extra = day + timedelta(days=1)
            while extra.weekday() >= 5 or extra in off:
                extra += timedelta(days=1)
            off[extra] = "swap_off"
    return off


def days_off(year: int) -> dict[date, str]:
    return _announced().get(year) or _labour_code(year)


def is_working_day(day: date) -> bool:
    kind = days_off(day.year).get(day)
    if kind == "swap_work":
        return True
    return day.weekday() < 5 and kind is None


def add_working_days(event: date, count: int) -> date:
    """The day that ends ``count`` working days counted from the day after ``event``."""
    day, left = event, count
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
