"""Tables laid out one cell per line between lone "|" lines, rewritten as pipe rows.

This is how HTML tables come out of web pages and the crawl (``../shared/data/vn-legal/README.md``):

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
"""

from __future__ import annotations

import itertools
import re

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
    """``lines`` (the lines of ``text``) with each cell-per-line table written as pipe rows in place.
    The same list, untouched, when ``text`` has no lone pipe (one regex search)."""
    pipes = _lone_pipes(lines, text)
    if not pipes:
        return lines
    out = list(lines)
    taken = 0  # lines before this index belong to a table already written
    for position, start in enumerate(pipes):
        if start < taken or len(pipes) < position + 3 or pipes[position + 2] - start > _OPENS_WITHIN:
            continue
        taken = _rewrite(lines, out, pipes, position)
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
