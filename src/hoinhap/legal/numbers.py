"""Numbers and symbols ("số, ký hiệu"), document types, issuers and date lines.

Three families of number (``docs/domain.md`` §2 in the shared material):

* state legal normative documents carry the year: ``64/2025/QH15``, ``30/2020/NĐ-CP``;
* state administrative documents do not: ``153/NQ-CP``, ``249/QĐ-TTg``, ``1240/UBTVQH15-PLTP``;
* Party documents put a hyphen before the type: ``59-NQ/TW``, ``36-HD/VPTW``.

English renderings drop the diacritics (``30/2020/ND-CP``, ``QD-TTg``); ``number_key`` folds both
forms to one key for matching, while the Vietnamese form is what we store and show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

HYPHENS = "-\u2013\u2011\u2010"  # hyphen, en dash, non-breaking hyphen, hyphen
_H = f"[{HYPHENS}]"
_UP = r"[A-ZĐ][A-Za-zĐđ]*"  # one abbreviation group: NĐ, QĐ, TTg, QyĐ, CTr, BNNMT
_SLASH = r"\s?/\s?"

STATE_LEGAL = (
    rf"(?P<legal_no>\d{{1,4}}){_SLASH}(?P<legal_year>(?:19|20)\d{{2}}){_SLASH}"
    rf"(?P<legal_sym>(?:QH|UBTVQH)\d{{1,2}}(?!\w)|{_UP}(?:{_H}{_UP})+)"
)
STATE_ADMIN = (
    rf"(?P<admin_no>\d{{1,5}}){_SLASH}(?P<admin_sym>{_UP}(?:\d{{1,2}})?(?:{_H}{_UP}\d{{0,2}})+)"
)
PARTY = rf"(?P<party_no>\d{{1,4}}){_H}(?P<party_type>{_UP}){_SLASH}(?P<party_iss>{_UP}(?:{_H}{_UP})?)"

# Before 1996 a number carried its issuer only: "Nghị định số 12/CP", "43/CP", "135/TTg", "217/HĐBT".
# Only these issuers' codes, so that a fraction or a date is never read as one.
OLD = r"(?P<old_no>\d{1,4})/(?P<old_iss>CP|TTg|HĐBT|HĐNN)"

# Order matters: the legal form (with a year) must win over the administrative one.
NUMBER_RE = re.compile(rf"(?<![\w/{HYPHENS}])(?:{STATE_LEGAL}|{STATE_ADMIN}|{PARTY}|{OLD})(?![\w/])")


@dataclass(frozen=True)
class DocumentNumber:
    """A parsed number and symbol.

    >>> parse_number("30/2020/NĐ-CP")
    DocumentNumber(text='30/2020/NĐ-CP', seq='30', year=2020, type_code='NĐ', issuer_code='CP', family='legal')
    """

    text: str
    seq: str
    year: int | None
    type_code: str | None
    issuer_code: str
    family: str  # "legal", "admin", "party" or "old" (before 1996: "12/CP")

    @property
    def key(self) -> str:
        return number_key(self.text)


def _clean(raw: str) -> str:
    cleaned = re.sub(r"\s*/\s*", "/", raw)
    return re.sub(_H, "-", cleaned)


def _from_match(match: re.Match[str]) -> DocumentNumber:
    text = _clean(match.group(0))
    if match.group("legal_no"):
        symbol = _clean(match.group("legal_sym"))
        type_code, _, issuer = symbol.partition("-") if "-" in symbol else ("", "", symbol)
        return DocumentNumber(
            text, match.group("legal_no"), int(match.group("legal_year")), type_code or None, issuer, "legal"
        )
    if match.group("admin_no"):
        symbol = _clean(match.group("admin_sym"))
        type_code, _, issuer = symbol.partition("-")
        if issuer_name(type_code):  # a letter: "1240/UBTVQH15-PLTP" is the issuer, then its unit
            return DocumentNumber(text, match.group("admin_no"), None, None, type_code, "admin")
        return DocumentNumber(text, match.group("admin_no"), None, type_code, issuer, "admin")
    if match.group("old_no"):
        return DocumentNumber(text, match.group("old_no"), None, None, match.group("old_iss"), "old")
    return DocumentNumber(
        text, match.group("party_no"), None, match.group("party_type"), _clean(match.group("party_iss")), "party"
    )


def parse_number(text: str) -> DocumentNumber | None:
    """The number if ``text`` is exactly one number and symbol (spaces around it allowed)."""
    match = NUMBER_RE.fullmatch(text.strip())
    return _from_match(match) if match else None


def first_number(text: str) -> DocumentNumber | None:
    """The first number and symbol in ``text``, without reading the rest."""
    match = NUMBER_RE.search(text)
    return _from_match(match) if match else None


def find_numbers(text: str) -> list[tuple[int, int, DocumentNumber]]:
    """Every number and symbol in ``text`` with its span."""
    return [(m.start(), m.end(), _from_match(m)) for m in NUMBER_RE.finditer(text)]


_SPACES = re.compile(r"\s+")
_FOLD = str.maketrans({"Đ": "D", "đ": "d", "\u2013": "-", "\u2011": "-", "\u2010": "-"})


def number_key(text: str) -> str:
    """A matching key: no spaces, Đ folded to D, upper case (``30/2020/nđ-cp`` → ``30/2020/ND-CP``)."""
    return _SPACES.sub("", text).translate(_FOLD).upper()


# Document types, longest names first so that "Nghị quyết liên tịch" wins over "Nghị quyết".
DOC_TYPES: dict[str, str] = {
    "BỘ LUẬT": "Bộ luật",
    "LUẬT": "Luật",
    "PHÁP LỆNH": "Pháp lệnh",
    "NGHỊ QUYẾT LIÊN TỊCH": "Nghị quyết liên tịch",
    "NGHỊ QUYẾT": "Nghị quyết",
    "NGHỊ ĐỊNH": "Nghị định",
    "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch",
    "THÔNG TƯ": "Thông tư",
    "QUYẾT ĐỊNH": "Quyết định",
    "CHỈ THỊ": "Chỉ thị",
    "KẾT LUẬN": "Kết luận",
    "QUY ĐỊNH": "Quy định",
    "VĂN BẢN HỢP NHẤT": "Văn bản hợp nhất",
    "CHƯƠNG TRÌNH": "Chương trình",
    "KẾ HOẠCH": "Kế hoạch",
    "THÔNG BÁO": "Thông báo",
    "BÁO CÁO": "Báo cáo",
    "TỜ TRÌNH": "Tờ trình",
    "HIẾN PHÁP": "Hiến pháp",
    "LAW": "Law",
    "RESOLUTION": "Resolution",
    "DECREE": "Decree",
    "CIRCULAR": "Circular",
    "DECISION": "Decision",
    "DIRECTIVE": "Directive",
}

TYPE_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "ND": "Nghị định",
    "QĐ": "Quyết định",
    "QD": "Quyết định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QyĐ": "Quy định",
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "VBHN": "Văn bản hợp nhất",
}

# Issuer codes as they appear in symbols. Ministries are dated: codes changed with the 2025 mergers,
# so the corpus stores the code as written and the organisation register keeps successions.
ISSUER_CODES: dict[str, str] = {
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "TW": "Ban Chấp hành Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BNG": "Bộ Ngoại giao",
    "BTP": "Bộ Tư pháp",
    "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính",
    "BCT": "Bộ Công Thương",
    "BQP": "Bộ Quốc phòng",
    "BCA": "Bộ Công an",
    "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BXD": "Bộ Xây dựng",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "HĐND": "Hội đồng nhân dân",
    "UBND": "Ủy ban nhân dân",
}


def issuer_name(code: str | None) -> str | None:
    """The issuer's name for a symbol's issuer code (``QH15`` → Quốc hội, ``UBTVQH15`` → UBTVQH)."""
    if not code:
        return None
    base = re.sub(r"\d+$", "", code.split("-")[0])
    return ISSUER_CODES.get(base)


def type_from_number(number: DocumentNumber) -> str | None:
    """The document type a symbol states (laws and NA resolutions with no type letters give None)."""
    if number.type_code:
        return TYPE_CODES.get(number.type_code)
    return None


# "Hà Nội, ngày 31 tháng 5 năm 2025", "TP. Hồ Chí Minh, ngày 05 tháng 01 năm 2026".
_VN_DATE = r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
DATE_LINE_RE = re.compile(rf"(?P<place>(?:[^\W\d_]+\.?\s+){{0,3}}[^\W\d_]+)\s*,\s*{_VN_DATE}")
VN_DATE_RE = re.compile(_VN_DATE, re.IGNORECASE)
_COMMA_DATE_RE = re.compile(rf",\s*{_VN_DATE}")
_PLACE_REACH = 100  # a place name is at most four words: look that far back from ", ngày …"
NUMERIC_DATE_RE = re.compile(r"ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", re.IGNORECASE)
EN_DATE_RE = re.compile(
    r"(?P<d>\d{1,2})\s+(?P<mon>January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s*,?\s+(?P<y>\d{4})"
)
_EN_MONTHS = ("january february march april may june july august september october november december").split()


def _safe_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


_SPACE = re.compile(r"\s")


def _date_line_match(line: str) -> re.Match[str] | None:
    """DATE_LINE_RE's first match, found from the cheap ", ngày … năm …" anchor backwards: trying the
    place pattern at every word of a long header costs more than the rest of the metadata."""
    for anchor in _COMMA_DATE_RE.finditer(line):
        start = max(0, anchor.start() - _PLACE_REACH)
        if start:
            space = _SPACE.search(line, start, anchor.start())
            start = space.end() if space else anchor.start()
        match = DATE_LINE_RE.search(line, start, anchor.end())
        if match:
            return match
    return None


def parse_date_line(line: str) -> tuple[str, date] | None:
    """Place and date of a line like "Hà Nội, ngày 31 tháng 5 năm 2025"."""
    match = _date_line_match(line)
    if not match:
        return None
    found = _safe_date(match.group("y"), match.group("m"), match.group("d"))
    if found is None:
        return None
    return _place_name(match.group("place").split()), found


def _place_name(words: list[str]) -> str:
    """The place is the run of capitalised words before ", ngày": "… Hạnh phúc Hà Nội" gives
    "Hà Nội", and a header joined into one line ("Số: 03/NQ-CP Hà Nội", "UBND Nghệ An") does not
    lend the issuer's code to it: a word with a capital after its first letter is a code, not a name."""
    place: list[str] = []
    for word in reversed(words[-3:]):
        if not word[:1].isupper() or any(ch.isupper() for ch in word[1:]):
            break
        place.insert(0, word)
    return " ".join(place)


def find_date(text: str) -> date | None:
    """The first date written the Vietnamese or the English way in ``text``."""
    for pattern in (VN_DATE_RE, NUMERIC_DATE_RE):
        match = pattern.search(text)
        if match:
            found = _safe_date(match.group("y"), match.group("m"), match.group("d"))
            if found:
                return found
    match = EN_DATE_RE.search(text)
    if match:
        month = _EN_MONTHS.index(match.group("mon").lower()) + 1
        return _safe_date(match.group("y"), str(month), match.group("d"))
    return None


def format_vietnamese_date(value: date) -> str:
    """The way a Vietnamese document writes a date: ``ngày 05 tháng 01 năm 2026``.

    Decree 30/2020 (Appendix I): a leading zero for days below 10 and for months 1 and 2 only,
    so that "tháng 01" and "tháng 11" cannot be confused by a later hand ("ngày 05 tháng 3 năm 2020").
    """
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
