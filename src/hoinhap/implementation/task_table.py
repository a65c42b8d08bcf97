"""Tasks read from a programme: its task tables, whatever their layout, or, where there is no
table, the provisions that say who leads ("Bộ Ngoại giao chủ trì, phối hợp với …").

A table is read in three steps (see docs/implementation.md, "Task tables as they arrive"):

1. ``table_lines`` finds the tables in the text and cuts them into rows of cells, whatever the
   layout: pipe rows ("| a | b |", with or without the outer pipes, rows broken over several lines),
   one cell per line between lone "|" lines (how the crawl and web pages lay out HTML tables), and
   the table nodes of the document tree (Word tables come out as pipe rows);
2. ``columns.read_header`` recognises the columns by meaning, a scored match of each heading
   against what each role is called in real plans ("Nhiệm vụ, giải pháp", "Đơn vị chủ trì",
   "Thời gian hoàn thành" …), and reports which heading was read as what;
3. the rows become tasks: group rows (A., I., II.1, a heading with nothing else) as groups, "1.1"
   as a child of "1", short rows (cells merged from the row above) filled from the row above,
   "Như trên" inherited, several leads kept as the first one and a warning.

Each task keeps its provenance: the eId of the node the table is in (or the line of the text) and
its row in the table."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from hoinhap.implementation import agencies
from hoinhap.implementation import table_columns as columns
from hoinhap.implementation.table_lines import Row, Table, find_tables
from hoinhap.legal import tree

_GROUP = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])(?:[.\-)]|\.\d+(?:\.\d+)*\.?)?$")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)[.)]?$")
_LETTER = re.compile(r"^([a-zđ])[).]$")
_SAME_AS_ABOVE = re.compile(r"^(?:như trên|nt|n/t|như trên\.)$", re.IGNORECASE)


@dataclass
class ExtractedTask:
    number: str
    title: str
    lead: str
    coordinators: str = ""
    output: str = ""
    deadline: str = ""
    group: str = ""
    source_eid: str = ""
    source_text: str = ""
    parent_number: str = ""
    table: int = 0
    row: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class TableReport:
    """What the extractor made of one table: which heading was read as what, and its rows."""

    index: int
    source_eid: str
    line: int
    layout: str
    headings: list[dict[str, Any]]
    rows: int = 0
    tasks: int = 0
    groups: int = 0
    continued: bool = False


@dataclass
class Extraction:
    tasks: list[ExtractedTask]
    tables: list[TableReport]
    source: str  # "table", "provisions" or "none"
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "tables": [asdict(t) for t in self.tables],
                "tasks": [asdict(t) for t in self.tasks], "warnings": self.warnings}


def extract(document: tree.Document) -> list[ExtractedTask]:
    """The tasks of a programme: from its task tables if it has any, else from its provisions."""
    return read(document).tasks


def read(document: tree.Document | None = None, text: str | None = None) -> Extraction:
    """The tasks, with the extraction report. ``text`` is the document as received (markdown or
    plain text), which keeps every table separator; without it the tree's lines are read."""
    lines = _text_lines(text) if text is not None else list(_tree_lines(document)) if document else []
    tables = find_tables(lines)
    extraction = Extraction([], [], "none")
    previous: columns.ColumnMap | None = None
    for table in tables:
        for mapping, body in columns.sections(table.rows):
            continued = False
            if mapping is None and previous is not None and _continues(body, previous):
                mapping, continued = previous, True  # a table going on after a page break or a heading
            elif mapping is None:
                mapping = columns.infer(body)
            if mapping is None:
                continue
            previous = mapping
            report = TableReport(len(extraction.tables) + 1, table.eid, table.line, table.layout, mapping.report(),
                                 continued=continued)
            extraction.tables.append(report)
            extraction.tasks.extend(_rows(table, body, mapping, report))
    if extraction.tasks:
        extraction.source = "table"
    elif document is not None:
        extraction.tasks = list(_from_text(document))
        extraction.source = "provisions" if extraction.tasks else "none"
    for task in extraction.tasks:
        extraction.warnings += [f"{task.number or '?'} (table {task.table}, row {task.row}): {w}" for w in task.warnings]
    return extraction


def document_text(document: tree.Document) -> str:
    """The tree read back as text, one line per line of its nodes (a Word file's tables as pipe rows)."""
    return "\n".join(line for line, _, _ in _tree_lines(document))


def _continues(rows: list[Any], previous: columns.ColumnMap) -> bool:
    widths = [len(row.cells) for row in rows]
    numbered = any(_NUMBER.match(columns.flat(row.cells[0])) for row in rows if row.cells)
    return bool(widths) and max(widths) == previous.width and numbered


# -- text to lines ----------------------------------------------------------------------------

_MARKUP = re.compile(r"\*\*|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|\\(?=[.\-()\[\]*_#+!|])")


def _text_lines(text: str) -> list[tuple[str, str, int]]:
    """Lines of a markdown or plain text, markup removed: (line, eId, line number)."""
    clean = _MARKUP.sub("", unicodedata.normalize("NFC", text))
    return [(line, "", number) for number, line in enumerate(clean.split("\n"), start=1)]


# Between two rows of a table node: a table node holds one row a line (a Word, PDF or Akoma Ntoso
# table, and a cell-per-line table, which the parser writes as pipe rows), so a short row (cells merged
# from the row above) must not be joined to the next as a row broken over lines would be.
_ROW_END = "|---|"


def _tree_lines(document: tree.Document) -> Iterator[tuple[str, str, int]]:
    """The tree read back as lines, each with the eId of its node."""
    number = 0
    for node in document.walk():
        head = " ".join(part for part in (node.marker, node.heading) if part)
        lines = node.text.split("\n")
        if node.kind == tree.TABLE:  # and a blank line after it: the text that follows is not a row
            lines = [line for row in lines for line in (row, _ROW_END)][:-1] + [""]
        for line in ([head] if head else []) + lines:
            number += 1
            yield _MARKUP.sub("", unicodedata.normalize("NFC", line)), node.eid, number


# -- rows to tasks ----------------------------------------------------------------------------


@dataclass
class _State:
    group: str = ""
    groups: list[tuple[int, str]] = field(default_factory=list)
    last: ExtractedTask | None = None
    above: dict[str, str] = field(default_factory=dict)  # the last full row's cells, for merged cells


def _rows(table: Table, body: list[Any], mapping: columns.ColumnMap, report: TableReport) -> Iterator[ExtractedTask]:
    state = _State()
    for row in _unglued(body, mapping.width):
        if mapping.is_header_again(row.cells) or not any(c.strip() for c in row.cells):
            continue
        report.rows += 1
        label = _short_group(row.cells, mapping.width)
        if label is not None:
            state.group = _push_group(state, *label)
            report.groups += 1
            continue
        value, missing = mapping.values(row.cells)
        number = columns.flat(value.get("number", ""))
        if _is_group(number, value):
            state.group = _push_group(state, number, columns.flat(value.get("title", "")))
            report.groups += 1
            continue
        if not columns.flat(value.get("title", "")) and not _NUMBER.match(number) and state.last is not None:
            _merge_into(state.last, value)  # a continuation row with no task of its own (nor number)
            continue
        for key in missing:  # cells merged from the row above (a rowspan); a row's task text is its own
            value[key] = "" if key == "title" else state.above.get(key, "")
        if _wrapped(number, value, state):
            _continue_cells(state.last, value)  # type: ignore[arg-type]  # _wrapped implies a last task
            continue
        task = _task(value, state, table.eid, row, report.index)
        state.above = {k: v for k, v in value.items()}
        state.above["lead"], state.above["coordinators"] = task.lead, task.coordinators
        state.last = task
        report.tasks += 1
        yield task


def _unglued(rows: list[Row], width: int) -> Iterator[Row]:
    """Rows wider than the table hold two rows glued by a lost separator (an elision line "…….."
    between them in the source): cut after the first ``width`` cells, at the next row number."""
    for row in rows:
        cells = row.cells
        while len(cells) > width + 1:
            yield Row(cells[:width], row.index, row.line)
            rest = cells[width:]
            start = next((i for i, c in enumerate(rest) if _NUMBER.match(c.strip()) and i + 1 < len(rest)), None)
            if start is None:
                cells = []
                break
            cells = rest[start:]
        if cells:
            yield Row(cells, row.index, row.line)


def _short_group(cells: list[str], width: int) -> tuple[str, str] | None:
    """A group row written shorter than the table ("A. | BỘ KHOA HỌC VÀ CÔNG NGHỆ", "I. Văn bản …")."""
    filled = [columns.flat(c) for c in cells if c.strip()]
    if len(cells) >= width or not filled or len(filled) > 2:
        return None
    if len(filled) == 2 and _GROUP.match(filled[0]):
        return filled[0], filled[1]
    if len(filled) == 1 and not columns.is_agency(filled[0]):
        number = re.match(r"^((?:[IVXLC]+|[A-ZĐ]|\d+(?:\.\d+)*)[.\-)])\s+", filled[0])
        return (number.group(1), filled[0][number.end():]) if number else ("", filled[0])
    return None


def _is_group(number: str, value: dict[str, str]) -> bool:
    if _GROUP.match(number) and not columns.flat(value.get("lead", "")):
        return True  # "IV." with a stray word in another cell is still a group
    others = any(columns.flat(value.get(key, "")) for key in ("lead", "coordinators", "deadline", "output"))
    if others:
        return False
    return not number or bool(_GROUP.match(number)) or bool(_NUMBER.match(number))


def _push_group(state: _State, number: str, title: str) -> str:
    """The group path of the tasks that follow: "I. Thể chế › I.1 Luật"; a group replaces those at its
    level and below. Levels: an unnumbered heading, then A./I., I.1, I.1.1, then 1., 1.1, then a)."""
    bare = number.rstrip(".)-")
    if not bare:
        level = 0
    elif bare[0].isupper():
        level = 1 + bare.count(".")
    elif bare[0].isdigit():
        level = 5 + bare.count(".")
    else:
        level = 9
    label = f"{number} {title}".strip() if number else title
    state.groups = [(lvl, text) for lvl, text in state.groups if lvl < level] + [(level, label)]
    return " › ".join(text for _, text in state.groups)[:500]


def _task(value: dict[str, str], state: _State, eid: str, row: Any, table: int) -> ExtractedTask:
    number = columns.flat(value.get("number", "")).rstrip(".)")
    lead, coordinators = columns.cell(value.get("lead", "")), columns.cell(value.get("coordinators", ""))
    warnings: list[str] = []
    if _SAME_AS_ABOVE.match(lead.strip()):
        lead = state.above.get("lead", "")
    elif not lead.strip() and state.above.get("lead") and "lead" in value:
        # a Word cell merged down from the row above (its continuation is written empty)
        lead = state.above["lead"]
        warnings.append("lead taken from the row above (a merged cell)")
    if _SAME_AS_ABOVE.match(coordinators.strip()):
        coordinators = state.above.get("coordinators", "")
    task = ExtractedTask(
        number=number, title=columns.flat(value.get("title", "")), lead=lead, coordinators=coordinators,
        output=columns.flat(value.get("output", "")), deadline=columns.flat(value.get("deadline", "")),
        group=state.group, source_eid=eid, source_text=" | ".join(row.cells)[:2000], table=table,
        row=row.index, warnings=warnings)
    task.parent_number = _parent(number, state)
    leads = agencies.split_agencies(task.lead)
    if not leads:
        warnings.append("no lead agency in the source")
    elif len(leads) > 1:
        warnings.append(f"several leads in the source ({columns.flat(task.lead)}); the first leads, the others coordinate")
    if not task.title:
        warnings.append("no task text in the source")
    return task


def _parent(number: str, state: _State) -> str:
    if "." in number:
        return number.rsplit(".", 1)[0]
    if _LETTER.match(number + ")") and state.last is not None and _NUMBER.match(state.last.number):
        return state.last.number  # "a)" under "1."
    return ""


def _wrapped(number: str, value: dict[str, str], state: _State) -> bool:
    """An unnumbered row among numbered ones whose lead cell goes on mid-name ("nghiệp và phát triển
    nông thôn, …"): the cells of the row above, cut by a page break."""
    if number or state.last is None or not state.last.number:
        return False
    lead = columns.flat(value.get("lead", ""))
    return not lead or lead[0].islower()


def _continue_cells(task: ExtractedTask, value: dict[str, str]) -> None:
    for key in ("title", "lead", "coordinators", "output", "deadline"):
        extra = columns.flat(value.get(key, ""))
        if extra:
            setattr(task, key, f"{getattr(task, key)} {extra}".strip())


def _merge_into(task: ExtractedTask, value: dict[str, str]) -> None:
    """A row with no task text of its own (a second lead and coordinating pair): joined with " || "."""
    for key in ("lead", "coordinators", "output", "deadline"):
        extra = columns.cell(value.get(key, "")) if key in ("lead", "coordinators") else columns.flat(value.get(key, ""))
        if extra and extra != getattr(task, key):
            setattr(task, key, f"{getattr(task, key)} || {extra}" if getattr(task, key) else extra)
            if key == "lead" and not any(w.startswith("several leads") for w in task.warnings):
                task.warnings.append(f"several leads in the source ({columns.flat(task.lead)}); the first leads, "
                                     "the others coordinate")


# -- provisions that name a lead --------------------------------------------------------------

_LEAD = re.compile(r"(?P<lead>(?:Bộ|Ủy ban|Văn phòng|Ngân hàng|Thanh tra|Ban|Kiểm toán)[^,;:.()]{2,80}?)\s+chủ trì"
                   r"(?:,?\s*phối hợp với\s+(?P<with>[^.;]+?))?(?:[,:]|\s+(?=xây dựng|nghiên cứu|trình|tổ chức|rà soát))")
# "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương có trách nhiệm …": the subject is the lead
_RESPONSIBLE = re.compile(r"^(?:\d+\.\s*|[a-zđ]\)\s*)?(?P<lead>(?:Bộ|Ủy ban|Uỷ ban|UBND|Văn phòng|Ngân hàng|Các bộ|Sở|Ban)"
                          r"[^;:.()]{2,120}?)\s+(?:có trách nhiệm|chịu trách nhiệm)")
_DUE = re.compile(r"(?:hoàn thành|trình)[^.;]*?(?:trong|trước)\s+(?P<due>(?:ngày\s+)?[^.;,]*?\d{4})")


def _from_text(document: tree.Document) -> Iterator[ExtractedTask]:
    """Provisions that name a lead ("X chủ trì"): one task each, the provision's words as its title."""
    for node in document.walk():
        text = node.text.replace("\n", " ")
        match = _LEAD.search(text) or _RESPONSIBLE.search(text)
        if match is None:
            continue
        due = _DUE.search(text)
        coordinators = match.groupdict().get("with") or ""
        task = ExtractedTask(number=node.num or node.eid, title=text[:1000], lead=match.group("lead").strip(),
                             coordinators=coordinators.strip(),
                             deadline=due.group("due").strip() if due else "", source_eid=node.eid,
                             source_text=text[:2000])
        yield task
