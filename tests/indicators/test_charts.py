"""The server-side SVG charts: legible on a phone (text at least 11 CSS px when the page is 375 px wide),
each series named in a legend and drawn with its own dash pattern and marker, numbers and periods
written the Vietnamese way, and a text alternative that reads the values out."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from lxml import etree

from hoinhap.indicators.charts import NARROW, WIDE, Series, bar_chart, line_chart, responsive_line_chart

NS = {"s": "http://www.w3.org/2000/svg"}
PHONE_CHART_WIDTH = 375 - 2 * 12  # a 375 px phone less main's .75rem padding on each side (site.css)
CSS = Path(__file__).parents[2] / "src/hoinhap/web/static/web/site.css"
GDP = [Series("Lũy kế từ đầu năm", [("2025-Q1", D("6.93")), ("2025-H1", D("7.52"))]),
       Series("Mục tiêu (8% trở lên)", [("2025-Q1", D("8")), ("2025-H1", D("8"))], label_values="last")]


def _svgs(markup: str) -> list[etree._Element]:
    return [etree.fromstring(part.encode()) for part in re.findall(r"<svg .*?</svg>", markup, flags=re.S)]


def _rendered_font_sizes(svg: etree._Element, shown_width: float) -> list[float]:
    """Each text's font size in CSS px once the drawing is scaled to ``shown_width``."""
    width = float(svg.get("viewBox").split()[2])
    return [float(text.get("font-size")) * shown_width / width for text in svg.iter("{*}text")]


def test_every_chart_text_is_at_least_11_px_on_a_phone_and_moderate_on_a_desktop():
    wide, narrow = _svgs(responsive_line_chart("GDP (%)", GDP, unit="%"))
    assert "chart-wide" in wide.get("class") and "chart-narrow" in narrow.get("class")
    assert min(_rendered_font_sizes(narrow, PHONE_CHART_WIDTH)) >= 11
    assert 11 <= min(_rendered_font_sizes(wide, 640)) and max(_rendered_font_sizes(wide, 640)) <= 16  # at 1280 px
    # the style sheet shows the narrow drawing on phones and the wide one elsewhere, both at most 640 px wide
    css = CSS.read_text()
    assert "svg.chart-narrow { display: none; }" in css
    assert ("@media (max-width: 600px) { svg.chart-wide { display: none; } svg.chart-narrow { display: block; } }"
            in css)
    bars = _svgs(bar_chart("Nhiệm vụ theo tình trạng", [("Hoàn thành đúng hạn", 12, "on-time"),
                                                          ("Quá hạn", 1234, "overdue")]))[0]
    assert "svg.chart.bars { max-width: 420px;" in css
    assert min(_rendered_font_sizes(bars, PHONE_CHART_WIDTH)) >= 11 and max(_rendered_font_sizes(bars, 420)) <= 17
    # the old drawing, 640 units with 11-unit text, made 6 px labels on a phone: the check would have caught it
    assert 11 * PHONE_CHART_WIDTH / 640 < 11


def test_each_series_has_a_legend_and_its_own_dash_and_marker():
    svg = etree.fromstring(line_chart("GDP (%)", GDP, unit="%", layout=NARROW).encode())
    legend = svg.find("s:g[@class='legend']", NS)
    assert [t.text for t in legend.findall("s:text", NS)] == ["Lũy kế từ đầu năm", "Mục tiêu (8% trở lên)"]
    lines = [svg.find(f"s:g[@class='series series-{n}']/s:polyline", NS) for n in (1, 2)]
    assert lines[0].get("stroke-dasharray") is None and lines[1].get("stroke-dasharray") == "7 4"
    assert len(svg.findall("s:g[@class='series series-1']/s:circle", NS)) == 2  # circles for the first
    assert len(svg.findall("s:g[@class='series series-2']/s:rect", NS)) == 2  # squares for the second
    series = [float(p.split(",")[1]) for p in lines[0].get("points").split()]
    assert series[1] < series[0]  # 7.52 drawn above 6.93


def test_numbers_and_periods_are_written_the_vietnamese_way():
    svg = etree.fromstring(line_chart("GDP (%)", GDP, unit="%", layout=WIDE).encode())
    values = [t.text for t in svg.iter("{*}text") if t.get("class") == "value"]
    assert values == ["6,93%", "7,52%", "8%"]  # the flat target's value once
    periods = [[line.text for line in t] or [t.text] for t in svg.iter("{*}text") if t.get("class") == "period"]
    assert periods == [["quý I/2025"], ["6 tháng đầu", "năm 2025"]]  # on two lines when long
    assert svg.find("s:desc", NS).text == ("Lũy kế từ đầu năm: quý I/2025: 6,93%; 6 tháng đầu năm 2025: 7,52%. "
                                          "Mục tiêu (8% trở lên): quý I/2025: 8%; 6 tháng đầu năm 2025: 8%")
    months = [Series("Lũy kế", [("2025-07", D("514.7")), ("2025", D("34959600"))])]
    svg = etree.fromstring(line_chart("Xuất khẩu", months, unit="tỷ USD").encode())
    texts = ["".join(t.itertext()) for t in svg.iter("{*}text")]
    assert "tháng 7/2025" in texts and "2025" in texts and "34.959.600" in texts and "tỷ USD" in texts
    english = etree.fromstring(line_chart("Exports", months, unit="tỷ USD", vietnamese=False).encode())
    assert "34,959,600" in ["".join(t.itertext()) for t in english.iter("{*}text")]


def test_ids_titles_and_edge_cases():
    wide, narrow = _svgs(responsive_line_chart("Tăng trưởng GDP <2025>", GDP, unit="%", ident="chart-gdp"))
    assert wide.get("role") == narrow.get("role") == "img"
    assert wide.get("aria-labelledby") == "chart-gdp-title chart-gdp-desc"
    assert narrow.get("aria-labelledby") == "chart-gdp-narrow-title chart-gdp-narrow-desc"
    assert wide.find("s:title", NS).text == "Tăng trưởng GDP <2025>"
    assert etree.fromstring(line_chart("empty", []).encode()).find("s:text", NS).text == "—"
    one = etree.fromstring(line_chart("one", [Series("Lũy kế", [("2025-07", D("13.6000"))])]).encode())
    middle = (WIDE.pad_left + WIDE.width - WIDE.pad_right) / 2
    assert one.find("s:g[@class='series series-1']/s:circle", NS).get("cx") == f"{middle:.1f}"  # centred
    assert [t.text for t in one.findall("s:text", NS) if t.get("class") == "tick"] == ["0", "6,8", "13,6"]
    many = [Series("Lũy kế", [(f"2025-{m:02d}", D(m)) for m in range(1, 13)])]
    narrow_months = etree.fromstring(line_chart("x", many, layout=NARROW).encode())
    shown = ["".join(t.itertext()) for t in narrow_months.iter("{*}text") if t.get("class") == "period"]
    assert shown[-1] == "tháng 12/2025" and len(shown) < 12  # thinned from the last so they don't overlap
    assert len([t for t in narrow_months.iter("{*}text") if t.get("class") == "value"]) == 1  # the latest only


@pytest.mark.django_db
def test_an_indicator_chart_draws_its_series_rate_target_and_amount_trajectory():
    from hoinhap.indicators.indicator_selectors import indicator_view
    from hoinhap.indicators.models import Indicator, IndicatorObservation

    exports = Indicator.objects.create(code="exports", name="Kim ngạch xuất khẩu", name_en="Exports", unit="tỷ USD",
                                       kind=Indicator.Kind.AMOUNT, target="850 trở lên")
    for period, value, cumulative in (("2025-06", "420", True), ("2025-07", "514.7", True), ("2025-07", "94.7", False)):
        IndicatorObservation.objects.create(indicator=exports, period=period, value=D(value), released=date(2025, 8, 6),
                                            cumulative=cumulative)
    view = indicator_view(exports, date(2025, 8, 22))
    series = view.series()
    assert [s.name for s in series] == ["Lũy kế từ đầu năm", "Riêng trong kỳ", "Lộ trình mục tiêu (850 trở lên)"]
    assert series[2].points == [("2025-06", D("425.00")), ("2025-07", D("495.83"))]  # 6/12 and 7/12 of 850
    svg = _svgs(view.chart())[0]
    assert [t.text for t in svg.find("s:g[@class='legend']", NS).findall("s:text", NS)] == [s.name for s in series]
    assert "514,7" in svg.find("s:desc", NS).text
    gdp = Indicator.objects.create(code="gdp", name="GDP", name_en="GDP", unit="%", target="8% trở lên")
    IndicatorObservation.objects.create(indicator=gdp, period="2025-H1", value=D("7.52"), released=date(2025, 7, 5))
    assert indicator_view(gdp, date(2025, 8, 22)).series()[1].points == [("2025-H1", D("8"))]
