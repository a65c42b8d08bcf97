"""Pure operations on a version's tree for structural editing: numbering an inserted provision until
publication ("Điều 5a", khoản "2a", điểm "a1"), placing and moving nodes, renumbering at publication.

No database here: ``structure_services`` loads the rows into a ``tree.Document``, calls these, and
writes the rows back."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import count

from django.utils.translation import gettext as _

from hoinhap.core.errors import ValidationFailed
from hoinhap.legal import tree
from hoinhap.legal.eids import PREFIX, assign_eids, eid_num

EDITABLE_KINDS = (tree.ARTICLE, tree.CLAUSE, tree.POINT)
# Where each kind may stand: an article in the body or under a part/chapter/section; a clause in an
# article; a point in a clause (or, as some short articles have, directly in an article).
PARENT_KINDS = {
    tree.ARTICLE: ("", tree.PART, tree.CHAPTER, tree.SECTION, tree.SUBSECTION, tree.APPENDIX),
    tree.CLAUSE: (tree.ARTICLE,),
    tree.POINT: (tree.CLAUSE, tree.ARTICLE),
}
MARKERS = {tree.ARTICLE: "Điều {}.", tree.CLAUSE: "{}.", tree.POINT: "{})"}
# The letters of Vietnamese points: the alphabet without f, j, w, z, with đ after d.
POINT_LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
                 "u", "v", "x", "y")
_LEADING_DIGITS = re.compile(r"\d+")
_TRAILING_DIGITS = re.compile(r"\d+$")


def document_from_rows(rows: Iterable[object], meta: dict[str, object] | None = None) -> tuple[tree.Document,
                                                                                               dict[int, object]]:
    """The document the rows (in position order) describe, and each node's row by ``id(node)``."""
    document = tree.Document.from_dict({**(meta or {}), "body": []})
    nodes: dict[str, tree.Node] = {}
    row_of: dict[int, object] = {}
    for row in rows:
        node = tree.Node(kind=row.kind, num=row.num, heading=row.heading, text=row.text,  # type: ignore[attr-defined]
                         marker=row.marker, eid=row.eid)  # type: ignore[attr-defined]
        parent = nodes.get(row.parent_eid) if row.parent_eid else None  # type: ignore[attr-defined]
        (parent.children if parent is not None else document.body).append(node)
        nodes[node.eid] = node
        row_of[id(node)] = row
    return document, row_of


@dataclass
class Place:
    """A node's place: its parent (``None`` at the top) and the list of siblings it stands in."""

    parent: tree.Node | None
    siblings: list[tree.Node]
    index: int

    @property
    def parent_kind(self) -> str:
        return self.parent.kind if self.parent is not None else ""

    @property
    def prefix(self) -> str:
        return self.parent.eid if self.parent is not None else ""


def locate(document: tree.Document, eid: str) -> Place:
    def search(parent: tree.Node | None, siblings: list[tree.Node]) -> Place | None:
        for index, node in enumerate(siblings):
            if node.eid == eid:
                return Place(parent, siblings, index)
            found = search(node, node.children)
            if found:
                return found
        return None

    place = search(None, document.body)
    if place is None:
        raise ValidationFailed(_("no provision %(eid)r in this version") % {"eid": eid}, eid=eid)
    return place


def target_place(document: tree.Document, *, after_eid: str | None, parent_eid: str | None) -> Place:
    """Where a node goes: just after ``after_eid``, or first under ``parent_eid`` ("" is the top)."""
    if after_eid:
        place = locate(document, after_eid)
        return Place(place.parent, place.siblings, place.index + 1)
    if parent_eid is None:
        raise ValidationFailed(_("say after which provision, or under which, the new one goes"))
    if parent_eid == "":
        return Place(None, document.body, 0)
    parent = locate(document, parent_eid)
    node = parent.siblings[parent.index]
    return Place(node, node.children, 0)


def check_fits(kind: str, place: Place) -> None:
    if kind not in EDITABLE_KINDS:
        raise ValidationFailed(_("only articles, clauses and points can be inserted or moved"), kind=kind)
    if place.parent_kind not in PARENT_KINDS[kind]:
        raise ValidationFailed(_("a %(kind)s cannot stand in a %(value)s")
                               % {"kind": kind, "value": place.parent_kind or 'document body'},
                               kind=kind, parent=place.parent_kind)


def provisional_num(document: tree.Document, node: tree.Node, place: Place) -> str:
    """The number a node inserted at ``place`` carries until publication: the previous one's with a
    letter ("5a", "2a") for articles and clauses, with a digit ("a1", "đ1") for points, as amending
    texts write them. Articles are numbered through the document, clauses and points per parent."""
    if node.kind == tree.ARTICLE:
        scope = [n for n in document.walk() if n.kind == tree.ARTICLE and n is not node]
        previous = _previous_article(document, node)
    else:
        scope = [n for n in place.siblings if n.kind == node.kind and n is not node]
        before = [n for n in place.siblings[:place.index] if n.kind == node.kind and n is not node]
        previous = before[-1] if before else None
    taken = {n.num for n in scope}
    return next(num for num in _candidates(node.kind, previous.num if previous else None, bool(taken))
                if num not in taken)


def _previous_article(document: tree.Document, node: tree.Node) -> tree.Node | None:
    previous = None
    for each in document.walk():
        if each is node:
            return previous
        if each.kind == tree.ARTICLE:
            previous = each
    return previous


def _candidates(kind: str, previous: str | None, any_taken: bool) -> Iterator[str]:
    if previous is None and not any_taken:
        yield "a" if kind == tree.POINT else "1"
    if kind == tree.POINT:  # before the first point: "a0"
        base = _TRAILING_DIGITS.sub("", previous) if previous else "a"
        for n in count(1 if previous else 0):
            yield f"{base}{n}"
    match = _LEADING_DIGITS.match(previous or "0")
    base = match.group(0) if match else (previous or "0")
    for n in count(1):
        yield base + _letters(n)


def _letters(n: int) -> str:
    """1 → "a", 26 → "z", 27 → "aa": suffixes for inserted articles and clauses."""
    text = ""
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def marker_for(kind: str, num: str) -> str:
    return MARKERS[kind].format(num)


def local_eid(kind: str, num: str) -> str:
    return f"{PREFIX[kind]}_{eid_num(num)}"


def child_eid(prefix: str, kind: str, num: str) -> str:
    local = local_eid(kind, num)
    return f"{prefix}__{local}" if prefix else local


def reprefix(node: tree.Node, new_eid: str) -> None:
    """Give ``node`` a new eId and carry the change into its descendants' eIds."""
    old = node.eid
    for each in node.walk():
        each.eid = new_eid + each.eid[len(old):] if each.eid.startswith(old) else each.eid
    node.eid = new_eid


def check_unique(document: tree.Document) -> None:
    seen: set[str] = set()
    for node in document.walk():
        if node.eid in seen:
            raise ValidationFailed(_("the eId %(eid)s would be used twice; renumber first")
                                   % {"eid": node.eid}, eid=node.eid)
        seen.add(node.eid)


def renumber(document: tree.Document) -> int:
    """Number articles 1, 2, … through the document (each appendix on its own), and clauses and points
    in order within their parent; markers follow, and eIds are assigned afresh. Returns how many
    numbers changed. References to these numbers in the texts are not rewritten."""
    changed = 0
    articles = count(1)
    for top in document.body:
        numbers = count(1) if top.kind == tree.APPENDIX else articles
        changed += _renumber_within(top, numbers)
    assign_eids(document.body, [])
    return changed


def _renumber_within(node: tree.Node, articles: Iterator[int]) -> int:
    changed = 0
    if node.kind == tree.ARTICLE:
        changed += _set_num(node, str(next(articles)))
    clauses, points = count(1), count(0)
    for child in node.children:
        if child.kind == tree.CLAUSE:
            changed += _set_num(child, str(next(clauses)))
        elif child.kind == tree.POINT:
            index = next(points)
            changed += _set_num(child, POINT_LETTERS[index] if index < len(POINT_LETTERS) else f"y{index}")
        changed += _renumber_within(child, articles)
    return changed


def _set_num(node: tree.Node, num: str) -> int:
    if node.num == num:
        return 0
    if node.num and node.num in node.marker:
        node.marker = node.marker.replace(node.num, num, 1)
    else:
        node.marker = marker_for(node.kind, num)
    node.num = num
    return 1
