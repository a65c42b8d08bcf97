"""Deadlines as written in real programmes, and the status buckets at their boundary dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoinhap.implementation import buckets
from hoinhap.implementation.deadlines import add_months, parse_deadline, recurring_dues


@pytest.mark.parametrize(("text", "kind", "due"), [
    ("31/12/2025", "date", date(2025, 12, 31)),
    ("ngày 15 tháng 6 năm 2025", "date", date(2025, 6, 15)),
    ("6/2025", "month", date(2025, 6, 30)),
    ("01/2025", "month", date(2025, 1, 31)),
    ("Tháng 10/2025", "month", date(2025, 10, 31)),
    ("tháng 2 năm 2028", "month", date(2028, 2, 29)),
    ("quý III/2025", "quarter", date(2025, 9, 30)),
    ("Quý 1 năm 2026", "quarter", date(2026, 3, 31)),
    ("6 tháng đầu năm 2025", "half", date(2025, 6, 30)),
    ("2025", "year", date(2025, 12, 31)),
    ("năm 2026", "year", date(2026, 12, 31)),
    # issue 15: continuous from a start, not due on 31 December
    ("Năm 2025 và các năm tiếp theo", "continuous_from", None),
    ("Từ năm 2026", "continuous_from", None),
    ("Triển khai từ năm 2026 và thực hiện thường xuyên, liên tục", "continuous_from", None),
    # spans are due at their end
    ("2026-2030", "span", date(2030, 12, 31)),
    ("giai đoạn 2026 - 2030", "span", date(2030, 12, 31)),
    ("Quý IV/2025 - Quý II/2026", "span", date(2026, 6, 30)),
    # both spellings of quý, any separator, Roman or Arabic
    ("Quí IV-2025", "quarter", date(2025, 12, 31)),
    ("Quý IV-2025", "quarter", date(2025, 12, 31)),
    ("quý 4/2025", "quarter", date(2025, 12, 31)),
    ("Ban hành trong quý I năm 2026. Thực hiện rà soát (nếu có)", "quarter", date(2026, 3, 31)),
    # as required: kept as written, never an invented date
    ("Theo tiến độ của dự án", "as_required", None),
    ("Theo yêu cầu", "as_required", None),
    ("Khi có phát sinh.", "as_required", None),
    ("Trước năm 2030", "year", date(2029, 12, 31)),
    ("- Trình UBTVQH (tháng 4/2025); - Trình Quốc hội thông qua (tháng 5/2025)", "month", date(2025, 5, 31)),
    ("Tháng 12 hằng năm", "recurring", None),
    ("Thường xuyên", "continuous", None),
    ("Nhiệm vụ thường xuyên", "continuous", None),
    ("hằng năm", "recurring", None),
    ("Hàng quý", "recurring", None),
    ("Quý II", "unknown", None),
    ("31/02/2025", "unknown", None),
])
def test_deadlines_as_written(text, kind, due):
    deadline = parse_deadline(text)
    assert (deadline.kind, deadline.due) == (kind, due), deadline.rule
    assert deadline.text == text and deadline.rule


def test_relative_deadlines_need_their_anchor_and_clip_to_the_month_end():
    text = "trong vòng 6 tháng kể từ ngày Nghị quyết có hiệu lực"
    assert parse_deadline(text).due is None and parse_deadline(text).kind == "relative"
    assert parse_deadline(text, anchor=date(2025, 8, 31)).due == date(2026, 2, 28)
    assert parse_deadline("trong thời hạn 30 ngày kể từ ngày ký", anchor=date(2025, 1, 15)).due == date(2025, 2, 14)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_working_days_skip_weekends_holidays_and_follow_the_announced_swaps():
    from hoinhap.implementation import holidays

    text = "15 ngày làm việc kể từ ngày nhận được hồ sơ"
    assert parse_deadline(text).kind == "relative" and parse_deadline(text).due is None
    # 2025 as announced: 30/4, 1/5 off, 2/5 off in exchange for Saturday 26/4 worked
    assert parse_deadline(text, anchor=date(2025, 4, 25)).due == date(2025, 5, 20)
    assert holidays.is_working_day(date(2025, 4, 26)) and not holidays.is_working_day(date(2025, 5, 2))
    # 2027 not announced: the Labour Code's rule, Tết from the lunar calendar (1 Giêng = Saturday 6/2/2027):
    # 5/2 to 9/2, and the two days that fell on the weekend given back on 10/2 and 11/2
    assert not holidays.is_working_day(date(2027, 2, 5)) and not holidays.is_working_day(date(2027, 2, 9))
    assert not holidays.is_working_day(date(2027, 2, 11)) and holidays.is_working_day(date(2027, 2, 12))
    assert holidays.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 12)


def test_new_kinds_are_continuous_or_recurring_never_overdue():
    for text in ("Từ năm 2026", "Theo yêu cầu", "Năm 2025 và các năm tiếp theo"):
        deadline = parse_deadline(text)
        assert deadline.continuous and deadline.due is None
        assert buckets.bucket(as_of=date(2031, 1, 1), due=deadline.due, continuous=deadline.continuous,
                              completed_on=None, completion_known_on=None) == "continuous"


def test_recurring_deadlines_produce_periods():
    yearly = parse_deadline("Trước ngày 15/12 hằng năm")
    assert yearly.kind == "recurring" and yearly.day == (15, 12)
    assert list(recurring_dues(yearly, date(2025, 3, 1), date(2027, 1, 1))) == \
        [date(2025, 12, 15), date(2026, 12, 15), date(2027, 12, 15)]
    assert yearly.due_for(date(2025, 12, 16)) == date(2026, 12, 15)
    quarterly = parse_deadline("hằng quý")
    assert list(recurring_dues(quarterly, date(2025, 2, 1), date(2025, 7, 1))) == \
        [date(2025, 3, 31), date(2025, 6, 30), date(2025, 9, 30)]


DUE = date(2025, 6, 30)


@pytest.mark.parametrize(("as_of", "completed", "known", "expected"), [
    (date(2025, 6, 30), None, None, "in_progress"),  # the due day itself is still within the deadline
    (date(2025, 7, 1), None, None, "overdue"),
    (date(2025, 7, 1), date(2025, 6, 30), date(2025, 7, 3), "overdue"),  # done on time, but not known yet
    (date(2025, 7, 3), date(2025, 6, 30), date(2025, 7, 3), "completed_on_time"),
    (date(2025, 7, 3), date(2025, 7, 1), date(2025, 7, 2), "completed_late"),
])
def test_buckets_at_boundary_dates(as_of, completed, known, expected):
    assert buckets.bucket(as_of=as_of, due=DUE, continuous=False, completed_on=completed,
                          completion_known_on=known) == expected


def test_continuous_tasks_and_unknown_due_dates():
    assert buckets.bucket(as_of=DUE, due=None, continuous=True, completed_on=None, completion_known_on=None) == \
        "continuous"
    assert buckets.bucket(as_of=DUE, due=None, continuous=False, completed_on=None, completion_known_on=None) == \
        "in_progress"


@given(st.text(max_size=60))
def test_any_text_is_read_or_kept_as_written(text):
    deadline = parse_deadline(text)
    assert deadline.text == text.strip()
    assert deadline.kind == "unknown" or deadline.rule
