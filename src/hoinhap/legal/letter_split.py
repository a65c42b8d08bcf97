"""An official letter answering a consultation, split into proposed comments: one per provision it
cites ("Tại khoản 2 Điều 5: đề nghị …", "Đối với Điều 7, …", "- Khoản 3 Điều 12: …", "Điều 5, Điều 6:
…", "Tại Chương II …"), anchored to that provision's eId in the consulted version, with the words the
letter quotes from it ("…" found in the provision) and the opinion's text (from the citation to the
next one, or to the end of its paragraph and the paragraphs that continue it); general opinions are
proposed on the whole draft. Nothing here decides: the drafter confirms, edits or merges.

The letter's text comes from the readers the corpus uses (``reading.detect_format``, ``decode_text``,
``docx_text``, ``pdf_text``), never from a parsed tree: a letter's "Điều 7: đề nghị …" lines are not
articles. Citations are recognised with the grammar of ``citations.py`` (its internal references,
extended to lists and ranges: "khoản 2 và khoản 3 Điều 5", "các Điều 5, 6 và 7", "Điều 8 đến Điều
10"); one that names another document ("Điều 5 Luật Đầu tư", "khoản 2 Điều 5 Nghị định số
30/2020/NĐ-CP") is not about the draft. A bare "Khoản 3:" under a "Về Điều 5:" line belongs to
Điều 5."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from hoinhap.legal import tree
from hoinhap.legal.citations import document_citations, provision_citations
from hoinhap.legal.docx_reader import docx_text
from hoinhap.legal.eids import eid_num
from hoinhap.legal.errors import N_, UnreadableDocument
from hoinhap.legal.pdf_reader import PdfOptions, pdf_text
from hoinhap.legal.reading import decode_text, detect_format

LETTER_FORMATS = ("txt", "docx", "pdf")
WHOLE = ""  # the eId of a comment on the whole draft

_NUM = r"\d{1,4}[a-zđ]?"
_PT = r"[a-zđ]\d{0,2}"
_CH = r"[IVXLC]{1,6}|\d{1,2}"
_JOIN = r"(?:\s*,\s*|\s*;\s*|\s+và\s+|\s+hoặc\s+|\s*(?:đến|tới|–|—|-)\s*)"
_RANGE_WORD = re.compile(r"đến|tới|–|—|-")


def _list(label: str, item: str) -> str:
    return rf"(?:các\s+)?{label}\s+{item}(?:{_JOIN}(?:{label}\s+)?{item}(?![\w/]))*"


_POINTS, _CLAUSES = _list("điểm", _PT), _list("khoản", _NUM)
_ARTICLES, _CHAPTERS = _list("Điều", _NUM), _list("Chương", _CH)
_OF = r"\s*,?\s+(?:của\s+)?"  # "khoản 2 Điều 5", "khoản 2, Điều 5", "khoản 2 của Điều 5"
# One reference: the most specific shape first. An article list only closes a reference that names no clause
# or point ("khoản 1, 2 Điều 3 và Điều 4" is two references).
_UNIT = re.compile(
    rf"(?P<pc>(?:{_POINTS}{_OF})?{_CLAUSES}{_OF}Điều\s+(?P<a1>{_NUM}))"
    rf"|(?P<pa>{_POINTS}{_OF}Điều\s+(?P<a2>{_NUM}))"
    rf"|(?P<a>{_ARTICLES})"
    rf"|(?P<rc>(?:{_POINTS}{_OF})?{_CLAUSES})"
    rf"|(?P<rp>{_POINTS})"
    rf"|(?P<sec>Mục\s+(?P<s>\d{{1,2}})(?:\s+(?:của\s+)?Chương\s+(?P<sc>{_CH}))?)"
    rf"|(?P<ch>{_CHAPTERS})",
    re.IGNORECASE)
_UNIT_JOIN = re.compile(r"\s*(?:,|;|và|hoặc)\s*", re.IGNORECASE)
_LEAD = re.compile(r"(?:(?:tại|đối với|về|ở|riêng|với|trong|nội dung|quy định|dự thảo|các|phần|góp ý|ý kiến)\s+){0,4}",
                   re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-–—+•*▪●]+|\(?\d{1,2}(?:\.\d{1,2})*[.)]|\(?[a-zđ][.)]|[IVX]{1,5}[.)])\s*")
_OTHER_DOC = re.compile(r"\s*(?:của\s+)?(?:Bộ luật|Luật|Nghị định|Nghị quyết|Thông tư|Quyết định|Hiến pháp|"
                        r"Pháp lệnh|Chỉ thị|Kết luận|Hiệp định|Công ước)\b(?!\s+này)")
_SUBJECT = re.compile(r"^(?:(?:đề nghị|kiến nghị|cần|nên)\s+)(?:[^\s.;:“\"]+\s+){0,7}?"
                      r"(?=(?:điểm|khoản|Điều|Chương|Mục)\s+[\dIVXLCa-zđ])", re.IGNORECASE)
_NOT_SUBJECT = re.compile(r"(?:như|theo|với|tương tự|so với|thống nhất|phù hợp)\s+(?:\S+\s+)?$", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[-–+•]?\s*[A-ZĐÀ-Ỹ“\"])")
# What sits between a head citation and the opinion: "của dự thảo", "(về đối tượng)", ":".
_AFTER_HEAD = re.compile(r"^\s*(?:(?:của\s+)?(?:dự thảo|Nghị quyết này|Luật này)(?:\s+(?:Nghị quyết|Luật|Nghị định|"
                         r"Thông tư|Quyết định))?)?\s*(?:\([^)]{0,120}\))?\s*[:,–—-]?\s*", re.IGNORECASE)
_QUOTE = re.compile(r"[“\"«]([^”\"»]{3,}?)[”\"»]")
_INTRO_END = re.compile(r"(?:ý kiến|góp ý|tham gia)[^.\n]{0,80}(?:như sau|cụ thể)\s*:?\s*$", re.IGNORECASE)
_INTRO = re.compile(r"^(?:Trả lời|Phúc đáp|Thực hiện|Theo đề nghị|Căn cứ|Nhận được|Kính gửi|Số\s*:|V/v)", re.IGNORECASE)
_CLOSING = re.compile(r"^\s*(?:Trên đây là|Trân trọng|Xin trân trọng|Nơi nhận|KT\.|TM\.|TL\.|Q\.\s|/\.\s*$)",
                      re.IGNORECASE)
_HEADING = re.compile(r"^(?:(?:phần\s+)?(?:ý kiến|góp ý|nội dung|về|đối với)\b[^.:]{0,60}:?|[A-ZĐÀ-Ỹ ,:]{6,80})$",
                      re.IGNORECASE)
_ASKS = re.compile(r"đề nghị|kiến nghị|đề xuất", re.IGNORECASE)  # an opinion, even without its full stop
_GENERAL_HEADING = re.compile(r"\bchung\b|tổng thể|khái quát|tổng quát", re.IGNORECASE)
_GENERAL_START = re.compile(r"^(?:Ngoài ra|Bên cạnh đó|Về (?:kỹ thuật|thể thức|hình thức|ngôn ngữ|bố cục)|"
                            r"Đề nghị rà soát (?:toàn bộ|tổng thể))", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Ref:
    """A provision as cited: the numbers as written (empty where not named)."""

    chapter: str = ""
    section: str = ""
    article: str = ""
    clause: str = ""
    point: str = ""

    def label(self) -> str:
        parts = [f"{name} {num}" for name, num in (("điểm", self.point), ("khoản", self.clause),
                                                   ("Điều", self.article), ("Mục", self.section),
                                                   ("Chương", self.chapter)) if num]
        return " ".join(parts)


@dataclass(slots=True)
class Proposal:
    """One proposed comment: ``eid`` in the consulted version (``WHOLE`` for the whole draft), the
    provision as the letter cites it, the quoted words found in the provision, the opinion's text,
    the letter's line it starts on, and what the drafter should check."""

    eid: str
    cited: str
    text: str
    quote: str = ""
    line: int = 0
    warning: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"eid": self.eid, "cited": self.cited, "quote": self.quote, "text": self.text, "line": self.line,
                "warning": self.warning}


@dataclass(slots=True)
class _Opinion:
    refs: list[Ref]
    cited: str
    line: int
    parts: list[str] = field(default_factory=list)


def letter_text(data: bytes, filename: str = "", *, pdf: PdfOptions | None = None) -> tuple[str, str]:
    """``(format, text)`` of a letter (.pdf, .docx, .txt/.md); anything else is ``UnreadableDocument``."""
    if not data.strip():
        raise UnreadableDocument(N_("the letter is empty"))
    fmt = detect_format(filename, data)
    if fmt == "pdf":
        return fmt, pdf_text(data, pdf or PdfOptions()).text
    if fmt == "docx":
        return fmt, docx_text(data)
    if fmt != "txt":
        raise UnreadableDocument(N_("an official letter is a PDF, Word (.docx) or text file"))
    return fmt, decode_text(data)


def split_letter(text: str, document: tree.Document) -> list[Proposal]:
    """The proposed comments of a letter's text on the consulted version ``document``."""
    opinions: list[_Opinion] = []
    current: _Opinion | None = None
    article = ""  # the article a bare "Khoản 3:" belongs to
    general = False
    for number, line in _body(_lines(text)):
        bare = _BULLET.sub("", line, count=1)
        bulleted = bare != line
        if _is_heading(bare):
            current, article, general = None, "", bool(_GENERAL_HEADING.search(bare))
            continue
        for index, sentence in enumerate(_SENTENCE.split(bare)):
            head = _head(sentence, article, subject=index == 0)
            if head is not None:
                refs, cited, rest = head
                current = _Opinion(refs, cited, number, [rest] if rest else [])
                opinions.append(current)
                articles = {ref.article for ref in refs}
                article = articles.pop() if len(articles) == 1 else article
            elif current is None or index == 0 and (not current.refs or bool(_GENERAL_START.match(sentence))
                                                    or general and bulleted):
                current = _Opinion([], "", number, [sentence])
                opinions.append(current)
                article = ""
            else:
                current.parts.append(sentence)
    return [proposal for opinion in _drop_empty_parents(opinions) for proposal in _proposals(opinion, document)]


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their numbers; a table row becomes "citation: text" (number cells dropped)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line.startswith("|") and line.endswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            cells = [cell for cell in cells if cell and not re.fullmatch(r"[\dIVX.)]+", cell)]
            line = ": ".join(cells)
            if len(line) < 60 and not _has_citation(line):
                continue  # a header row: "TT | Điều khoản | Nội dung góp ý"
        if line:
            lines.append((number, re.sub(r"\s+", " ", line)))
    return lines


def _body(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines between the letter's introduction ("… có ý kiến như sau:") and its closing."""
    start = next((i + 1 for i, (_, line) in enumerate(lines) if _INTRO_END.search(line)), None)
    if start is None:
        start = next((i + 1 for i, (_, line) in enumerate(lines) if line.lower().startswith("kính gửi")), 0)
        while start < len(lines) and (_INTRO.match(lines[start][1]) or lines[start][1].startswith("- ")
                                      and len(lines[start][1]) < 60 and not _has_citation(lines[start][1])):
            start += 1
    end = next((i for i in range(start, len(lines)) if _CLOSING.match(lines[i][1])), len(lines))
    return lines[start:end]


def _has_citation(text: str) -> bool:
    return bool(provision_citations(text))


def _is_heading(line: str) -> bool:
    """"1. Ý kiến chung", "II. GÓP Ý CỤ THỂ", "Về nội dung cụ thể:": a short line naming no provision."""
    return (len(line) <= 90 and bool(_HEADING.match(line)) and not _has_citation(line) and not line.endswith(".")
            and not _ASKS.search(line))


def _head(sentence: str, article: str, *, subject: bool) -> tuple[list[Ref], str, str] | None:
    """The provisions a sentence opens with (after "Tại", "Đối với", "Về" …), the citation as written and
    the rest of the sentence; or, for a paragraph's first sentence, the provisions "Đề nghị sửa khoản 2
    Điều 5 …" is about."""
    lead = _LEAD.match(sentence)
    at = lead.end() if lead else 0
    found = _group(sentence, at, article)
    if found is None and subject:
        verb = _SUBJECT.match(sentence)
        if verb and not _NOT_SUBJECT.search(sentence[:verb.end()]):
            found = _group(sentence, verb.end(), article)
            if found is not None:
                return found[0], found[1], sentence.strip()
    if found is None:
        return None
    refs, cited, end = found
    rest = _AFTER_HEAD.sub("", sentence[end:])
    return refs, cited, rest.strip()


def _group(text: str, at: int, article: str) -> tuple[list[Ref], str, int] | None:
    """The references at ``at``: one or more units joined by "," or "và", unless another document's."""
    refs: list[Ref] = []
    end = at
    while True:
        match = _UNIT.match(text, end)
        if match is None:
            break
        unit = _unit_refs(match, article)
        if not unit:
            break
        refs.extend(unit)
        end = match.end()
        joined = _UNIT_JOIN.match(text, end)
        if joined is None or not _UNIT.match(text, joined.end()):
            break
        end = joined.end()
    if not refs:
        return None
    end = _trim(text, at, end)
    tail = text[end:end + 80]
    if _OTHER_DOC.match(tail) or any(c.start <= 2 for c in document_citations(tail)):
        return None  # "Điều 5 Luật Đầu tư", "khoản 2 Điều 5 Nghị định số 30/2020/NĐ-CP"
    return refs, text[at:end].strip(), end


def _trim(text: str, at: int, end: int) -> int:
    while end > at and text[end - 1] in " ,;":
        end -= 1
    return end


def _numbers(listed: str, label: str) -> list[str]:
    """"5, 6 và 7" → 5, 6, 7; "8 đến 10" → 8, 9, 10 (after the ``label`` word)."""
    body = re.sub(rf"(?:các\s+)?{label}\s+", " ", listed, flags=re.IGNORECASE)
    tokens = re.findall(r"[\w]+|đến|tới|–|—|-", body)
    values: list[str] = []
    pending_range = False
    for token in tokens:
        if _RANGE_WORD.fullmatch(token):
            pending_range = True
            continue
        if token.lower() in ("và", "hoặc", "của", "các"):
            continue
        if pending_range and values and values[-1].isdigit() and token.isdigit() and 0 < int(token) - int(values[-1]) < 50:
            values.extend(str(n) for n in range(int(values[-1]) + 1, int(token) + 1))
        elif pending_range and values and len(values[-1]) == 1 and len(token) == 1 and values[-1].isalpha():
            values.extend(chr(c) for c in range(ord(values[-1]) + 1, ord(token) + 1))
        else:
            values.append(token)
        pending_range = False
    return values


def _part(text: str, label: str, stop: str) -> str:
    """The list after ``label`` in a unit, up to the next label ``stop``."""
    match = re.search(rf"(?:các\s+)?{label}\s+.*?(?=\s+(?:của\s+)?(?:{stop})\s|$)", text, re.IGNORECASE)
    return match.group(0) if match else ""


def _unit_refs(match: re.Match[str], article: str) -> list[Ref]:
    whole = match.group(0)
    if match.group("a"):
        return [Ref(article=n) for n in _numbers(whole, "Điều")]
    if match.group("ch"):
        return [Ref(chapter=n) for n in _numbers(whole, "Chương")]
    if match.group("sec"):
        return [Ref(section=match.group("s"), chapter=match.group("sc") or "")]
    art = match.group("a1") or match.group("a2") or article
    if not art:
        return []  # "khoản 3" with no article in view: a reference we cannot place
    points = _numbers(_part(whole, "điểm", "khoản|Điều"), "điểm") if re.match(r"(?:các\s+)?điểm", whole, re.I) else []
    clauses = _numbers(_part(whole, "khoản", "Điều"), "khoản") if re.search(r"khoản", whole, re.I) else []
    if match.group("pa") or (match.group("rp") and not clauses):
        return [Ref(article=art, point=p) for p in points]
    if points:
        return [Ref(article=art, clause=c, point=p) for c in clauses for p in points]
    return [Ref(article=art, clause=c) for c in clauses]


def _drop_empty_parents(opinions: list[_Opinion]) -> list[_Opinion]:
    """"Về Điều 5:" with no words of its own, followed by "- Khoản 2: …", is only a heading."""
    kept = []
    for i, opinion in enumerate(opinions):
        following = opinions[i + 1] if i + 1 < len(opinions) else None
        if (not " ".join(opinion.parts).strip() and following is not None and opinion.refs and following.refs
                and all(ref.article == opinion.refs[0].article for ref in following.refs)):
            continue
        kept.append(opinion)
    return kept


def _proposals(opinion: _Opinion, document: tree.Document) -> list[Proposal]:
    text = " ".join(part.strip() for part in opinion.parts if part.strip())
    text = re.sub(r"\s*\./\.\s*$", ".", text).strip() or opinion.cited
    if not opinion.refs:
        return [Proposal(WHOLE, "", text, line=opinion.line)]
    found = []
    for ref in opinion.refs:
        node, warning = resolve(ref, document)
        found.append(Proposal(node.eid if node else WHOLE, ref.label(), text, _quote(text, node), opinion.line,
                              warning))
    return found


def resolve(ref: Ref, document: tree.Document) -> tuple[tree.Node | None, str]:
    """The node a reference names, or the nearest one that exists with a warning saying what is missing."""
    if ref.chapter or ref.section:
        chapter = _find(document.body, tree.CHAPTER, ref.chapter) if ref.chapter else None
        if ref.chapter and chapter is None:
            return None, f"no Chương {ref.chapter} in this version"
        if not ref.section:
            return chapter, ""
        scope = chapter.children if chapter else document.body
        section = _find(scope, tree.SECTION, ref.section)
        return (section, "") if section else (chapter, f"no Mục {ref.section} in this version")
    article = next((node for node in document.articles() if eid_num(node.num) == eid_num(ref.article)), None)
    if article is None:
        return None, f"no Điều {ref.article} in this version"
    node = article
    for kind, num, name in ((tree.CLAUSE, ref.clause, "khoản"), (tree.POINT, ref.point, "điểm")):
        if not num:
            continue
        child = next((c for c in node.children if c.kind == kind and eid_num(c.num) == eid_num(num)), None)
        if child is None:
            return node, f"Điều {ref.article} has no {name} {num} in this version"
        node = child
    return node, ""


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(num: str) -> str:
    """"II" and "2" alike, for chapters."""
    if num.isdigit():
        return num
    total = 0
    values = [_ROMAN.get(ch, 0) for ch in num.upper()]
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and values[i + 1] > value else value
    return str(total)


def _find(nodes: list[tree.Node], kind: str, num: str) -> tree.Node | None:
    for node in nodes:
        for inner in node.walk():
            if inner.kind == kind and _roman(inner.num) == _roman(num):
                return inner
    return None


def _quote(text: str, node: tree.Node | None) -> str:
    """The first quoted words of the opinion that occur in the provision (case and spacing aside)."""
    if node is None:
        return ""
    words = tree.squash("".join(n.heading + n.text for n in node.walk())).lower()
    for match in _QUOTE.finditer(text):
        quoted = match.group(1).strip()
        if tree.squash(quoted).lower() in words:
            return quoted
    return ""


KEEP, MERGE, DROP = "keep", "merge", "drop"


def apply_choices(proposals: list[Proposal], choices: list[str]) -> list[Proposal]:
    """The drafter's choices, one per proposal: ``keep``, ``merge`` (its text joins the previous kept
    proposal, which keeps its anchor) or ``drop``. A merge with nothing kept before it is kept."""
    kept: list[Proposal] = []
    for proposal, choice in zip(proposals, choices, strict=True):
        if choice == DROP:
            continue
        if choice == MERGE and kept:
            previous = kept[-1]
            previous.text = f"{previous.text}\n{proposal.text}".strip()
            continue
        kept.append(proposal)
    return kept
