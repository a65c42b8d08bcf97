"""Rules as plain functions with the date they apply from. An evaluation returns the amount,
whether the rule applies, the rule's version and a trace of every parameter used (value, date,
source, last verified). Outside its validity the answer is "not applicable" with the reason, never
an exception; only malformed input (a coefficient that is not a number) raises ``InputError``.

Open legal questions are explicit ``Settings`` (docs/mechanisms.md), not silent guesses."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from hoinhap.mechanisms.parameters import ParameterTable, ParameterValue


class InputError(ValueError):
    """An input the rule cannot read (named in the message)."""


@dataclass(frozen=True)
class Settings:
    """Answers to the questions the law leaves open; each can be changed per evaluation.

    - ``overlap``: a person in several categories gets "highest" (Art. 20 as drafted) or the "sum".
    - ``part_month``: with fewer days worked than the month has, pay in "full" or "prorate" by days.
    - ``salary_day``: the base salary and rates are those in force on the month's "first" or "last" day.
    """

    overlap: str = "highest"
    part_month: str = "full"
    salary_day: str = "first"

    @classmethod
    def from_pairs(cls, pairs: Mapping[str, str]) -> Settings:
        unknown = sorted(set(pairs) - set(cls.__dataclass_fields__))
        if unknown:
            raise InputError(f"unknown setting {', '.join(unknown)}: overlap, part_month or salary_day")
        return cls(**pairs)

    def __post_init__(self) -> None:
        for name, allowed in (("overlap", ("highest", "sum")), ("part_month", ("full", "prorate")),
                              ("salary_day", ("first", "last"))):
            if getattr(self, name) not in allowed:
                raise InputError(f"setting {name} must be one of {', '.join(allowed)}")


@dataclass
class Evaluation:
    rule: str
    version: str
    month: str
    applies: bool
    amount: int | None
    reason: str
    trace: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        try:
            year, month = (int(part) for part in text.split("-"))
            date(year, month, 1)
        except ValueError as error:
            raise InputError(f"month must be YYYY-MM: {text!r}") from error
        return cls(year, month)

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def day(self, which: str) -> date:
        return date(self.year, self.month, 1 if which == "first" else self.days)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Rule:
    name: str
    valid_from: date
    description: str
    inputs: Mapping[str, str]
    compute: Callable[[Month, Mapping[str, str], Settings, ParameterTable], Evaluation]

    @property
    def version(self) -> str:
        return f"{self.name}@{self.valid_from.isoformat()}"


def evaluate(rule: Rule, month: str, inputs: Mapping[str, str], settings: Settings | None = None,
             parameters: ParameterTable | None = None) -> Evaluation:
    period, chosen = Month.parse(month), settings or Settings()
    table = parameters or ParameterTable.shipped()
    if period.day("last") < rule.valid_from:
        return Evaluation(rule.name, rule.version, str(period), False, None,
                          f"the rule applies from {rule.valid_from.isoformat()}", settings=asdict(chosen))
    result = rule.compute(period, inputs, chosen, table)
    result.settings = asdict(chosen)
    return result


# -- salary support (Resolution 250/2025/QH15, Art. 18-20 as drafted) -------------------------------

CATEGORY_RATES = {"regular_staff": "support_rate_regular_staff", "specialist": "support_rate_specialist"}


def _decimal(inputs: Mapping[str, str], name: str, default: str | None = None) -> Decimal:
    raw = inputs.get(name, default)
    if raw is None:
        raise InputError(f"input {name} is required")
    try:
        return Decimal(str(raw).replace(",", "."))
    except InvalidOperation as error:
        raise InputError(f"input {name} must be a number: {raw!r}") from error


def _salary_support(period: Month, inputs: Mapping[str, str], settings: Settings,
                    table: ParameterTable) -> Evaluation:
    def answer(applies: bool, amount: int | None, reason: str, trace: list[ParameterValue]) -> Evaluation:
        return Evaluation("salary_support", SALARY_SUPPORT.version, str(period), applies, amount, reason,
                          [value.trace() for value in trace])

    coefficient = _decimal(inputs, "coefficient")
    if not Decimal("1") <= coefficient <= Decimal("12"):
        raise InputError(f"input coefficient must be a salary coefficient between 1 and 12: {coefficient}")
    categories = [c.strip() for c in inputs.get("categories", "regular_staff").split(",") if c.strip()]
    unknown = [c for c in categories if c not in CATEGORY_RATES]
    if unknown or not categories:
        raise InputError(f"input categories: one or more of {', '.join(CATEGORY_RATES)} (got {unknown or 'none'})")
    if "specialist" in categories and inputs.get("recruited", "yes").lower() not in ("yes", "true", "1"):
        categories.remove("specialist")  # Art. 19: only when recruited as a civil servant or public employee
        if not categories:
            return answer(False, None, "specialists are supported only when recruited as civil servants or "
                                       "public employees", [])
    day = period.day(settings.salary_day)
    base = table.at("base_salary", day)
    rates = [(c, table.at(CATEGORY_RATES[c], day)) for c in categories]
    missing = [CATEGORY_RATES[c] for c, rate in rates if rate is None] + ([] if base else ["base_salary"])
    if missing:
        return answer(False, None, f"not in force on {day.isoformat()}: {', '.join(missing)}", [])
    assert base is not None and base.value is not None
    percents = [rate.value for _, rate in rates if rate is not None and rate.value is not None]
    percent = max(percents) if settings.overlap == "highest" else sum(percents, Decimal(0))
    amount = coefficient * base.value * percent / 100
    worked = int(_decimal(inputs, "days_worked", str(period.days)))
    if not 0 <= worked <= period.days:
        raise InputError(f"input days_worked must be between 0 and {period.days}")
    if worked == 0:
        return answer(False, None, "no day worked in the month", [base] + [r for _, r in rates if r])
    if settings.part_month == "prorate":
        amount = amount * worked / period.days
    rounded = int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    reason = f"{coefficient} × {base.value:,} × {percent}%" + (
        f" × {worked}/{period.days} days" if settings.part_month == "prorate" and worked < period.days else "")
    return answer(True, rounded, reason, [base] + [r for _, r in rates if r])


SALARY_SUPPORT = Rule(
    name="salary_support",
    valid_from=date(2025, 12, 10),  # adoption of 250/2025/QH15; its effective date is not in the sources
    description="Monthly support: current salary coefficient × base salary × 100% (regular foreign-affairs and "
                "integration staff) or 300% (specialists recruited as civil servants or public employees), "
                "allowances excluded.",
    inputs={"coefficient": "current salary coefficient, e.g. 4.40",
            "categories": "regular_staff and/or specialist, comma-separated (default regular_staff)",
            "recruited": "specialists: yes if recruited as a civil servant or public employee (default yes)",
            "days_worked": "days worked in the month (default: all)"},
    compute=_salary_support,
)

RULES: dict[str, Rule] = {rule.name: rule for rule in (SALARY_SUPPORT,)}
