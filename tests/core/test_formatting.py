"""The one formatting module: Vietnamese numbers, amounts, dates and periods (issue 17 item 2)."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from hoinhap import formatting as fmt


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (34959600, None, "34.959.600"),
    (0, None, "0"),
    (999, None, "999"),
    (1000, None, "1.000"),
    (-1234567, None, "-1.234.567"),
    (7.52, None, "7,52"),
    (Decimal("7.50"), None, "7,5"),
    (7.5, 2, "7,50"),
    (2.345, 2, "2,35"),  # half up, not banker's rounding
    ("1234.5", 0, "1.235"),
    (None, None, ""),
])
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


def test_number_refuses_text_that_is_not_a_number():
    with pytest.raises(ValueError):
        fmt.number("abc")


def test_money_and_amounts_and_percent():
    assert fmt.money(34959600) == "34.959.600 đồng"
    assert fmt.money(2340000.4) == "2.340.000 đồng"
    assert fmt.amount(13.6e9) == "13,6 tỷ USD"
    assert fmt.amount(514e9) == "514 tỷ USD"
    assert fmt.amount(24_100_000_000) == "24,1 tỷ USD"
    assert fmt.amount(2_500_000, "đồng") == "2,5 triệu đồng"
    assert fmt.amount(950) == "950 USD"
    assert fmt.percent(7.52) == "7,52%"
    assert fmt.percent(100) == "100%"


def test_dates_in_prose_and_in_tables():
    assert fmt.date_prose(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert fmt.date_prose(date(2025, 11, 6)) == "ngày 06 tháng 11 năm 2025"
    assert fmt.date_prose(datetime(2025, 8, 26, 15, 0)) == "ngày 26 tháng 8 năm 2025"
    assert fmt.date_table(date(2026, 1, 5)) == "05/01/2026"
    assert fmt.datetime_table(datetime(2026, 1, 5, 14, 30)) == "05/01/2026 14:30"
    assert fmt.date_table(None) == "" and fmt.date_prose(None) == ""


@pytest.mark.parametrize(("code", "expected"), [
    ("2025", "năm 2025"),
    ("2025-H1", "6 tháng đầu năm 2025"),
    ("2025-H2", "6 tháng cuối năm 2025"),
    ("2025-Q3", "quý III/2025"),
    ("2025-Q4", "quý IV/2025"),
    ("2025-07", "tháng 7/2025"),
    ("2025-12", "tháng 12/2025"),
    ("Quý IV/2025", "Quý IV/2025"),  # already words: unchanged
])
def test_periods(code, expected):
    assert fmt.period(code) == expected


def test_year_to_date_reach():
    assert fmt.months_to_date(7, 2025) == "7 tháng đầu năm 2025"
    assert fmt.months_to_date(12, 2025) == "năm 2025"


@pytest.mark.parametrize("kind,number,label", [("month", 7, "tháng 7/2025"), ("quarter", 3, "quý III/2025"),
                                               ("half", 1, "6 tháng đầu năm 2025"), ("half", 2, "6 tháng cuối năm 2025"),
                                               ("year", 1, "năm 2025")])
def test_the_decree_09_periods_are_named_by_this_module(kind, number, label):
    from hoinhap.implementation.cutoffs import period

    made = period(kind, 2025, number)
    assert made.label == label == fmt.period({"month": "2025-07", "quarter": "2025-Q3", "half": f"2025-H{number}",
                                              "year": "2025"}[kind])
