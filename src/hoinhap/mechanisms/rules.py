"""Rules as plain functions with the date they apply from. An evaluation returns the amount,
whether the rule applies, the rule's version and a trace of every parameter used (value, date,
source, last verified). Outside its validity the answer is "not applicable" with the reason, never
an exception; only malformed input (a coefficient that is not a number) raises ``InputError``.

Open legal questions are explicit ``Settings`` (docs/mechanisms.md), not silent guesses.

Messages for people (an input error, an evaluation's reason, a rule's description) are English
templates marked with ``N_`` and their values kept apart; ``mechanisms.messages`` says them in the
reader's language (Vietnamese on the pages and the command line), ``str()`` and the JSON keep English."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from hoinhap.legal.errors import N_
from hoinhap.mechanisms.parameters import ParameterTable, ParameterValue


class InputError(ValueError):
    """An input the rule cannot read (named in the message): ``template`` (marked with ``N_``) and its
    named ``params``; ``str(error)`` is the English sentence, for logs and the API's JSON."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)


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
            raise InputError(N_("unknown setting %(names)s: overlap, part_month or salary_day"),
                             names=", ".join(unknown))
        return cls(**pairs)

    def __post_init__(self) -> None:
        for name, allowed in (("overlap", ("highest", "sum")), ("part_month", ("full", "prorate")),
                              ("salary_day", ("first", "last"))):
            if getattr(self, name) not in allowed:
                raise InputError(N_("setting %(name)s must be one of %(allowed)s"), name=name,
                                 allowed=", ".join(allowed))


@dataclass
class Evaluation:
    rule: str
    version: str
    month: str
    applies: bool
    amount: int | None
    reason: str  # English, as the JSON has always given it; ``reason_template`` % ``reason_params``
    trace: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    reason_template: str = ""
    reason_params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The evaluation as JSON gives it (the reason in English; its template stays out)."""
        data = asdict(self)
        del data["reason_template"], data["reason_params"]
        return data


def _said(template: str, **params: Any) -> tuple[str, str, dict[str, Any]]:
    """A reason as (English sentence, template, values)."""
    return template % params if params else template, template, params


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
            raise InputError(N_("month must be YYYY-MM: %(month)r"), month=text) from error
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
        reason, template, values = _said(N_("the rule applies from %(date)s"), date=rule.valid_from)
        return Evaluation(rule.name, rule.version, str(period), False, None, reason, settings=asdict(chosen),
                          reason_template=template, reason_params=values)
    result = rule.compute(period, inputs, chosen, table)
    result.settings = asdict(chosen)
    return result


# -- salary support (Resolution 250/2025/QH15, Art. 18-20 as drafted) -------------------------------

CATEGORY_RATES = {"regular_staff": "support_rate_regular_staff", "specialist": "support_rate_specialist"}


def _decimal(inputs: Mapping[str, str], name: str, default: str | None = None) -> Decimal:
    raw = inputs.get(name, default)
    if raw is None:
        raise InputError(N_("input %(name)s is required"), name=name)
    try:
        return Decimal(str(raw).replace(",", "."))
    except InvalidOperation as error:
        raise InputError(N_("input %(name)s must be a number: %(value)r"), name=name, value=raw) from error


def _salary_support(period: Month, inputs: Mapping[str, str], settings: Settings,
                    table: ParameterTable) -> Evaluation:
    def answer(applies: bool, amount: int | None, reason: tuple[str, str, dict[str, Any]],
               trace: list[ParameterValue]) -> Evaluation:
        sentence, template, values = reason
        return Evaluation("salary_support", SALARY_SUPPORT.version, str(period), applies, amount, sentence,
                          [value.trace() for value in trace], reason_template=template, reason_params=values)

    coefficient = _decimal(inputs, "coefficient")
    if not Decimal("1") <= coefficient <= Decimal("12"):
        raise InputError(N_("input coefficient must be a salary coefficient between 1 and 12: %(value)s"),
                         value=coefficient)
    categories = [c.strip() for c in inputs.get("categories", "regular_staff").split(",") if c.strip()]
    unknown = [c for c in categories if c not in CATEGORY_RATES]
    if unknown or not categories:
        raise InputError(N_("input categories: one or more of %(allowed)s (got %(given)s)"),
                         allowed=", ".join(CATEGORY_RATES), given=", ".join(unknown) or "—")
    if "specialist" in categories and inputs.get("recruited", "yes").lower() not in ("yes", "true", "1"):
        categories.remove("specialist")  # Art. 19: only when recruited as a civil servant or public employee
        if not categories:
            return answer(False, None, _said(N_("specialists are supported only when recruited as civil servants "
                                                "or public employees")), [])
    day = period.day(settings.salary_day)
    base = table.at("base_salary", day)
    rates = [(c, table.at(CATEGORY_RATES[c], day)) for c in categories]
    missing = [CATEGORY_RATES[c] for c, rate in rates if rate is None] + ([] if base else ["base_salary"])
    if missing:
        return answer(False, None, _said(N_("not in force on %(date)s: %(names)s"), date=day,
                                         names=", ".join(missing)), [])
    assert base is not None and base.value is not None
    percents = [rate.value for _, rate in rates if rate is not None and rate.value is not None]
    percent = max(percents) if settings.overlap == "highest" else sum(percents, Decimal(0))
    amount = coefficient * base.value * percent / 100
    worked = int(_decimal(inputs, "days_worked", str(period.days)))
    if not 0 <= worked <= period.days:
        raise InputError(N_("input days_worked must be between 0 and %(days)s"), days=period.days)
    if worked == 0:
        return answer(False, None, _said(N_("no day worked in the month")), [base] + [r for _, r in rates if r])
    if settings.part_month == "prorate":
        amount = amount * worked / period.days
    rounded = int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    values = {"coefficient": coefficient, "base": base.value, "percent": percent, "worked": worked, "days": period.days}
    english = f"{coefficient} × {base.value:,} × {percent}%"  # the JSON's reason, as it has always read
    template = N_("%(coefficient)s × %(base)s × %(percent)s%%")
    if settings.part_month == "prorate" and worked < period.days:
        english += f" × {worked}/{period.days} days"
        template = N_("%(coefficient)s × %(base)s × %(percent)s%% × %(worked)s/%(days)s days")
    return answer(True, rounded, (english, template, values), [base] + [r for _, r in rates if r])


SALARY_SUPPORT = Rule(
    name="salary_support",
    valid_from=date(2025, 12, 10),  # adoption of 250/2025/QH15; its effective date is not in the sources
    description=N_("Monthly support: current salary coefficient × base salary × 100% (regular foreign-affairs and "
                "integration staff) or 300% (specialists recruited as civil servants or public employees), "
                "allowances excluded."),
    inputs={"coefficient": N_("current salary coefficient, e.g. 4.40"),
            "categories": N_("regular_staff and/or specialist, comma-separated (default regular_staff)"),
            "recruited": N_("specialists: yes if recruited as a civil servant or public employee (default yes)"),
            "days_worked": N_("days worked in the month (default: all)")},
    compute=_salary_support,
)

RULES: dict[str, Rule] = {rule.name: rule for rule in (SALARY_SUPPORT,)}
