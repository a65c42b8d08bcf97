"""Akoma Ntoso eIds for the nodes of a tree: ``chp_I__art_5__cl_2__pt_a``.

Each numbered unit is ``<prefix>_<num>`` under its parent's eId; unnumbered blocks count per parent
(``hcontainer_2``); appendices are ``att_N``. The letter đ becomes ``dd`` (as Vietnamese keyboards
type it) so that eIds and the permalinks built on them stay ASCII. A clash, which only broken
numbering in the source can cause, gets a ``_2`` suffix and a warning.
"""

from __future__ import annotations

import re

from hoinhap.legal import tree
from hoinhap.legal.markers import ORDINALS

PREFIX = {
    tree.PART: "part",
    tree.CHAPTER: "chp",
    tree.SECTION: "sec",
    tree.SUBSECTION: "subsec",
    tree.ARTICLE: "art",
    tree.CLAUSE: "cl",
    tree.POINT: "pt",
    tree.DIVISION: "dvs",
    tree.ITEM: "para",
    tree.PARAGRAPH: "hcontainer",
    tree.TABLE: "table",
    tree.APPENDIX: "att",
}
FIXED = {tree.PREFACE: "preface", tree.PREAMBLE: "preamble", tree.SIGNATURE: "conclusions"}
NUMBERED = {tree.PART, tree.CHAPTER, tree.SECTION, tree.SUBSECTION, tree.ARTICLE, tree.CLAUSE, tree.POINT,
            tree.DIVISION, tree.ITEM}


_NOT_EID = re.compile(r"[^A-Za-z0-9-]+")


def eid_num(num: str) -> str:
    """The eId form of a number as written: "THỨ NHẤT" → "1", "đ" → "dd", "10a" → "10a"."""
    if num.isascii() and num.isalnum():  # "5", "10a", "IV": already an eId number
        return num
    text = num.strip().rstrip(".)")
    if text.upper().startswith("THỨ "):
        value = ORDINALS.get(text.upper()[4:].strip())
        if value:
            return str(value)
    text = text.replace("đ", "dd").replace("Đ", "DD")
    return _NOT_EID.sub("-", text).strip("-") or "x"


def assign_eids(nodes: list[tree.Node], warnings: list[tree.ParseWarning], prefix: str = "") -> None:
    """Set ``eid`` on every node of ``nodes`` and below (in place)."""
    seen: set[str] = set()
    _assign(nodes, prefix, seen, warnings)


def _assign(nodes: list[tree.Node], prefix: str, seen: set[str], warnings: list[tree.ParseWarning]) -> None:
    counts: dict[str, int] = {}
    for node in nodes:
        kind = node.kind
        count = counts[kind] = counts.get(kind, 0) + 1
        num = node.num
        if num and kind in NUMBERED:  # most nodes: "cl_2"
            local = f"{PREFIX[kind]}_{eid_num(num)}"
        else:
            local = _local_eid(node, count)
        eid = f"{prefix}__{local}" if prefix else local
        if eid in seen:
            eid = _deduplicated(eid, seen, warnings)
        seen.add(eid)
        node.eid = eid
        if node.children:
            _assign(node.children, eid, seen, warnings)


def _deduplicated(eid: str, seen: set[str], warnings: list[tree.ParseWarning]) -> str:
    suffix = 2
    while f"{eid}_{suffix}" in seen:
        suffix += 1
    warnings.append(tree.ParseWarning(0, f"eId {eid} used twice; the second is {eid}_{suffix}"))
    return f"{eid}_{suffix}"


def _local_eid(node: tree.Node, count: int) -> str:
    """The eId step of an unnumbered node: its kind and its place among its siblings of that kind."""
    if node.kind in FIXED:
        return FIXED[node.kind] if count == 1 else f"{FIXED[node.kind]}_{count}"
    return f"{PREFIX.get(node.kind, 'hcontainer')}_{count}"


_WORDS = {"art": "Điều", "cl": "khoản", "pt": "điểm", "chp": "Chương", "sec": "Mục", "part": "Phần", "att": "Phụ lục"}


def eid_words(eid: str) -> str:
    """How a reader cites the provision an eId names: "chp_IV__art_10__cl_2" → "khoản 2 Điều 10" (the
    smallest unit first, as Vietnamese texts cite; the chapter only when nothing smaller is named).
    An eId outside these units is returned as it is."""
    units = [part.split("_", 1) for part in eid.split("__") if "_" in part]
    named = [(_WORDS[kind], num.replace("dd", "đ")) for kind, num in units if kind in _WORDS]
    if not named or len(named) != len(units):
        return eid
    smaller = [unit for unit in named if unit[0] in ("Điều", "khoản", "điểm")] or named[-1:]
    return " ".join(f"{word} {num}" for word, num in reversed(smaller))
