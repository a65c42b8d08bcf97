"""Rows of uploaded spreadsheets (CSV in UTF-8 with commas or tabs, or XLSX), keyed by the header;
a file that cannot be read is ``UnreadableInput``, never a crash."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from hoinhap.core.errors import UnreadableInput


def read_rows(data: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, comma or tab) or XLSX file, keyed by the header's column names."""
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableInput(_("the CSV file is not UTF-8")) from error
    dialect = "excel-tab" if "\t" in text.split("\n", 1)[0] else "excel"
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(io.StringIO(text),
                                                                                               dialect=dialect)]


def _xlsx_rows(data: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = [["" if cell is None else str(cell).strip() for cell in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise UnreadableInput(_("not a readable XLSX file (%(name)s)") % {"name": error.__class__.__name__}) from error
    if not rows:
        return []
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:] if any(row)]
