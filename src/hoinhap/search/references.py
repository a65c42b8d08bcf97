"""Queries that name a document or one of its provisions: "Điều 5 Luật 64/2025/QH15",
"khoản 2 Điều 3 Nghị quyết 197/2025/QH15", "59-NQ/TW", "Article 18 of Resolution 250/2025/QH15".
Such a query is answered by going straight to the provision, before any ranking."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hoinhap.legal.eids import eid_num
from hoinhap.legal.numbers import find_numbers

_PROVISION = re.compile(
    r"(?:(?:điểm|point)\s+(?P<pt>[a-zđ]\d{0,2})\b[\s,]*(?:của\s+|of\s+)?)?"
    r"(?:(?:khoản|clause)\s+(?P<cl>\d{1,3}[a-zđ]?)\b[\s,]*(?:của\s+|of\s+)?)?"
    r"(?:điều|article)\s+(?P<art>\d{1,4}[a-zđ]?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reference:
    number: str | None  # the document's number and symbol as found
    article: str | None = None
    clause: str | None = None
    point: str | None = None

    def eid_suffix(self) -> str | None:
        """The tail every matching eId ends with: "art_5__cl_2__pt_a"."""
        if self.article is None:
            return None
        parts = [f"art_{eid_num(self.article)}"]
        if self.clause:
            parts.append(f"cl_{eid_num(self.clause)}")
        if self.point:
            parts.append(f"pt_{eid_num(self.point.lower())}")
        return "__".join(parts)


def parse_reference(query: str) -> Reference | None:
    """The document (and provision) a query names, or None for an ordinary question."""
    numbers = find_numbers(query)
    if not numbers:
        return None
    start, _, number = numbers[0]
    provision = _PROVISION.search(query[:start]) or _PROVISION.search(query)
    if provision is None:
        return Reference(number.text)
    return Reference(number.text, provision.group("art"), provision.group("cl"), provision.group("pt"))
