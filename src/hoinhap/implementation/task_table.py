"""Tasks read from a programme: the appendix table ("TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan
phối hợp | Kết quả | Thời gian hoàn thành", columns found by their headings) or, where there is no
table, the clauses that say who leads ("Bộ Ngoại giao chủ trì, phối hợp với …"). Each task keeps
its provenance: the eId of the table or provision and the row or words it came from."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from hoinhap.legal import tree

COLUMNS = {
    "number": ("tt", "stt", "số tt"),
    "title": ("tên nhiệm vụ", "nhiệm vụ", "nội dung", "nội dung nhiệm vụ", "tên đề án", "đề án"),
    "lead": ("cơ quan chủ trì", "chủ trì", "đơn vị chủ trì", "cơ quan chủ trì thực hiện"),
    "coordinators": ("cơ quan phối hợp", "phối hợp", "đơn vị phối hợp"),
    "output": ("kết quả", "sản phẩm", "hình thức văn bản", "kết quả/sản phẩm", "sản phẩm dự kiến"),
    "deadline": ("thời gian hoàn thành", "thời hạn", "thời gian", "tiến độ", "thời hạn hoàn thành",
                 "thời gian trình"),
}
_GROUP = re.compile(r"^([IVXLC]+)[.\-]?$")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?$")


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
    warnings: list[str] = field(default_factory=list)


def extract(document: tree.Document) -> list[ExtractedTask]:
    """The tasks of a programme: from its task tables if it has any, else from its provisions.
    A table is a run of "| … |" lines, in a table node or inside a block the parser kept as text."""
    tables = [(node.eid, block) for node in document.walk() for block in _table_blocks(node.text)
              if _columns(block)]
    if tables:
        return [task for eid, block in tables for task in _from_table(eid, block)]
    return list(_from_text(document))


def _table_blocks(text: str) -> Iterator[str]:
    block: list[str] = []
    for line in text.split("\n") + [""]:
        if line.lstrip().startswith("|"):
            block.append(line)
        elif block:
            yield "\n".join(block)
            block = []


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _columns(text: str) -> dict[str, int] | None:
    for line in text.split("\n")[:3]:
        headers = [re.sub(r"\s+", " ", cell.lower()) for cell in _cells(line)]
        found = {}
        for key, names in COLUMNS.items():
            for index, header in enumerate(headers):
                if header in names and key not in found:
                    found[key] = index
        if {"title", "lead"} <= found.keys():
            return found
    return None


def _from_table(eid: str, text: str) -> Iterator[ExtractedTask]:
    columns = _columns(text)
    assert columns is not None
    group = ""
    for line in text.split("\n"):
        cells = _cells(line)
        if not cells or set("".join(cells)) <= set("-: "):
            continue
        first = cells[columns.get("number", 0)] if cells else ""
        value = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
        if _GROUP.match(first.strip()):
            group = f"{first.strip().rstrip('.')}. {value['title']}".strip()
            continue
        number = _NUMBER.match(first.strip())
        if number is None or not value["title"]:
            continue
        yield _task(number.group(1), value, group, eid, line.strip())


def _task(number: str, value: dict[str, str], group: str, eid: str, source: str) -> ExtractedTask:
    task = ExtractedTask(number=number, title=value["title"], lead=value.get("lead", ""),
                         coordinators=value.get("coordinators", ""), output=value.get("output", ""),
                         deadline=value.get("deadline", ""), group=group, source_eid=eid, source_text=source[:2000],
                         parent_number=number.rsplit(".", 1)[0] if "." in number else "")
    if not task.lead:
        task.warnings.append("no lead agency in the source")
    return task


_LEAD = re.compile(r"(?P<lead>(?:Bộ|Ủy ban|Văn phòng|Ngân hàng|Thanh tra|Ban|Kiểm toán)[^,;:.()]{2,80}?)\s+chủ trì"
                   r"(?:,?\s*phối hợp với\s+(?P<with>[^.;]+?))?(?:[,:]|\s+(?=xây dựng|nghiên cứu|trình|tổ chức|rà soát))")
_DUE = re.compile(r"(?:hoàn thành|trình)[^.;]*?(?:trong|trước)\s+(?P<due>(?:ngày\s+)?[^.;,]*?\d{4})")


def _from_text(document: tree.Document) -> Iterator[ExtractedTask]:
    """Provisions that name a lead ("X chủ trì"): one task each, the provision's words as its title."""
    for node in document.walk():
        text = node.text.replace("\n", " ")
        match = _LEAD.search(text)
        if match is None:
            continue
        due = _DUE.search(text)
        value = {"title": text[:1000], "lead": match.group("lead").strip(),
                 "coordinators": (match.group("with") or "").strip(), "deadline": due.group("due").strip() if due else ""}
        yield _task(node.num or node.eid, value, "", node.eid, text)
