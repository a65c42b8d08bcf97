"""Recognising the marker at the start of a line: "Chương I", "Điều 10a.", "2.", "đ)", "I- ", "A- ".

The regexes follow ``docs/domain.md`` §1 of the shared material (Decree 78/2025 Art. 63-69 and
Decree 30/2020 Appendix I). Each returns a candidate only; whether a candidate really opens a unit
is the parser's call, because it depends on what is open and on the numbering so far.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from hoinhap.legal import tree

# Vietnamese point letters in order (Decree 30/2020: the Vietnamese alphabet; f, j, w, z unused).
POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
_POINT_RANKS = {letter: (index, 0) for index, letter in enumerate(POINT_LETTERS)}
_ROMAN_RE = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
ORDINALS = {
    "NHẤT": 1, "HAI": 2, "BA": 3, "TƯ": 4, "BỐN": 4, "NĂM": 5, "SÁU": 6, "BẢY": 7, "TÁM": 8,
    "CHÍN": 9, "MƯỜI": 10,
}


class Marker(NamedTuple):
    """A marker candidate; a named tuple because the parser makes one per unit (a frozen
    dataclass cost a sixth of the whole line loop)."""

    kind: str
    num: str
    marker: str  # exactly as written, including label and punctuation
    rest: str  # what follows on the line: a heading or the start of the text


def roman_value(text: str) -> int | None:
    """The value of a well-formed Roman numeral, else None."""
    if not text or not _ROMAN_RE.fullmatch(text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


_DIGITS = re.compile(r"\d+")
_POINT_NUM = re.compile(r"([a-zđ])(\d*)")


def ordinal_value(num: str) -> int | None:
    """1 for "1", "I", "THỨ NHẤT"; 10 for "10a" (inserted units sort with their base)."""
    digits = _DIGITS.match(num)
    if digits:
        return int(digits.group(0))
    upper = num.upper()
    if upper.startswith("THỨ "):
        return ORDINALS.get(upper[4:].strip())
    return roman_value(upper)


def point_rank(num: str) -> tuple[int, int]:
    """Sort key of a point letter: "a" < "a1" < "b" < … < "đ" < "e"."""
    plain = _POINT_RANKS.get(num)
    if plain is not None:  # a single letter, as most points are
        return plain
    match = _POINT_NUM.fullmatch(num)
    if not match:
        return (99, 0)
    letter, extra = match.groups()
    base = POINT_LETTERS.index(letter) if letter in POINT_LETTERS else 30 + ord(letter) - ord("a")
    return (base, int(extra or 0))


def is_upperish(text: str) -> bool:
    """True for headings written in capitals ("QUY ĐỊNH CHUNG"), tolerating a few lower-case letters."""
    letters = list(filter(str.isalpha, text))  # C-level filter and map: this runs for every heading
    if len(letters) < 2:
        return False
    return sum(map(str.isupper, letters)) >= 0.8 * len(letters)


@dataclass(frozen=True)
class Vocabulary:
    """The labels of one language."""

    part: re.Pattern[str]
    chapter: re.Pattern[str]
    section: re.Pattern[str]
    subsection: re.Pattern[str]
    article: re.Pattern[str]
    appendix: re.Pattern[str]


VIETNAMESE = Vocabulary(
    part=re.compile(r"(?P<label>PHẦN|Phần)\s+(?P<num>THỨ\s+[A-ZĐƯƠẤẢÁÍ]+|[IVXLC]+|\d+)\b\s*[.:]?\s*"),
    chapter=re.compile(r"(?P<label>CHƯƠNG|Chương)\s+(?P<num>[IVXLC]+|\d+)(?P<glue>[^\s.:\-–]*)\s*[.:\-–]?\s*"),
    section=re.compile(r"(?P<label>MỤC|Mục)\s+(?P<num>\d+[a-zđ]?)\b\s*[.:\-–]?\s*"),
    subsection=re.compile(r"(?P<label>TIỂU MỤC|Tiểu mục)\s+(?P<num>\d+[a-zđ]?)\b\s*[.:\-–]?\s*"),
    article=re.compile(r"(?P<label>Điều|ĐIỀU)\s+(?P<num>\d{1,4}[a-zđ]?)(?![\d/])\s*(?P<dot>[.:])?\s*"),
    appendix=re.compile(r"(?P<label>PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?(?P<num>[IVXLC]+|\d+[a-z]?))?\b\s*[.:\-–]?\s*"),
)
ENGLISH = Vocabulary(
    part=re.compile(r"(?P<label>PART|Part)\s+(?P<num>[IVXLC]+|\d+|ONE|TWO|THREE|FOUR|FIVE)\b\s*[.:\-–]?\s*"),
    chapter=re.compile(r"(?P<label>CHAPTER|Chapter)\s+(?P<num>[IVXLC]+|\d+)(?P<glue>)\b\s*[.:\-–]?\s*"),
    section=re.compile(r"(?P<label>SECTION|Section)\s+(?P<num>\d+[a-z]?)\b\s*[.:\-–]?\s*"),
    subsection=re.compile(r"(?P<label>SUBSECTION|Subsection|Sub-section)\s+(?P<num>\d+[a-z]?)\b\s*[.:\-–]?\s*"),
    article=re.compile(r"(?P<label>Article|ARTICLE)\s+(?P<num>\d{1,4}[a-z]?)(?![\d/])\s*(?P<dot>[.:])?\s*"),
    appendix=re.compile(r"(?P<label>APPENDIX|Appendix|ANNEX|Annex)(?:\s+(?P<num>[IVXLC]+|\d+[a-z]?))?\b\s*[.:\-–]?\s*"),
)
VOCABULARIES = {"vi": VIETNAMESE, "en": ENGLISH}

CLAUSE_RE = re.compile(r"(?P<num>\d{1,3}[a-zđ]?)(?P<punct>\.(?![\d.])|\s?-(?=\s))\s*")
POINT_RE = re.compile(r"\(?(?P<num>[a-zđ]\d{0,2})\)\s*")
DIVISION_RE = re.compile(r"(?P<num>[IVXLC]{1,7})\s*(?P<punct>[.\-–])\s*")
LETTER_RE = re.compile(r"(?P<num>[A-ZĐ])\s*(?P<punct>[.\-–])\s+")


def _rest(line: str, match: re.Match[str]) -> str:
    return line[match.end():].strip()


# "Điều 5 Nghị định số 267/2025/NĐ-CP, cụ thể …" wrapped from the line above: without a full stop
# after the number, a document's name right after it is a citation, not the article's heading.
_CITED_DOCUMENT = re.compile(
    r"(?:Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định|Thông tư|Quyết định|Chỉ thị|Hiến pháp|Kết luận"
    r"|Law|Decree|Resolution|Circular|Decision|Constitution)\b"
)


def _article(line: str, vocab: Vocabulary) -> Marker | None:
    match = vocab.article.match(line)
    if not match:
        return None
    rest = _rest(line, match)
    # "Điều 5 của Luật này…" is a sentence citing an article, not a heading; a heading follows a
    # full stop, or stands alone, or starts with a capital after the number.
    if not match.group("dot") and rest and (not rest[0].isupper() or _CITED_DOCUMENT.match(rest)):
        return None
    return Marker(tree.ARTICLE, match.group("num"), line[: match.end()].strip(), rest)


def _chapter(line: str, vocab: Vocabulary) -> Marker | None:
    match = vocab.chapter.match(line)
    if not match:
        return None
    num, glue = match.group("num"), match.group("glue")
    if glue:
        # Crawls glue the heading to the number: "Chương IQUY ĐỊNH CHUNG", "Chương IIIVIỆC LÀM".
        # Keep the longest valid Roman prefix that leaves a capitalised heading behind.
        joined = num + glue
        for cut in range(len(num), 0, -1):
            if roman_value(joined[:cut]) and joined[cut:][:1].isupper():
                label_end = match.start("num") + cut
                return Marker(tree.CHAPTER, joined[:cut], line[:label_end].strip(), line[label_end:].strip())
        return None
    rest = _rest(line, match)
    if rest and not (rest[0].isupper() or rest[0].isdigit()):
        return None  # a wrapped line starting "Chương V của Nghị định này …"
    return Marker(tree.CHAPTER, num, line[: match.end()].strip(), rest)


def _simple(line: str, pattern: re.Pattern[str], kind: str) -> Marker | None:
    match = pattern.match(line)
    if not match:
        return None
    rest = _rest(line, match)
    if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "(“\"'"):
        return None  # "Mục tiêu…", "Phần vốn…": a sentence, not a marker
    num = " ".join((match.group("num") or "").split())
    return Marker(kind, num, line[: match.end()].strip(), rest)


def structural(line: str, vocab: Vocabulary) -> Marker | None:
    """A part, chapter, section, subsection, article or appendix marker, if the line starts with one."""
    first = line[:1]
    if first == "Đ":
        return _article(line, vocab)
    if first == "A":
        return _article(line, vocab) or _simple(line, vocab.appendix, tree.APPENDIX)
    if first in "CcPp":
        return _chapter(line, vocab) or _simple(line, vocab.part, tree.PART) or _simple(
            line, vocab.appendix, tree.APPENDIX
        )
    if first in "MSs":
        return _simple(line, vocab.section, tree.SECTION) or _simple(line, vocab.subsection, tree.SUBSECTION)
    if first == "T":
        return _simple(line, vocab.subsection, tree.SUBSECTION)
    return None


def numbered(line: str) -> Marker | None:
    """A clause/item ("1.", "2a.", "1-"), point ("a)", "đ)", "a1)"), division ("I.", "II-") or
    lettered part ("A-") marker, if the line starts with one."""
    first = line[:1]
    if first.isdigit():
        match = CLAUSE_RE.match(line)
        return found_marker(tree.CLAUSE, match.group("num"), line, match.end()) if match else None
    if first.islower() or first == "(":
        match = POINT_RE.match(line)
        return found_marker(tree.POINT, match.group("num"), line, match.end()) if match else None
    if first.isupper():
        match = DIVISION_RE.match(line)
        if match and roman_value(match.group("num")) and is_upperish(_rest(line, match)):
            return found_marker(tree.DIVISION, match.group("num"), line, match.end())
        match = LETTER_RE.match(line)
        if match and is_upperish(_rest(line, match)):
            return found_marker(tree.PART, match.group("num"), line, match.end())
    return None


def found_marker(kind: str, num: str, line: str, end: int) -> Marker:
    """The marker of ``kind`` whose text ends at ``end``, with the rest of the line."""
    return Marker(kind, num, line[:end].strip(), line[end:].strip())
