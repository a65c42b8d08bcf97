"""Metadata from the lines before the body (the header block, title and legal bases) and from the
signature block: number and symbol, type, issuer, date and place, title, signer."""

from __future__ import annotations

import re
from datetime import date

from hoinhap.legal import tree
from hoinhap.legal.markers import is_upperish
from hoinhap.legal.numbers import (
    DOC_TYPES,
    NUMBER_RE,
    DocumentNumber,
    find_date,
    first_number,
    issuer_name,
    number_key,
    parse_date_line,
    type_from_number,
)

PREAMBLE_START = re.compile(
    r"(?:Căn cứ|Theo đề nghị|Xét đề nghị|Xét Tờ trình|Pursuant to|At the (?:request|proposal) of|In accordance with)\b"
)
_NUMBER_AFTER_SO = re.compile(rf"(?:Số|số|SỐ|No\.?)\s*:?\s*(?={NUMBER_RE.pattern})")
_LOCAL_ISSUER = re.compile(
    r"(HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+((?:THÀNH PHỐ|TỈNH)\s+[A-ZĐÀ-Ỹ ]+?)(?:\s*[|\-_]|$)"
)
_PROPER = {"việt nam": "Việt Nam", "hà nội": "Hà Nội", "quốc hội": "Quốc hội", "chính phủ": "Chính phủ",
           "đảng": "Đảng", "nhà nước": "Nhà nước", "hồ chí minh": "Hồ Chí Minh"}


def split_front(front: list[tuple[int, str]]) -> list[tree.Node]:
    """The header block becomes the preface; from the first "Căn cứ …" on, the preamble."""
    lines = [line for _, line in front]
    if not lines:
        return []
    start = next((i for i, line in enumerate(lines) if PREAMBLE_START.match(line)), len(lines))
    nodes = []
    if start:
        nodes.append(tree.Node(tree.PREFACE, text="\n".join(lines[:start])))
    if start < len(lines):
        nodes.append(tree.Node(tree.PREAMBLE, text="\n".join(lines[start:])))
    return nodes


def extract_meta(
    front: list[tuple[int, str]], signature: list[str], language: str, captions: list[str] | None = None
) -> tree.DocumentMeta:
    """``captions`` are the "(Kèm theo Nghị định số … ngày …)" lines of appendices: when a crawl lost
    the header, they still name the document's number and date."""
    lines = [line for _, line in front]
    header_lines = lines[: next((i for i, line in enumerate(lines) if PREAMBLE_START.match(line)), len(lines))]
    # Crawls hard-wrap the header ("Số:" / "58/2025/TT-BCT", "THÔNG" / "TƯ"): read it as one text.
    header = " ".join(header_lines)
    meta = tree.DocumentMeta(language=language)
    number = _own_number(header, header_lines) or _number_from_captions(captions or [])
    meta.number = number.text if number else None
    meta.issuer_code = number.issuer_code if number else None
    doc_type, subject = _title(header)
    if number and number.type_code == "VBHN":
        doc_type = "Văn bản hợp nhất"  # a consolidated text keeps the title of what it consolidates
    meta.doc_type = doc_type or (type_from_number(number) if number else None)
    # The type word alone ("Nghị quyết") is not a title: without a subject there is none.
    meta.title = f"{meta.doc_type} {subject}" if meta.doc_type and subject else subject
    meta.issuer = _issuer([header, *signature], number)
    captions = _own_captions(captions or [], number)
    if number:  # a news lead-in: "Ngày 9/9/2025, … đã ký ban hành Nghị quyết số 05/2025/NQ-CP"
        captions += _naming(header_lines, number)
    meta.place, meta.date = _place_and_date(header, signature, captions)
    meta.signer = _signer(signature)
    return meta


def _own_number(header: str, header_lines: list[str]) -> DocumentNumber | None:
    """The document's own number: the one after "Số:" in the header, else the first in its first lines."""
    match = _NUMBER_AFTER_SO.search(header)
    number = first_number(header[match.end():]) if match else None
    return number or _first_number_in(header_lines[:5])


def _number_from_captions(captions: list[str]) -> DocumentNumber | None:
    """A crawl that lost the header: "(Kèm theo Nghị định số 305/2025/NĐ-CP ngày …)" still names it."""
    return _first_number_in(captions)


def _first_number_in(lines: list[str]) -> DocumentNumber | None:
    return next((number for number in map(first_number, lines) if number), None)


# The earliest type word in the header; at one position the first in DOC_TYPES order wins ("BỘ LUẬT"
# before "LUẬT"). One alternation instead of a search per type: the header is scanned once.
_TYPE_WORD = re.compile(r"(?:^|[\s|])(?P<key>" + "|".join(map(re.escape, DOC_TYPES)) + r")(?=$|[\s|A-ZĐÀ-Ỹ])")


def _title(header: str) -> tuple[str | None, str]:
    """The type ("NGHỊ ĐỊNH") and the subject after it, from the capitalised title block."""
    match = _TYPE_WORD.search(header)
    if match is None:
        return None, ""
    start, key = match.start(), match.group("key")
    name = DOC_TYPES[key]
    rest = header[start:].lstrip(" |")[len(key):]
    if re.match(r"\s*(?:Về|về|Quy định|Ban hành|Hướng dẫn)\s", rest):  # "NGHỊ ĐỊNH" / "Về công tác văn thư"
        return name, _tidy(_subject_line(rest))
    if rest[:1].isupper() and rest[1:2].islower():  # glued: "NGHỊ ĐỊNHVề hợp đồng …"
        return name, _tidy(rest.split("|")[0])
    words: list[str] = []
    for word in rest.split():
        if word == "|" or not (is_upperish(word) or not any(c.isalpha() for c in word)):
            break
        words.append(word)
    subject = _sentence_case(" ".join(words))
    # "NGHỊ QUYẾT" / "Thí điểm một số cơ chế …": the subject on the next line, in sentence case
    return name, _tidy(subject if any(c.isalpha() for c in subject) else _subject_line(rest))


def _subject_line(rest: str) -> str:
    """A title's subject written in sentence case, hard-wrapped or not: its words up to the next cell
    or the issuer's line ("… đường sắt đô thị QUỐC HỘI", two capitalised words in a row)."""
    words = rest.split("|")[0].split()
    for i, word in enumerate(words):
        if i and _CAPS_WORD.fullmatch(word) and i + 1 < len(words) and _CAPS_WORD.fullmatch(words[i + 1]):
            words = words[:i]
            break
    return " ".join(words)[:300]


_CAPS_WORD = re.compile(r"[A-ZĐÀ-Ỹ]{2,}")
_RULE_TAIL = re.compile(r"[\s_\-=*]+$")
# The issuer's line read on after a title: "… thủ tướng Chính phủ", "… ủy ban nhân dân tỉnh nghệ an".
# Not after "của" (of): "… văn bản của thủ tướng Chính phủ" is the subject itself.
_TRAILING_ISSUER = re.compile(
    r"(?<!của)(?<!tướng)\s+(?:(?:ủy|uỷ) ban thường vụ quốc hội|quốc hội|thủ tướng chính phủ|chính phủ"
    r"|(?:ủy|uỷ) ban nhân dân(?: (?:tỉnh|thành phố))?[^,;]{0,30}|hội đồng nhân dân(?: (?:tỉnh|thành phố))?[^,;]{0,30}"
    r"|bộ trưởng bộ [^,;]{0,40})$",
    re.IGNORECASE,
)


def _tidy(subject: str) -> str:
    """A subject without the rules under it, the issuer's line read on after it, or a crawl's second
    copy of itself ("Về hợp đồng … Về hợp đồng …")."""
    subject = _RULE_TAIL.sub("", " ".join(subject.split()))
    subject = _TRAILING_ISSUER.sub("", subject)
    return _undouble(subject).strip()


def _undouble(text: str) -> str:
    """"CÁN BỘ, CÔNG CHỨC CÁN BỘ, CÔNG CHỨC" (a crawl's repeated title) → "CÁN BỘ, CÔNG CHỨC";
    spacing before punctuation and letter case do not count ("học Quy định …, dự bị" / "… , dự bị")."""
    words = text.split()
    for half in range(len(words) // 2, 0, -1):
        first, second = words[:half], words[half:]
        if _folded(first) == _folded(second):
            return " ".join(first)
        if half < len(words) // 2 - 1:
            break  # only an (almost) even split can be a copy
    return text


def _folded(words: list[str]) -> str:
    return re.sub(r"\s+(?=[,.;:])", "", " ".join(words)).casefold()


def _sentence_case(text: str) -> str:
    if not is_upperish(text):
        return text
    lowered = text.lower()
    for plain, proper in _PROPER.items():
        lowered = lowered.replace(plain, proper)
    return lowered


def _issuer(lines: list[str], number: DocumentNumber | None) -> str | None:
    joined = "\n".join(lines)
    local = _LOCAL_ISSUER.search(joined)
    if local:
        body = "Hội đồng nhân dân" if local.group(1).startswith("HỘI") else "Ủy ban nhân dân"
        place = local.group(2).strip().title().replace("Thành Phố", "thành phố").replace("Tỉnh", "tỉnh")
        return f"{body} {place}"
    if number and number.issuer_code == "TW":
        if re.search(r"BỘ CHÍNH TRỊ|Bộ Chính trị", joined):
            return "Bộ Chính trị"
        return "Ban Chấp hành Trung ương"
    return issuer_name(number.issuer_code) if number else None


def _own_captions(captions: list[str], number: DocumentNumber | None) -> list[str]:
    if number is None:
        return []
    return _naming(captions, number)


def _naming(lines: list[str], number: DocumentNumber) -> list[str]:
    """The lines that name ``number``; every form of a number has a slash, a cheap first test."""
    key = number.key
    return [line for line in lines if "/" in line and key in number_key(line)]


def _place_and_date(header: str, signature: list[str], captions: list[str]) -> tuple[str | None, date | None]:
    found = parse_date_line(header)
    if found:
        return found
    for line in signature:
        if "thông qua" in line or "passed" in line or "adopted" in line:
            adopted = find_date(line)
            if adopted:
                return None, adopted
    for line in captions:
        dated = find_date(line)
        if dated:
            return None, dated
    number_and_date = re.search(r"số\s+\S+\s*,?\s*\(?(ngày\s[^;)]{6,30})", header)
    if number_and_date:
        return None, find_date(number_and_date.group(1))
    return None, None


SIGNER_TITLES = re.compile(
    r"CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|THỨ TRƯỞNG|TỔNG BÍ THƯ|BÍ THƯ|CHỦ NHIỆM|TỔNG THƯ KÝ|CHÁNH|VIỆN TRƯỞNG"
    r"|TM\.|T/M|KT\.|K/T|GIÁM ĐỐC|THƯỜNG TRỰC|TRƯỞNG BAN|PRESIDENT|PRIME MINISTER|MINISTER|CHAIRMAN|CHAIRWOMAN"
)


def _signer(signature: list[str]) -> str | None:
    """The name under the last signing title ("THỦ TƯỚNG" / "Phạm Minh Chính")."""
    titled = False
    name: str | None = None
    for line in signature:
        for cell in line.split("|"):
            if SIGNER_TITLES.search(cell):
                titled = True
            if titled:
                name = _trailing_name(cell) or name
    return name


_GLUED_PAREN = re.compile(r"\)(?=\S)")


def _trailing_name(text: str) -> str | None:
    words = _GLUED_PAREN.sub(") ", text).split()  # "(Đã ký)Nguyễn Hòa Bình"
    run: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() and (len(word) == 1 or word[1:].islower()) and word.isalpha():
            run.insert(0, word)
        else:
            break
    if not 2 <= len(run) <= 5:
        return None
    before = words[: len(words) - len(run)]
    if before and not is_upperish(" ".join(before)):
        return None
    return " ".join(run)
