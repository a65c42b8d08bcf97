"""The coverage matrix as CSV (UTF-8 with BOM, for spreadsheets) and XLSX, with Vietnamese headers
whatever the reader's language: the file goes to the secretariat's and the committee's papers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from hoinhap.core.spreadsheets import csv_row_for_people, xlsx_append

HEADERS = ("Lĩnh vực", "Mã yêu cầu", "Yêu cầu", "Nguồn (điều khoản)", "Tình trạng", "Số điều khoản dự thảo",
           "Điều khoản dự thảo", "Số nhiệm vụ", "Nhiệm vụ", "Đề xuất chờ xem xét")
STATE_WORDS = {"covered": "Đã đáp ứng", "partly": "Đáp ứng một phần", "not_covered": "Chưa đáp ứng"}


def rows(data: dict[str, Any]) -> Iterator[list[Any]]:
    """One line per requirement shown by the matrix ``data``, numbers kept as numbers."""
    for field in data["fields"]:
        for row in field["rows"]:
            yield [field["label"], row["code"], row["text"], row["source_eid"], STATE_WORDS[row["state"]],
                   len(row["provisions"]), "; ".join(row["provisions"]), len(row["tasks"]),
                   "; ".join(str(task) for task in row["tasks"]), row["proposed"]]


def to_csv(data: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for line in rows(data):
        writer.writerow(csv_row_for_people(line))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Mức độ đáp ứng"
    xlsx_append(sheet, [f"Mức độ đáp ứng yêu cầu của {data['document']}"
                        + (f" — dự thảo {data['draft']}" if data["draft"] else "")])
    totals = data["totals"]
    xlsx_append(sheet, [f"Tổng số {totals['total']}: đã đáp ứng {totals['covered']}, một phần {totals['partly']}, "
                        f"chưa đáp ứng {totals['not_covered']}"])
    xlsx_append(sheet, list(HEADERS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for line in rows(data):
        xlsx_append(sheet, line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
