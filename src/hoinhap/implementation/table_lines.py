"""Tables found in lines of text and cut into rows of cells, whatever their layout:

- one cell per line (or several lines) between lone "|" lines, a row ending where two lone "|"
  lines meet: how HTML tables come out of web pages and the crawl;
- pipe rows, "| a | b |" or "a | b |", one per line, or broken over several lines (a logical row
  takes physical lines until it has as many cells as the widest row), with stray separator lines
  ("|", "| ||") between rows;
- the table nodes of the document tree are pipe rows already (Word tables included).

Framework-free; lines come as (text, eId, line number)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SEPARATOR = re.compile(r"^[\s|:\-+=]*$")  # "|", "| ||", "|---|---|"
_MAX_CELL_LINES = 40  # a cell of more lines is footer text after the table, not a cell
# a line that opens a numbered row: "12.", "III", "II. Văn bản thuộc thẩm quyền …"
_ROW_NUMBER = re.compile(r"^(?:\d+|[IVXLC]+|[A-ZĐ])(?:\.\d+)*(?:[.)]?$|[.)]\s)")


@dataclass
class Row:
    cells: list[str]
    index: int  # 1-based, in the table
    line: int


@dataclass
class Table:
    rows: list[Row]
    eid: str
    line: int
    layout: str  # "lone-pipe" or "pipe-rows"
    index: int = 0
    widths: list[int] = field(default_factory=list)


def find_tables(lines: list[tuple[str, str, int]]) -> list[Table]:
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        text = lines[i][0].strip()
        if text == "|" and _lone_pipe_ahead(lines, i):
            table, i = _lone_pipe(lines, i)
        elif "|" in text and not _SEPARATOR.match(text):
            table, i = _pipe_rows(lines, i)
        else:
            i += 1
            continue
        if table.rows:
            table.index = len(tables) + 1
            tables.append(table)
    return tables


def _lone_pipe_ahead(lines: list[tuple[str, str, int]], i: int) -> bool:
    """A lone "|" opens a cell-per-line table when other lone pipes follow closely."""
    pipes = sum(1 for text, _, _ in lines[i + 1:i + 12] if text.strip() == "|")
    return pipes >= 2


def _lone_pipe(lines: list[tuple[str, str, int]], start: int) -> tuple[Table, int]:
    rows: list[Row] = []
    row: list[str] = []
    cell: list[str] | None = None
    row_line = lines[start][2]
    i = start
    last_pipe = start
    while i < len(lines):
        text, _, number = lines[i]
        if text.strip() == "|":
            if cell:
                row.append("\n".join(cell))
            elif cell is not None and row:  # two lone pipes: the row ends and the next begins
                rows.append(Row(row, len(rows) + 1, row_line))
                row, row_line = [], number
            cell, last_pipe = [], i
        elif cell is not None:
            if i - last_pipe > _MAX_CELL_LINES or not _pipe_follows(lines, i):
                break
            cell.append(text)
        i += 1
    if cell:  # the last cell, closed by no pipe: up to the first blank line
        row.append("\n".join(_until_blank(cell)))
    if row:
        rows.append(Row(row, len(rows) + 1, row_line))
    return Table(rows, lines[start][1], lines[start][2], "lone-pipe"), max(i, last_pipe + 1)


def _pipe_follows(lines: list[tuple[str, str, int]], i: int) -> bool:
    return any(text.strip() == "|" for text, _, _ in lines[i:i + _MAX_CELL_LINES])


def _until_blank(cell: list[str]) -> list[str]:
    out: list[str] = []
    for line in cell:
        if not line.strip() and out:
            break
        out.append(line)
    return out


def _pipe_rows(lines: list[tuple[str, str, int]], start: int) -> tuple[Table, int]:
    """Pipe rows; a row broken over several lines is joined until it is as wide as the header."""
    physical: list[tuple[list[str], int, bool]] = []  # cells, line, separator
    leading = lines[start][0].strip().startswith("|")
    i = start
    while i < len(lines):
        text = lines[i][0].strip()
        if not text or ("|" not in text and not _inside(lines, i, physical)):
            break
        cells = _cells(text)
        if leading and not text.startswith("|") and (text[0].islower() or "|" not in text) and physical \
                and not physical[-1][2]:
            # a cell broken over two lines ("… dữ liệu về" / "đầu tư | …"): its first cell goes on in the
            # last one; a line starting with a capital after a lost pipe starts a new cell instead
            previous = physical[-1][0]
            previous[-1] = f"{previous[-1]}\n{cells[0]}".strip()
            cells = cells[1:]
            if not cells:
                i += 1
                continue
        physical.append((cells, lines[i][2], bool(_SEPARATOR.match(text))))
        i += 1
    width = max((_filled(cells) for cells, _, sep in physical if not sep), default=0)
    rows: list[Row] = []
    current: list[str] = []
    current_line = 0
    for cells, number, separator in physical:
        if separator or (current and (_filled(current) + _filled(cells) > width or _ROW_NUMBER.match(cells[0]))):
            if current:
                rows.append(Row(current, len(rows) + 1, current_line))
            current = []
            if separator:
                continue
        if not current:
            current_line = number
        current = current[:_filled(current)] + cells if current else cells
        if _filled(current) >= width or len(current) == len(cells) >= width:  # full, or a whole row in itself
            rows.append(Row(current, len(rows) + 1, current_line))
            current = []
    if current:
        rows.append(Row(current, len(rows) + 1, current_line))
    return Table(rows, lines[start][1], lines[start][2], "pipe-rows"), i


def _inside(lines: list[tuple[str, str, int]], i: int, physical: list[tuple[list[str], int, bool]]) -> bool:
    """A line without a pipe between two pipe lines goes on in a cell (a cell wrapped in the source)."""
    return bool(physical) and not physical[-1][2] and i + 1 < len(lines) and "|" in lines[i + 1][0]


def _cells(text: str) -> list[str]:
    """The cells of one pipe line; the outer pipes are optional."""
    inner = text[1:] if text.startswith("|") else text
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def _filled(cells: list[str]) -> int:
    """Cells up to the last one with text: "| a | b |  |" is as wide as "| a | b |" when rows are joined."""
    count = len(cells)
    while count > 1 and not cells[count - 1]:
        count -= 1
    return count
