"""Tables the parser must see as whole rows, rewritten in place before its line loop: tables laid
out one cell per line between lone "|" lines, and pipe rows broken over several lines.

One cell per line is how HTML tables come out of web pages and the crawl
(``../shared/data/vn-legal/README.md``):

    |
    TT
    |
    Nhiệm vụ
    |
    |
    1
    |
    Xây dựng Đề án …

A cell is the lines between two lone pipes (wrapped lines joined by a space); two lone pipes in a
row end a row. The parser keeps a pipe row ("| TT | Nhiệm vụ |") as a row of a table node, so each
row of such a table is written as one, in place: on the line of the row's first pipe, the table's
other lines becoming lone "|" lines (rule lines, which the parser skips without closing the table),
so that every line keeps its number. Nothing is dropped but rule lines ("-------" under a header
cell), which the tree never keeps.

Where the table starts and ends follows ``implementation/table_lines.py``, which reads the same
layout from the text as received: a lone pipe opens a table when two more follow within the next
eleven lines; a cell is at most 40 lines. The table ends at a blank line (as a pipe table does), at
a line with a pipe in it (another layout), and at text not closed by a pipe: text after the table's
last pipe is not a cell.

Pipe rows broken over lines (a crawl that kept a line break inside a cell) are joined by the rule
``pipe_rows`` holds, which the extractor's ``table_lines`` uses too: see the second half of this
module.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from hoinhap.legal import tree

# A lone pipe on its own line, in normalised text (space runs are folded to one space).
_LONE_PIPE = re.compile(r"\n ?\| ?(?=\n|$)")
_SPACED_PIPE = re.compile(r"\n(?: \| ?|\| )(?=\n|$)")
_SPACED = (" |", "| ", " | ")
# Lines made only of rules or table borders carry no text: "______", "| :---- | --- |", "+----+". The
# parser skips them, and ``marker_free`` leaves them out of the text it must keep.
RULE_LINE = re.compile(r"[\s|:\-_=~*+–—]*")
RULE_CHARS = frozenset("|:-_=~*+–—")  # what a rule line starts with, once stripped
_OPENS_WITHIN = 11  # lines after a lone pipe in which two more must follow
_MAX_CELL_LINES = 40


def as_pipe_rows(lines: list[str], text: str) -> list[str]:
    """``lines`` (the lines of ``text``) with each cell-per-line table written as pipe rows in place,
    and each pipe row broken over several lines joined on its first line. The same list, untouched,
    when ``text`` has neither a lone pipe nor a row cut at a line's end (two regex searches)."""
    pipes = _lone_pipes(lines, text)
    out = lines
    ends: set[int] = set()  # the index after each cell-per-line table written
    if pipes:
        out = list(lines)
        taken = 0  # lines before this index belong to a table already written
        for position, start in enumerate(pipes):
            if start < taken or len(pipes) < position + 3 or pipes[position + 2] - start > _OPENS_WITHIN:
                continue
            taken = _rewrite(lines, out, pipes, position)
            if out[start] != lines[start]:  # written (its first row is on the line of its first pipe)
                ends.add(taken)
    cut = _open_rows(lines, text)
    if cut:
        out = _join_broken_rows(out if pipes else list(lines), cut, ends)
    return out


def _lone_pipes(lines: list[str], text: str) -> list[int]:
    """The indexes of the lone-pipe lines, found by the list's own search (C speed, a tenth of a
    comprehension over the lines); lone pipes with a space beside them, which a crawl seldom writes,
    are looked for only if the text has one."""
    head = lines[0] if lines else ""
    if not _is_pipe(head) and not _LONE_PIPE.search(text):
        return []
    spaced = head in _SPACED or _SPACED_PIPE.search(text) is not None
    found: list[int] = []
    for form in ("|", *_SPACED) if spaced else ("|",):
        at = -1
        try:
            while True:
                at = lines.index(form, at + 1)
                found.append(at)
        except ValueError:
            pass
    return sorted(found) if spaced else found


def _is_pipe(line: str) -> bool:
    return line.strip() == "|"


def _rewrite(lines: list[str], out: list[str], pipes: list[int], first: int) -> int:
    """Write the table opened by the lone pipe ``pipes[first]``; the index after its last line."""
    rows: list[tuple[int, list[str]]] = []  # (line of the row's first pipe, cells)
    cells: list[str] = []
    start = row_start = last = pipes[first]
    for pipe in itertools.islice(pipes, first + 1, None):
        if pipe == last + 1:  # two lone pipes: the row ends, the next begins
            if cells:
                rows.append((row_start, cells))
                cells = []
            row_start = last = pipe
            continue
        if pipe == last + 2:  # a cell of one line, as most are
            line = lines[last + 1].strip()
            if not line or "|" in line:
                break  # a blank line, or another layout
            cells.append("" if line[0] in RULE_CHARS and RULE_LINE.fullmatch(line) else line)
        elif pipe - last > _MAX_CELL_LINES + 1:
            break  # text no pipe closes: the table ended at ``last``
        else:
            cell = [line.strip() for line in lines[last + 1:pipe]]
            if not all(cell) or any("|" in line for line in cell):
                break
            cells.append(" ".join(line for line in cell if not (line[0] in RULE_CHARS and RULE_LINE.fullmatch(line))))
        last = pipe
    if cells:
        rows.append((row_start, cells))
    if not rows:
        return last + 1
    out[start:last + 1] = ["|"] * (last + 1 - start)
    for at, row in rows:
        out[at] = "| " + " | ".join(row) + " |"
    return last + 1


# -- pipe rows broken over lines --------------------------------------------------------------
#
# A crawl that keeps a line break inside a cell cuts a pipe row over several physical lines, with
# stray separator lines ("|", "| ||") between rows:
#
#     | TT | Tên văn bản | Cơ quan trình | Cơ quan soạn thảo | Tiến độ |
#     | |||||
#     | | Luật sửa đổi … | Ủy ban Thường vụ Quốc hội | Ban soạn thảo do UBTVQH thành lập
#     | - Trình UBTVQH tại Phiên họp thứ 42 … |
#
# ``pipe_rows`` holds the rule that joins them, shared with the task-table extractor
# (``implementation/table_lines.py``), which reads the same layout from the text as received.

SEPARATOR = re.compile(r"^[\s|:\-+=]*$")  # "|", "| ||", "|---|---|": a stray line between rows
# a line that opens a numbered row: "12.", "III", "II. Văn bản thuộc thẩm quyền …"
ROW_NUMBER = re.compile(r"^(?:\d+|[IVXLC]+|[A-ZĐ])(?:\.\d+)*(?:[.)]?$|[.)]\s)")
# A row cut at a line's end: a line that starts with a pipe and does not end with one. The search
# stops at pipes (rarer than line breaks, a third faster) and looks back for the line's start; the
# line is read once (possessive), then its end is looked back at.
_OPEN_ROW = re.compile(r"\|(?:(?<=\n\|)|(?<=\n \|))[^\n]*+(?<!\|)(?<!\| )(?=\n|$)")


class PipeRow(NamedTuple):
    """A logical row: its cells (a cell's lines joined by a newline where a line went on in the cell
    above), the index of its first line and of the last line that gave it text."""

    cells: list[str]
    first: int
    last: int


def pipe_rows(texts: Sequence[str], start: int) -> tuple[list[PipeRow], int]:
    """The pipe table whose first line is ``texts[start]``, cut into logical rows, and the index after
    its last line. A row broken over several lines takes lines until it is as wide as the widest
    row; a line starting with a row number starts a new row, a separator line ends one. A line that
    does not start with a pipe in a table whose rows do goes on in the cell above when it starts in
    lower case or has no pipe ("… dữ liệu về" / "đầu tư | …"); a line without a pipe between two
    pipe lines is such a line (a cell wrapped in the source). The table ends at a blank line or at
    text no pipe line follows."""
    physical: list[_Line] = []
    leading = texts[start].strip().startswith("|")
    i = start
    while i < len(texts):
        text = texts[i].strip()
        if not text or ("|" not in text and not _inside(texts, i, physical)):
            break
        cells = _cells(text)
        if leading and not text.startswith("|") and (text[0].islower() or "|" not in text) and physical \
                and not physical[-1].separator:
            # a cell broken over two lines ("… dữ liệu về" / "đầu tư | …"): its first cell goes on in the
            # last one; a line starting with a capital after a lost pipe starts a new cell instead
            previous = physical[-1]
            previous.cells[-1] = f"{previous.cells[-1]}\n{cells[0]}".strip()
            previous.last = i
            cells = cells[1:]
            if not cells:
                i += 1
                continue
        physical.append(_Line(cells, i, i, bool(SEPARATOR.match(text))))
        i += 1
    width = max((_filled(line.cells) for line in physical if not line.separator), default=0)
    rows: list[PipeRow] = []
    current: list[str] = []
    first = last = 0
    for line in physical:
        cells = line.cells
        if line.separator or (current and (_filled(current) + _filled(cells) > width or ROW_NUMBER.match(cells[0]))):
            if current:
                rows.append(PipeRow(current, first, last))
            current = []
            if line.separator:
                continue
        if not current:
            first = line.first
        current = current[:_filled(current)] + cells if current else cells
        last = line.last
        if _filled(current) >= width or len(current) == len(cells) >= width:  # full, or a whole row in itself
            rows.append(PipeRow(current, first, last))
            current = []
    if current:
        rows.append(PipeRow(current, first, last))
    return rows, i


@dataclass(slots=True)
class _Line:
    """A physical line of a pipe table: its cells, its index and that of the last line that went on
    in its last cell, and whether it is a separator."""

    cells: list[str]
    first: int
    last: int
    separator: bool


def _inside(texts: Sequence[str], i: int, physical: list[_Line]) -> bool:
    """A line without a pipe between two pipe lines goes on in a cell (a cell wrapped in the source)."""
    return bool(physical) and not physical[-1].separator and i + 1 < len(texts) and "|" in texts[i + 1]


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


def row_cells(line: str) -> list[str]:
    """The cells the parser keeps of a pipe line (``parser.table_row``): every outer pipe dropped."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _open_rows(lines: list[str], text: str) -> list[int]:
    """The indexes of the lines that start with a pipe and do not end with one."""
    if "|" not in text:  # a quarter of the documents: one character search
        return []
    found = [0] if lines and _is_open_row(lines[0]) else []
    line = at = 0
    for match in _OPEN_ROW.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        found.append(line)
    return found


def _is_open_row(line: str) -> bool:
    line = line.strip()
    return line.startswith("|") and not line.endswith("|")


def _is_closed_row(line: str) -> bool:
    line = line.strip()
    return len(line) > 1 and line[0] == "|" and line[-1] == "|" and not SEPARATOR.match(line)


def _join_broken_rows(out: list[str], cut: list[int], ends: set[int]) -> list[str]:
    """``out`` with each pipe table that has a row cut at a line's end written as whole rows. Only a
    table that mixes rows closed by a pipe with rows cut open is read so: a Word or PDF table closes
    every row, and its short rows (cells merged from the row above) must stay rows of their own. A
    cell-per-line table already written (it ends where ``ends`` says) is no part of the pipe table
    right after it."""
    done = 0
    for line in cut:
        if line < done:
            continue
        i = line
        while i > done and i not in ends and out[i - 1].strip():  # where the block of the cut row starts
            i -= 1
        while i <= line:
            text = out[i].strip()
            if "|" not in text or SEPARATOR.match(text):
                i += 1
                continue
            rows, end = pipe_rows(out, i)
            if i <= line < end and any(_is_closed_row(out[k]) for k in range(i, end)):
                _write_joined(out, rows, i, end)
            i = end
        done = i
    return out


def _write_joined(out: list[str], rows: list[PipeRow], start: int, end: int) -> None:
    """Each row as one pipe row on its first line, its other lines becoming lone "|" lines (rule lines,
    which the parser skips without closing the table); separator lines stay as they are. A cell's
    lines are joined by a space, as a Word cell's paragraphs are. A row of one line is written again
    where the parser would read other cells from it ("| a | b | ||" keeps its two empty cells, which
    the parser's canonical row folds), so that the tree's rows are those read from the text as
    received. The table is left as it is if the rows would not hold exactly the text of its lines (a
    rule line "____" inside a cell, which the tree never keeps)."""
    written = list(out[start:end])
    before = tree.squash("".join(text for text in written if not RULE_LINE.fullmatch(text)).replace("|", ""))
    previous = -1
    for cells, first, last in rows:
        # a row of one line that the parser reads into the same cells stays as written
        if last > first or first == previous or row_cells(out[first]) != cells:
            written[first + 1 - start:last + 1 - start] = ["|"] * (last - first)
            written[first - start] = "| " + " | ".join(cell.replace("\n", " ") for cell in cells) + " |"
        previous = last
    after = tree.squash("".join(text for text in written if not RULE_LINE.fullmatch(text)).replace("|", ""))
    if after == before:
        out[start:end] = written
