"""Numbers, amounts, percentages, dates and reporting periods as Vietnamese readers write them.

One module for every renderer (pages, Word, PDF, spreadsheets): a dot groups thousands and a comma
marks decimals (34.959.600 đồng; 13,6 tỷ USD; 7,52%); dates are "ngày 05 tháng 01 năm 2026" in prose
and "05/01/2026" in tables; periods are "tháng 7/2025", "6 tháng đầu năm 2025", "quý III/2025".
Framework-free: the template filters and the exporters wrap these functions.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from hoinhap.indicators.periods import Period, PeriodError
from hoinhap.legal.numbers import format_vietnamese_date

ROMAN_QUARTERS = ("I", "II", "III", "IV")
# Spreadsheet display formats under the Vietnamese locale (LCID 0x42A): the cell keeps a number or
# a date, the reader sees 34.959.600 and 05/01/2026 whatever the spreadsheet's own locale.
XLSX_INTEGER = "[$-42A]#,##0"
XLSX_DECIMAL = "[$-42A]#,##0.00"
XLSX_PERCENT = "[$-42A]0.00%"
XLSX_DATE = "dd/mm/yyyy"

_SCALES = ((Decimal(10) ** 9, "tỷ"), (Decimal(10) ** 6, "triệu"), (Decimal(10) ** 3, "nghìn"))


def _decimal(value: int | float | Decimal | str) -> Decimal:
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as error:
        raise ValueError(f"not a number: {value!r}") from error


def number(value: int | float | Decimal | str | None, decimals: int | None = None) -> str:
    """``34959600`` → "34.959.600"; ``7.52`` → "7,52"; ``decimals`` rounds half up and keeps trailing
    zeros (a table column reads evenly); without it, trailing zeros after the comma are dropped."""
    if value is None or value == "":
        return ""
    amount = _decimal(value)
    if decimals is not None:
        amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def money(value: int | float | Decimal | str | None, unit: str = "đồng") -> str:
    """"34.959.600 đồng" (whole units: salaries and allowances are paid in whole đồng)."""
    if value is None or value == "":
        return ""
    return f"{number(value, 0)} {unit}"


def amount(value: int | float | Decimal | str | None, unit: str = "USD", decimals: int = 1) -> str:
    """A large amount in the scale words of the press: 13.6e9 → "13,6 tỷ USD"; 514e9 → "514 tỷ USD";
    below a thousand the number itself."""
    if value is None or value == "":
        return ""
    figure = _decimal(value)
    for scale, word in _SCALES:
        if abs(figure) >= scale:
            return f"{number((figure / scale).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))} {word} {unit}"
    return f"{number(figure)} {unit}"


def percent(value: int | float | Decimal | str | None, decimals: int | None = None) -> str:
    """``7.52`` (already in per cent) → "7,52%"."""
    if value is None or value == "":
        return ""
    return f"{number(value, decimals)}%"


def date_prose(value: date | datetime | None) -> str:
    """"ngày 05 tháng 01 năm 2026" (Decree 30's way, leading zero for days and for months 1 and 2)."""
    if value is None:
        return ""
    return format_vietnamese_date(value.date() if isinstance(value, datetime) else value)


def date_table(value: date | datetime | None) -> str:
    """"05/01/2026"."""
    return "" if value is None else f"{value:%d/%m/%Y}"


def datetime_table(value: datetime | None) -> str:
    """"05/01/2026 14:30"."""
    return "" if value is None else f"{value:%d/%m/%Y %H:%M}"


def period(text: object) -> str:
    """A statistics period code as Vietnamese reports name it: "2025" → "năm 2025"; "2025-H1" →
    "6 tháng đầu năm 2025"; "2025-H2" → "6 tháng cuối năm 2025"; "2025-Q3" → "quý III/2025";
    "2025-07" → "tháng 7/2025". Text that is not a period code comes back as it was."""
    if not text:
        return ""
    text = str(text)  # a period code, or an object whose str() is one (indicators.periods.Period)
    try:
        parsed = Period.parse(text)
    except PeriodError:
        return text
    year = parsed.start.year
    if parsed.kind == "half":
        return f"6 tháng {'đầu' if parsed.start.month == 1 else 'cuối'} năm {year}"
    if parsed.kind == "quarter":
        return f"quý {ROMAN_QUARTERS[(parsed.start.month - 1) // 3]}/{year}"
    if parsed.kind == "month":
        return f"tháng {parsed.start.month}/{year}"
    return f"năm {year}"


def months_to_date(months: int, year: int) -> str:
    """A year-to-date figure's reach: 7 months of 2025 → "7 tháng đầu năm 2025"; 12 → "năm 2025"."""
    return f"năm {year}" if months >= 12 else f"{months} tháng đầu năm {year}"
