"""Tables found in lines of text and cut into rows of cells, whatever their layout:

- one cell per line (or several lines) between lone "|" lines, a row ending where two lone "|"
  lines meet: how HTML tables come out of web pages and the crawl;
- pipe rows, "| a | b |" or "a | b |", one per line, or broken over several lines (a logical row
  takes physical lines until it has as many cells as the widest row), with stray separator lines
  ("|", "| ||") between rows: the rule is ``legal.cell_tables.pipe_rows``, by which the parser also
  writes such rows whole in the tree;
- the table nodes of the document tree are pipe rows already (Word tables included).

Framework-free; lines come as (text, eId, line number)."""

from __future__ import annotations

from dataclasses import dataclass, field

from hoinhap.legal.cell_tables import SEPARATOR, pipe_rows

_MAX_CELL_LINES = 40  # a cell of more lines is footer text after the table, not a cell


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
    texts = [text for text, _, _ in lines]
    i = 0
    while i < len(lines):
        text = lines[i][0].strip()
        if text == "|" and _lone_pipe_ahead(lines, i):
            table, i = _lone_pipe(lines, i)
        elif "|" in text and not SEPARATOR.match(text):
            table, i = _pipe_rows(lines, texts, i)
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


def _pipe_rows(lines: list[tuple[str, str, int]], texts: list[str], start: int) -> tuple[Table, int]:
    """Pipe rows; a row broken over several lines is joined until it is as wide as the header
    (``legal.cell_tables.pipe_rows``, the rule the parser also writes such rows by)."""
    joined, end = pipe_rows(texts, start)
    rows = [Row(row.cells, index, lines[row.first][2]) for index, row in enumerate(joined, start=1)]
    return Table(rows, lines[start][1], lines[start][2], "pipe-rows"), end
