"""Deadlines as written in Vietnamese programmes, computed to dates with explicit rules.

"31/12/2025" is that day; "6/2025" or "tháng 6 năm 2025" the month's last day; "quý III/2025"
the quarter's last day; "6 tháng đầu năm 2025" 30 June; "2025" or "năm 2025" 31 December;
"2026-2030" or "Quý IV/2025 - Quý II/2026" (a span) due at its end; "thường xuyên" continuous (no due
date); "Từ năm 2026", "Năm 2025 và các năm tiếp theo" continuous from a start (no due date); "Theo
tiến độ …", "Theo yêu cầu", "Khi có phát sinh" as required (never a date); "hằng năm",
"hằng quý", "hằng tháng" recurring (due at each period's end, or on the day named: "trước ngày 15/12
hằng năm"); "trong vòng 6 tháng kể từ ngày Nghị quyết có hiệu lực" relative to an anchor date (the
programme's entry into force): N months later, the same day number clipped to the month's end, or
N days later, or N working days later ("15 ngày làm việc kể từ …": counted from the day after,
skipping weekends and public holidays, see ``holidays``). What cannot be read is kept as written,
kind ``unknown``, never guessed.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

DATE = "date"
MONTH = "month"
QUARTER = "quarter"
HALF = "half"
YEAR = "year"
CONTINUOUS = "continuous"
RECURRING = "recurring"
RELATIVE = "relative"
SPAN = "span"
CONTINUOUS_FROM = "continuous_from"
AS_REQUIRED = "as_required"
UNKNOWN = "unknown"
# Kinds with no due date that count in the "continuous or recurring" bucket, never overdue.
NEVER_DUE = ("continuous", "recurring", "continuous_from", "as_required")

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Deadline:
    """A deadline as written and as computed. ``due`` is None for continuous, recurring (see
    ``due_for``), unknown, and relative deadlines whose anchor is not known yet."""

    text: str
    kind: str
    due: date | None = None
    every: str = ""  # recurring: "year", "quarter", "month"
    day: tuple[int, int] | None = None  # recurring with a day named: (day, month) or (day, 0) each month
    offset_months: int = 0
    offset_days: int = 0
    rule: str = ""
    working_days: int = 0
    start: date | None = None  # continuous from: the first day

    @property
    def continuous(self) -> bool:
        return self.kind in NEVER_DUE

    def due_for(self, as_of: date) -> date | None:
        """The due date that counts on ``as_of``: the fixed one, or the current period's for a recurring deadline."""
        if self.kind != RECURRING:
            return self.due
        return next(recurring_dues(self, as_of, as_of))

    def anchored(self, anchor: date) -> Deadline:
        """A relative deadline computed from its anchor date (other kinds are returned unchanged)."""
        if self.kind != RELATIVE:
            return self
        if self.working_days:
            from hoinhap.implementation.holidays import add_working_days

            due = add_working_days(anchor, self.working_days)
        else:
            due = add_months(anchor, self.offset_months) + timedelta(days=self.offset_days)
        return Deadline(self.text, RELATIVE, due, offset_months=self.offset_months, offset_days=self.offset_days,
                        rule=f"{self.rule}, from {anchor.isoformat()}", working_days=self.working_days)


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("hàng", "hằng").replace("quí", "quý")
    return re.sub(r"\s+", " ", text).strip(" .;:")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(start: date, months: int) -> date:
    """Calendar months later, the same day number clipped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


_YEAR = r"((?:19|20)\d\d)"
_Q = r"quý (i{1,3}|iv|[1-4])\s*(?:/|-|–|,|năm)?\s*" + _YEAR
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("as_required", re.compile(r"^(?:thực hiện )?theo (?:tiến độ|yêu cầu|kế hoạch|lộ trình|kết quả|chỉ đạo|đề nghị"
                               r"|đề xuất|quy định)|^khi có (?:phát sinh|yêu cầu)|^sau khi có")),
    ("continuous", re.compile(r"^(?:thực hiện )?(nhiệm vụ )?(thường xuyên|liên tục)(,? liên tục)?( hằng năm)?$"
                              r"|^thường xuyên,")),
    ("working_days", re.compile(r"(?:trong (?:vòng |thời hạn )?|sau )?(\d+) ngày làm việc,? (?:kể )?từ (?:ngày )?(.+)")),
    ("relative", re.compile(r"(?:trong (?:vòng|thời hạn)|sau) (\d+) (tháng|ngày) (?:kể )?từ (?:ngày )?(.+)")),
    ("recurring_day", re.compile(r"trước ngày (\d{1,2})[/-](\d{1,2}) hằng năm"
                                 r"|hằng năm,? trước ngày (\d{1,2})[/-](\d{1,2})")),
    ("recurring_month", re.compile(r"^(?:trong |trước )?tháng (\d{1,2}) hằng năm$")),
    ("recurring", re.compile(r"^(?:định kỳ )?hằng (năm|quý|tháng)$|^(?:báo cáo )?định kỳ hằng (năm|quý|tháng)")),
    ("quarter_span", re.compile(_Q + r"\s*(?:-|–|đến)\s*" + _Q)),
    ("date", re.compile(r"(?:ngày )?(\d{1,2})[/-](\d{1,2})[/-]" + _YEAR + r"$")),
    ("date_words", re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm " + _YEAR)),
    ("iso", re.compile(_YEAR + r"-(\d\d)-(\d\d)$")),
    ("quarter", re.compile(_Q)),
    ("half", re.compile(r"6 tháng (đầu|cuối) năm " + _YEAR)),
    ("month", re.compile(r"^(?:trong |trước |hoàn thành trong )?(?:tháng )?(\d{1,2})\s*(?:/|năm)\s*" + _YEAR + r"$")),
    ("range", re.compile(r"(?:giai đoạn |từ )?(?:năm )?" + _YEAR + r"\s*(?:-|–|đến)\s*(?:năm )?" + _YEAR)),
    ("continuous_from", re.compile(r"^(?:(?:bắt đầu|tiếp tục) )?(?:triển khai |thực hiện )?(?:từ )?(?:năm )?" + _YEAR
                                   + r" (?:và|trở đi)|^(?:(?:bắt đầu|tiếp tục) )?(?:triển khai |thực hiện )?từ năm "
                                   + _YEAR)),
    ("before_year", re.compile(r"trước năm " + _YEAR)),
    ("year", re.compile(r"^(?:trong |trước |hoàn thành trong |quý iv )?(?:năm )?" + _YEAR + r"$")),
    ("month_anywhere", re.compile(r"tháng (\d{1,2})\s*(?:/|năm)\s*" + _YEAR)),
    ("year_anywhere", re.compile(r"năm " + _YEAR)),
]
_EVERY = {"năm": "year", "quý": "quarter", "tháng": "month"}


def parse_deadline(text: str, *, anchor: date | None = None) -> Deadline:
    """Read a deadline as written; ``anchor`` computes relative ones (the programme's entry into force)."""
    normal = _normal(text)
    for name, pattern in _PATTERNS:
        match = _last(pattern, normal) if name == "month_anywhere" else pattern.search(normal)
        if match is None:
            continue
        deadline = _build(name, match, text.strip())
        if deadline is not None:
            return deadline.anchored(anchor) if anchor and deadline.kind == RELATIVE else deadline
    return Deadline(text.strip(), UNKNOWN, rule="not a deadline hoinhap can read; kept as written")


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match: "tháng 4/2025 …; … tháng 5/2025": the task ends at its last milestone."""
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


def _build(name: str, m: re.Match[str], text: str) -> Deadline | None:
    try:
        return _BUILDERS[name](m, text)
    except ValueError:  # 31/02/2025, month 13: not a date, so not this form
        return None


def _relative(m: re.Match[str], text: str) -> Deadline:
    n, unit = int(m.group(1)), m.group(2)
    months, days = (n, 0) if unit == "tháng" else (0, n)
    return Deadline(text, RELATIVE, offset_months=months, offset_days=days,
                    rule=f"{n} {'months' if months else 'days'} after {m.group(3)}")


def _working_days(m: re.Match[str], text: str) -> Deadline:
    n = int(m.group(1))
    return Deadline(text, RELATIVE, working_days=n,
                    rule=f"{n} working days after {m.group(2)}, counted from the day after")


def _continuous_from(m: re.Match[str], text: str) -> Deadline:
    year = int(m.group(1) or m.group(2))
    return Deadline(text, CONTINUOUS_FROM, start=date(year, 1, 1), rule=f"continuous from {year}: no due date")


def _quarter_span(m: re.Match[str], text: str) -> Deadline:
    quarter = ROMAN.get(m.group(3)) or int(m.group(3))
    return Deadline(text, SPAN, month_end(int(m.group(4)), quarter * 3), rule="a span: the last quarter's last day")


def _recurring_day(m: re.Match[str], text: str) -> Deadline:
    day, month = (int(g) for g in (m.group(1) or m.group(3), m.group(2) or m.group(4)))
    date(2000, month, day)  # validates
    return Deadline(text, RECURRING, every="year", day=(day, month), rule=f"each year by {day:02d}/{month:02d}")


def _recurring(m: re.Match[str], text: str) -> Deadline:
    every = _EVERY[m.group(1) or m.group(2)]
    return Deadline(text, RECURRING, every=every, rule=f"each {every}, by the period's last day")


def _quarter(m: re.Match[str], text: str) -> Deadline:
    quarter = ROMAN.get(m.group(1)) or int(m.group(1))
    return Deadline(text, QUARTER, month_end(int(m.group(2)), quarter * 3), rule="the quarter's last day")


def _half(m: re.Match[str], text: str) -> Deadline:
    year = int(m.group(2))
    return Deadline(text, HALF, date(year, 6, 30) if m.group(1) == "đầu" else date(year, 12, 31),
                    rule="the half-year's last day")


def _day_month_year(m: re.Match[str], text: str) -> Deadline:
    return Deadline(text, DATE, date(int(m.group(3)), int(m.group(2)), int(m.group(1))), rule="that day")


_BUILDERS: dict[str, Callable[[re.Match[str], str], Deadline]] = {
    "as_required": lambda m, text: Deadline(text, AS_REQUIRED, rule="as required: kept as written, no date"),
    "continuous": lambda m, text: Deadline(text, CONTINUOUS, rule="continuous: no due date"),
    "working_days": _working_days,
    "continuous_from": _continuous_from,
    "quarter_span": _quarter_span,
    "recurring_month": lambda m, text: Deadline(
        text, RECURRING, every="year", day=(month_end(2001, int(m.group(1))).day, int(m.group(1))),
        rule=f"each year by the end of month {int(m.group(1))}"),
    "before_year": lambda m, text: Deadline(text, YEAR, date(int(m.group(1)) - 1, 12, 31),
                                            rule="before the year: 31 December of the year before"),
    "relative": _relative,
    "recurring_day": _recurring_day,
    "recurring": _recurring,
    "date": _day_month_year,
    "date_words": _day_month_year,
    "iso": lambda m, text: Deadline(text, DATE, date(int(m.group(1)), int(m.group(2)), int(m.group(3))), rule="that day"),
    "quarter": _quarter,
    "half": _half,
    "month": lambda m, text: Deadline(text, MONTH, month_end(int(m.group(2)), int(m.group(1))),
                                      rule="the month's last day"),
    "range": lambda m, text: Deadline(text, SPAN, date(int(m.group(2)), 12, 31),
                                      rule="a span: the last year's 31 December"),
    "year": lambda m, text: Deadline(text, YEAR, date(int(m.group(1)), 12, 31), rule="31 December of the year"),
}
_BUILDERS["month_anywhere"] = _BUILDERS["month"]
_BUILDERS["year_anywhere"] = _BUILDERS["year"]


def recurring_dues(deadline: Deadline, start: date, end: date) -> Iterator[date]:
    """Due dates of a recurring deadline for the periods from the one holding ``start`` to the one holding ``end``."""
    current = _period_due(deadline, start)
    while True:
        yield current
        if current >= end:
            return
        current = _period_due(deadline, current + timedelta(days=1))


def _period_due(deadline: Deadline, day: date) -> date:
    if deadline.every == "year":
        if deadline.day:
            due = date(day.year, deadline.day[1], deadline.day[0])
            return due if due >= day else date(day.year + 1, deadline.day[1], deadline.day[0])
        return date(day.year, 12, 31)
    if deadline.every == "quarter":
        return month_end(day.year, ((day.month - 1) // 3 + 1) * 3)
    return month_end(day.year, day.month)
