"""Indicators in the database: all-or-nothing import of releases, the view as known on a date,
the page with its chart, the CLI and the API, on the demo's illustrative figures."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from hoinhap.cli import main
from hoinhap.core.errors import UnreadableInput, ValidationFailed
from hoinhap.indicators.indicator_selectors import indicator_view
from hoinhap.indicators.indicator_services import observations_import
from hoinhap.indicators.models import Indicator, IndicatorObservation

pytestmark = pytest.mark.django_db
HEADER = "indicator,period,value,released,status,cumulative,source\n"


def test_a_revision_changes_the_view_only_from_its_release_date(demo):
    gdp = Indicator.objects.get(code="gdp-growth")
    observations_import(actor=None, data=(HEADER + "gdp-growth,2025-H1,7.31,2025-10-06,revised,yes,test\n").encode(),
                        filename="rev.csv")
    assert indicator_view(gdp, date(2025, 10, 5)).latest.value == Decimal("7.52")
    revised = indicator_view(gdp, date(2025, 10, 6))
    assert revised.latest.value == Decimal("7.31") and revised.latest.status == "revised"
    assert indicator_view(gdp, date(2025, 4, 5)).latest is None  # nothing released yet
    assert not revised.judgement.on_track and "8% trở lên" in revised.judgement.explanation


@pytest.mark.parametrize("row,message", [
    ("nothing,2025,1,2025-01-01,,,", "unknown indicator"), ("exports,2025-H3,1,2025-01-01,,,", "not a period"),
    ("exports,2025,abc,2025-01-01,,,", "row 3"), ("exports,2025,1,2025-02-30,,,", "row 3"),
    ("exports,2025,1,2025-01-01,final,,", "status"),
])
def test_one_bad_row_refuses_the_file(demo, row, message):
    before = IndicatorObservation.objects.count()
    data = (HEADER + "exports,2025-08,600,2025-09-06,preliminary,yes,ok\n" + row + "\n").encode()
    with translation.override("en"), pytest.raises(ValidationFailed, match=message):
        observations_import(actor=None, data=data, filename="bad.csv")
    assert IndicatorObservation.objects.count() == before


def test_unreadable_files_are_refused():
    with pytest.raises(UnreadableInput):
        observations_import(actor=None, data=b"\xff\xfe\x00bad", filename="x.csv")
    with pytest.raises(UnreadableInput):
        observations_import(actor=None, data=b"PK\x03\x04 not a workbook", filename="x.xlsx")


def test_xlsx_import(demo):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["exports", "2025-08", 600.5, "2025-09-06", "preliminary", "yes", "xlsx"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert observations_import(actor=None, data=buffer.getvalue(), filename="o.xlsx") == 1
    assert IndicatorObservation.objects.get(period="2025-08").value == Decimal("600.5")


def test_page_shows_figures_targets_and_charts(client, demo):
    page = client.get("/chi-tieu/?as_of=2025-08-22", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "7,52%" in page and "6 tháng đầu năm 2025" in page and "8% trở lên" in page  # formatting.py
    assert 'href="/vb/59-nq-tw/#dvs_II__para_1"' in page
    assert page.count("<svg") == 8 and 'class="judgement off-track"' in page
    assert 'id="chart-gdp-growth-title"' in page and page.count('id="chart-') == 16  # unique ids, wide and narrow
    early = client.get("/chi-tieu/?as_of=2025-01-01").content.decode()
    assert "7.52" not in early


def test_cli_status_and_api(demo, capsys):
    assert main(["indicators", "status", "--as-of", "2025-08-22", "--json"]) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)["indicators"]}
    assert rows["gdp-growth"]["latest"]["value"] == "7.52" and rows["gdp-growth"]["on_track"] is False
    assert rows["exports"]["latest"]["period"] == "2025-07" and rows["exports"]["on_track"] is None
    from django.test import Client

    api = Client().get("/api/v1/indicators?as_of=2025-07-04").json()
    assert {r["code"]: r["latest"]["period"] for r in api["indicators"] if r["latest"]} == {"gdp-growth": "2025-Q1"}
