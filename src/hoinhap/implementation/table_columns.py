"""The columns of a task table, recognised by meaning: each heading is scored against the words real
plans use for each role, and the best-scoring heading takes the role ("Nhiệm vụ, giải pháp" the
task, "Đơn vị chủ trì" the lead, "Thời gian hoàn thành" the deadline …). A table with no heading
row has its roles inferred from what its cells hold (agency names, deadlines, numbers).

Short rows (cells merged from the row above) are aligned to the columns their cells fit best, the
missing ones being the merged ones. Framework-free."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hoinhap.implementation.deadlines import UNKNOWN, parse_deadline

ROLES = ("number", "title", "lead", "coordinators", "deadline", "output")
# (words in the heading, score): the heading's score for a role is the sum of what it contains.
_WORDS: dict[str, tuple[tuple[str, int], ...]] = {
    "title": (("nhiệm vụ", 5), ("nội dung", 4), ("tên", 2), ("giải pháp", 3), ("đề án", 3), ("dự án", 3),
              ("công việc", 3), ("văn bản", 2), ("chỉ tiêu", 4), ("hoạt động", 2), ("văn bản giao", -12),
              ("thuộc nhóm", -8), ("chịu trách nhiệm", -10), ("nguồn", -10), ("kết quả", -6), ("sản phẩm", -6)),
    "lead": (("chủ trì", 10), ("cơ quan thực hiện", 6), ("đơn vị thực hiện", 6), ("cơ quan/đơn vị thực hiện", 6),
             ("soạn thảo", 4), ("người đứng đầu", -12), ("phối hợp", -12)),
    "coordinators": (("phối hợp", 10),),
    "deadline": (("thời hạn", 8), ("thời gian", 6), ("tiến độ", 5), ("hoàn thành", 2), ("thời điểm", 5),
                 ("nguồn", -10)),
    "output": (("sản phẩm", 8), ("kết quả", 6), ("hình thức", 5), ("chỉ tiêu đạt", 7), ("hồ sơ", 4),
               ("chỉ tiêu", 0)),
}
_NUMBER_HEADINGS = {"tt", "stt", "số tt", "số thứ tự", "số", "thứ tự"}
_THRESHOLD = 4
_CAPTION = re.compile(r"^\s*(?:PHỤ LỤC|Phụ lục)\b|\(Kèm theo|^\s*\d+\.\s+Các nhiệm vụ", re.MULTILINE)
# An agency's name: a word that starts one, then a capitalised word ("Bộ Xây dựng", not "Bộ công cụ";
# "Ban Dân nguyện", not "Ban hành"), or a group ("Các bộ, ngành", "UBND các tỉnh").
_AGENCY_WORD = re.compile(
    r"^(?:[-+•]\s*)?(?:Bộ|Ủy ban|Uỷ ban|Sở|Văn phòng|Ban|Trung tâm|Tổng cục|Cục|Cơ quan|Hội|Viện|Tòa án|Ngân hàng"
    r"|Đài|Thông tấn xã|Công an|Bộ Chỉ huy|Liên đoàn|Đoàn|Mặt trận|Trung ương|Tỉnh|Thành phố|Chủ tịch|Kiểm toán"
    r"|Thanh tra|Đại học|Học viện|Trường|Tập đoàn|Báo|Tổng Thư ký|Hội đồng|Vụ|Phòng|Chi cục|Quỹ|Kho bạc"
    r"|Tổng công ty|Người đứng đầu)\s+(?P<next>\w)")
_AGENCY_GROUP = re.compile(r"^(?:[-+•]\s*)?(?:UBND|HĐND|MTTQ|TTXVN|VTV|VOV|Bộ, ngành|(?:Ủy|Uỷ) ban nhân dân"
                           r"|Hội đồng nhân dân|Ban [Cc]hỉ (?:đạo|huy)|Bộ [Cc]hỉ huy|Công an (?:tỉnh|thành phố)"
                           r"|Cơ quan (?:ngang bộ|thuộc Chính phủ|trung ương|nhà nước)"
                           r"|[Cc]ác\s+(?:bộ|sở|cơ quan|đơn vị|"
                           r"địa phương|tỉnh|ban|ngành|tổ chức|doanh nghiệp|hiệp hội|hội đoàn thể|trường|viện|cơ sở|Bộ|Sở)"
                           r"|(?:Bộ|Sở|Ban|Cơ quan|Đơn vị)\s*,\s*(?:ban|ngành|cơ quan|đơn vị|địa phương|sở))\b")


def is_agency(text: str) -> bool:
    text = text.strip()
    if _AGENCY_GROUP.match(text):
        return True
    found = _AGENCY_WORD.match(text)
    return found is not None and found.group("next").isupper()


# a long cell is a deadline only if it opens like one ("Thực hiện trong giai đoạn 2026 - 2030. Trong đó …"),
# not a task that names a year ("Khắc phục các nhiệm vụ phải hoàn thành trong năm 2025 …")
_DEADLINE_START = re.compile(r"^(?:[-+•]\s*)?(?:giai đoạn|thực hiện|hoàn thành|năm|quý|quí|tháng|trước|theo|thường xuyên"
                             r"|hằng|hàng|từ|trong|triển khai|bắt đầu|\d)")
_CELL_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d+)*|[IVXLC]+|[A-ZĐ]|[a-zđ])[.)]?$")


def normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("uỷ", "ủy")
    return re.sub(r"\s+", " ", re.sub(r"\[\d+\]", "", text)).strip(" .:*")


def flat(text: str) -> str:
    """A cell as one line: every run of whitespace (line wraps included) one space."""
    return re.sub(r"\s+", " ", text).strip()


def cell(text: str) -> str:
    """An agency cell: wrapped lines joined, list items ("- Bộ X;") kept one per line."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    out: list[str] = []
    for line in lines:
        if out and not line.startswith(("-", "+", "•")):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def heading_scores(heading: str) -> dict[str, int]:
    text = normal(heading)
    scores = {role: sum(points for words, points in _WORDS[role] if words in text) for role in _WORDS}
    scores["number"] = 20 if text in _NUMBER_HEADINGS else 0
    return scores


@dataclass
class ColumnMap:
    roles: dict[str, int]
    headings: list[str]
    width: int
    header_rows: int = 1
    scores: dict[str, int] = field(default_factory=dict)

    def report(self) -> list[dict[str, Any]]:
        """Each heading and the role it was read as ("ignored" for the others)."""
        by_index = {index: role for role, index in self.roles.items()}
        return [{"heading": flat(h), "read_as": by_index.get(i, "ignored"),
                 "score": self.scores.get(by_index.get(i, ""), 0)} for i, h in enumerate(self.headings)]

    def is_header_again(self, cells: Sequence[str]) -> bool:
        """A header row repeated on a new page."""
        return bool(self.headings) and [normal(c) for c in cells] == [normal(h) for h in self.headings]

    def values(self, cells: Sequence[str]) -> tuple[dict[str, str], list[str]]:
        """The row's cells by role, and the roles whose cells are missing (merged from above)."""
        if len(cells) != self.width:  # a row as wide as the table keeps its empty cells in place
            cells = _trimmed(cells)
        if len(cells) >= self.width:
            return {role: cells[i] for role, i in self.roles.items() if i < len(cells)}, []
        present = _align(cells, self)
        value = {role: cells[present.index(i)] for role, i in self.roles.items() if i in present}
        return value, [role for role, i in self.roles.items() if i not in present]


def _trimmed(cells: Sequence[str]) -> list[str]:
    """The cells up to the last one with text (a broken row's trailing "|  |" are not columns)."""
    out = list(cells)
    while len(out) > 1 and not out[-1].strip():
        out.pop()
    return out


def read_header(rows: Sequence[Any]) -> ColumnMap | None:
    """The column map from the first rows that read as a heading row (title and lead found)."""
    for index, row in enumerate(rows[:4]):
        # the crawl may glue the text before the table (the appendix's title) to the heading row
        found = _header_at(row.cells)
        if found is not None:
            mapping = found[1]
            skip = index + 1
            if skip < len(rows) and _is_numbering_row(rows[skip].cells):
                skip += 1  # "(1) | (2) | (3)" under the headings
            mapping.header_rows = skip
            return mapping
    return None


def sections(rows: Sequence[Any]) -> list[tuple[ColumnMap | None, list[Any]]]:
    """The table cut where a new heading row starts (two appendices' tables run together in the
    crawl, or a second table follows the first with no text between): each part with its map."""
    parts: list[tuple[ColumnMap | None, list[Any]]] = []
    current: ColumnMap | None = None
    body: list[Any] = []
    for row in rows:
        found = None if current is not None and current.is_header_again(row.cells) else _header_at(row.cells)
        if found is None:
            body.append(row)
            continue
        offset, mapping = found
        if current is not None and offset >= 2:  # the last row of a table, glued to the next one's headings
            before = list(row.cells[:offset])
            while before and _CAPTION.search(before[-1]):
                before.pop()  # the next table's title ("PHỤ LỤC II …", "2. Các nhiệm vụ về …")
            body.append(type(row)(before[:current.width], row.index, row.line))
        if current is not None or body:
            parts.append((current, body))
        current, body = mapping, []
    parts.append((current, body))
    return parts


def _header_at(cells: Sequence[str]) -> tuple[int, ColumnMap] | None:
    """Where a heading row starts in these cells (after text glued before it), and its map."""
    best: tuple[float, int, ColumnMap] | None = None
    for offset in range(max(0, len(cells) - 1)):
        mapping = _map(cells[offset:])
        if mapping is not None:
            # the real heading row: the best-scoring start, few headings read as nothing
            quality = sum(mapping.scores.values()) - 5 * (mapping.width - len(mapping.roles))
            if best is None or quality > best[0]:
                best = (quality, offset, mapping)
    return (best[1], best[2]) if best else None


def _map(headings: Sequence[str]) -> ColumnMap | None:
    headings = _trimmed(headings)
    if len(headings) < 2 or any(len(h) > 120 for h in headings):
        return None
    candidates = sorted(((score, role, i) for i, h in enumerate(headings)
                         for role, score in heading_scores(h).items() if score >= _THRESHOLD), reverse=True)
    roles: dict[str, int] = {}
    scores: dict[str, int] = {}
    for score, role, i in candidates:
        if role not in roles and i not in roles.values():
            roles[role], scores[role] = i, score
    if not {"title", "lead"} <= roles.keys():
        return None
    return ColumnMap(roles, list(headings), len(headings), scores=scores)


def _is_numbering_row(cells: Sequence[str]) -> bool:
    return len(cells) > 2 and all(re.fullmatch(r"\(?\d+\)?", c.strip()) for c in cells if c.strip())


def infer(rows: Sequence[Any]) -> ColumnMap | None:
    """Roles for a table with no heading row, from its cells: numbers first, then the longest text
    (the task), the first and second agency columns (lead, coordinating), deadlines, and the text
    column left (the output). Only for tables of numbered rows, four columns or more."""
    width = max((len(r.cells) for r in rows), default=0)
    full = [r.cells for r in rows if len(r.cells) == width]
    if width < 4 or len(full) < 2 or not all(_CELL_NUMBER.match(c[0].strip()) for c in full):
        return None
    kinds = [_column_kind([c[i] for c in full]) for i in range(width)]
    roles: dict[str, int] = {"number": 0}
    lengths = [sum(len(c[i]) for c in full) for i in range(width)]
    text_columns = [i for i in range(1, width) if kinds[i] == "text"]
    if text_columns:
        roles["title"] = max(text_columns, key=lambda i: lengths[i])
    agencies = [i for i in range(1, width) if kinds[i] == "agency"]
    for role, i in zip(("lead", "coordinators"), agencies, strict=False):
        roles[role] = i
    deadlines = [i for i in range(1, width) if kinds[i] == "deadline"]
    if deadlines:
        roles["deadline"] = deadlines[0]
    rest = [i for i in text_columns if i not in roles.values()]
    if rest:
        roles["output"] = rest[0]
    if not {"title", "lead"} <= roles.keys():
        return None
    return ColumnMap(roles, [], width, header_rows=0)


def _column_kind(values: list[str]) -> str:
    votes = {"agency": 0, "deadline": 0, "text": 0}
    for value in values:
        votes[_cell_kind(value)] += 1
    return max(votes, key=lambda k: votes[k])


def _cell_kind(value: str) -> str:
    text = normal(value)
    if is_agency(value) and len(text) < 250:
        return "agency"
    if text and (len(text) < 120 or (len(text) < 400 and _DEADLINE_START.match(text))) \
            and parse_deadline(value[:120]).kind != UNKNOWN:
        return "deadline"
    return "text"


def _fit(value: str, role: str | None) -> float:
    """How well a cell fits a column: agencies in agency columns, deadlines in the deadline one."""
    text = value.strip()
    kind = _cell_kind(text) if text else ""
    number = bool(_CELL_NUMBER.match(text))
    if role == "number":
        return 3.0 if number or not text else -3.0
    if number:
        return -2.0
    if role in ("lead", "coordinators"):
        if kind != "agency":
            return -1.0
        # a sub-row's one named agency is more likely its own lead, a group ("Các bộ, ngành liên quan")
        # its coordinators: a lead is one organisation (Decree 39/2022)
        group = bool(re.match(r"^(?:[-+•]\s*)?[Cc]ác\s|.*liên quan\.?$", text))
        return 2.1 if (role == "lead") != group else 2.0
    if role == "deadline":
        return 2.0 if kind == "deadline" else -0.5
    if role == "title":
        return 1.0 if kind == "text" else -0.5
    if role is None:  # a column read as nothing ("Nguồn kinh phí"): the first to be merged from above
        return 0.0
    return 0.5 if kind == "text" else 0.0


def _align(cells: Sequence[str], mapping: ColumnMap) -> list[int]:
    """The columns a short row's cells stand in: the choice (in order) whose cells fit best; on a
    tie, the missing columns are the leftmost (merged cells of a rowspan are the leading ones)."""
    by_index = {i: role for role, i in mapping.roles.items()}
    best: tuple[float, tuple[int, ...]] = (float("-inf"), ())
    for choice in itertools.combinations(range(mapping.width), len(cells)):
        score = sum(_fit(c, by_index.get(i)) for c, i in zip(cells, choice, strict=True))
        score += 0.01 * sum(choice) / max(1, len(choice))  # prefer the rightmost columns on a tie
        if score > best[0]:
            best = (score, choice)
    return list(best[1])
