"""Agency names as programmes write them, split and matched to organisations.

"Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông" is two agencies; "Bộ Tài chính; Bộ Nội vụ"
too; but "Bộ Văn hóa, Thể thao và Du lịch" is one, so a comma splits only before a word that
starts an agency name. Collective phrases ("các bộ, ngành, địa phương") are kept as a group, not
matched to one organisation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

_STARTS = ("bộ", "ủy ban", "uỷ ban", "ubnd", "văn phòng", "ngân hàng", "thanh tra", "ban ", "tòa án", "viện",
           "kiểm toán", "đài", "thông tấn", "vtv", "vov", "ttxvn", "hội đồng", "tổng", "cục", "liên đoàn", "hiệp hội",
           "các ", "tỉnh", "thành phố", "trung ương", "mặt trận", "đoàn", "hội ", "đại học", "học viện")
_COLLECTIVE = re.compile(r"^(các|những)\s|^bộ, ngành|^bộ ngành|địa phương$|liên quan$")
# A glossary line of a plan ("TP – thành phố", "UBND: Ủy ban nhân dân", "(CQ = cơ quan)") read from a table
# cell is not an agency: an abbreviation, a dash, colon or equals sign, then its spelled-out words.
_GLOSSARY = re.compile(r"^\(?[A-ZĐ]{1,10}\)?\s*[–—:=-]\s*\S")
_SEPARATORS = re.compile(r"\s*(?:[;\n]|\|\|)\s*|\s+và\s+(?=(?:" + "|".join(re.escape(s.strip()) for s in _STARTS) + r"))")


def normal(name: str) -> str:
    text = unicodedata.normalize("NFC", name).lower().replace("uỷ", "ủy").replace("hoá", "hóa")
    return re.sub(r"\s+", " ", text).strip(" .,;:-")


@dataclass(frozen=True)
class AgencyRef:
    text: str
    collective: bool


def split_agencies(text: str) -> list[AgencyRef]:
    """The agencies named in a cell, in order."""
    names: list[str] = []
    for chunk in _SEPARATORS.split(text or ""):
        parts = [p.strip() for p in chunk.split(",")]
        current = ""
        for part in parts:
            if not part:
                continue
            # "các tỉnh, thành phố trực thuộc trung ương" is one phrase, not a province and a city
            starts = normal(part).startswith(_STARTS) and not (
                normal(part).startswith("thành phố") and normal(current).endswith("tỉnh"))
            if current and starts:
                names.append(current)
                current = part
            else:
                current = f"{current}, {part}" if current else part
        if current:
            names.append(current)
    names = _split_glued(names)
    names = [name.strip(" .;").lstrip("-+•* ").strip() for name in names]  # "- Bộ Xây dựng;" as a list item
    return [AgencyRef(name, bool(_COLLECTIVE.search(normal(name)))) for name in names
            if name and not _GLOSSARY.match(name)]


def _split_glued(names: list[str]) -> list[str]:
    """"Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ": two agencies with no comma between."""
    out: list[str] = []
    for name in names:
        out.extend(p for p in re.split(r"\s+(?=Bộ\s)", name) if p)
    return out


def match(refs: list[AgencyRef], known: Mapping[str, str]) -> tuple[list[str | None], list[str]]:
    """Codes for ``refs`` using ``known`` (normal name → code); ``None`` where unknown; and the
    names that matched nothing, for a warning."""
    codes: list[str | None] = []
    unknown: list[str] = []
    for ref in refs:
        code = known.get(normal(ref.text))
        codes.append(code)
        if code is None and not ref.collective:
            unknown.append(ref.text)
    return codes, unknown
