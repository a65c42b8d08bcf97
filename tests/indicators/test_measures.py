"""The indicators core: periods, targets as written, vintages as known on a date, on-track
judgement, the SVG chart. Figures from the brief: GDP growth 7.52% in H1 2025 against a target of
"8% trở lên"; exports above USD 514 billion in the first seven months."""

from datetime import date
from decimal import Decimal as D

import pytest

from hoinhap.indicators.measures import Observation, Target, TargetError, as_known_on, judge
from hoinhap.indicators.periods import Period, PeriodError


@pytest.mark.parametrize("text,start,end,kind", [
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "year"), ("2025-H1", date(2025, 1, 1), date(2025, 6, 30), "half"),
    ("2025-H2", date(2025, 7, 1), date(2025, 12, 31), "half"), ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"), ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31), "quarter"),
])
def test_periods_parse_and_print_back(text, start, end, kind):
    period = Period.parse(text)
    assert (period.start, period.end, period.kind, str(period)) == (start, end, kind, text)


@pytest.mark.parametrize("text", ["2025-H3", "2025-Q5", "2025-13", "Q1/2025", "25", ""])
def test_bad_periods(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


@pytest.mark.parametrize("written,value,met", [
    ("8% trở lên", D("8"), True), ("8% trở lên", D("7.52"), False), ("trên 8%", D("8"), False),
    ("từ 6,5 đến 7%", D("6.8"), True), ("từ 6,5 đến 7%", D("7.1"), False), ("dưới 4%", D("4"), False),
    ("không quá 4%", D("4"), True), ("khoảng 8%", D("8.2"), True),
])
def test_targets_as_written(written, value, met):
    assert Target.parse(written).met_by(value) is met


def test_a_bare_figure_is_a_ceiling_when_less_is_better():
    assert Target.parse("4%", higher_is_better=False).met_by(D("3.9"))
    assert not Target.parse("4%", higher_is_better=False).met_by(D("4.1"))
    with pytest.raises(TargetError):
        Target.parse("cao hơn năm trước")


def test_the_view_as_known_on_a_date_is_reproducible():
    h1 = Period.parse("2025-H1")
    preliminary = Observation(h1, D("7.52"), date(2025, 7, 5), "preliminary")
    revised = Observation(h1, D("7.31"), date(2025, 10, 6), "revised")  # illustrative revision
    q1 = Observation(Period.parse("2025-Q1"), D("6.93"), date(2025, 4, 6))
    observations = [revised, q1, preliminary]
    assert as_known_on(observations, date(2025, 7, 4)) == [q1]
    assert as_known_on(observations, date(2025, 7, 5)) == [q1, preliminary]
    assert as_known_on(observations, date(2025, 10, 5))[-1].value == D("7.52")
    assert as_known_on(observations, date(2025, 10, 6))[-1].value == D("7.31")


def test_on_track_for_a_rate_and_for_an_amount():
    gdp = Observation(Period.parse("2025-H1"), D("7.52"), date(2025, 7, 5))
    judgement = judge(gdp, Target.parse("8% trở lên"), kind="rate")
    assert not judgement.on_track and judgement.compared == D("8")
    exports = Observation(Period.parse("2025-07"), D("514.7"), date(2025, 8, 6))  # Jan-Jul, USD billion
    assert judge(exports, Target.parse("850 trở lên"), kind="amount").on_track  # 7/12 of 850 = 495.83
    behind = judge(exports, Target.parse("900 trở lên"), kind="amount")  # 7/12 of 900 = 525
    assert not behind.on_track and behind.compared == D("525.00")
