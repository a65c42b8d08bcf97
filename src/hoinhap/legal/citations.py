"""Citations inside the text: other documents ("Nghị quyết số 59-NQ/TW", "Luật Đất đai số
45/2013/QH13") and provisions of the same document ("khoản 2 Điều 5", "điểm a khoản 1 Điều này"),
resolved to eIds where the tree has the target."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from hoinhap.legal import tree
from hoinhap.legal.eids import eid_num
from hoinhap.legal.numbers import DOC_TYPES, find_numbers

# Relation kinds between documents, from the words before the citation in the same sentence.
AMENDS, REPLACES, REPEALS, GUIDES, IMPLEMENTS, CITES = "amends", "replaces", "repeals", "guides", "implements", "cites"
_RELATION_CUES = (
    (AMENDS, re.compile(r"sửa đổi|bổ sung|amend", re.I)),
    (REPLACES, re.compile(r"thay thế|replac", re.I)),
    (REPEALS, re.compile(r"bãi bỏ|hết hiệu lực|repeal", re.I)),
    (GUIDES, re.compile(r"hướng dẫn|quy định chi tiết|detail", re.I)),
    (IMPLEMENTS, re.compile(r"thực hiện|triển khai|chương trình hành động|implement", re.I)),
)
_TYPE_WORDS = "|".join(sorted({name for name in DOC_TYPES.values()} | {"Bộ luật", "Luật"}, key=len, reverse=True))
# The greedy ".*" makes the nearest type word win: "Nghị định này quy định chi tiết Luật số …" cites "Luật số …".
_TYPE_BEFORE = re.compile(rf".*({_TYPE_WORDS})(?:\s+[^\s,;.()]+){{0,8}}?\s+(?:số\s*:?\s*)?$", re.I | re.S)
# The same search done once per text (``_TypeWords``): the type words, lowercased, and what may
# stand between one and the number it names.
_TYPE_LOWER = sorted({word.lower() for word in _TYPE_WORDS.split("|")}, key=len, reverse=True)
_TYPE_GAP = re.compile(r"(?:\s+[^\s,;.()]+){0,8}?\s+(?:số\s*:?\s*)?", re.I | re.S)
_TYPE_WINDOW = 120  # characters before a number where its type word is looked for
_INTERNAL = re.compile(
    r"(?:điểm\s+(?P<pt>[a-zđ]\d{0,2})\s+)?(?:khoản\s+(?P<cl>\d{1,3}[a-zđ]?)\s+)?"
    r"(?P<art_label>Điều)\s+(?P<art>\d{1,4}[a-zđ]?|này)(?P<tail>\s+(?:của\s+)?(?:[A-ZĐ][^\s,;.]*\s*){1,3}(?:số\s+)?\S*)?"
    r"|(?:điểm\s+(?P<pt2>[a-zđ]\d{0,2})\s+)?khoản\s+(?P<cl2>\d{1,3}[a-zđ]?|này)\b"
)
_SENTENCE_START = re.compile(r"[.;:\n][^.;:\n]*$")


@dataclass(frozen=True)
class Citation:
    """One citation: ``target`` is a number ("59-NQ/TW") for documents, an eId for provisions."""

    kind: str  # "document" or "provision"
    text: str
    start: int
    end: int
    target: str | None
    relation: str = CITES


def document_citations(text: str) -> list[Citation]:
    """Citations of other documents by number, with the relation the sentence suggests."""
    found = []
    type_words: _TypeWords | None = None
    for start, end, number in find_numbers(text):
        type_words = type_words or _TypeWords(text)
        cite_start = type_words.before(start)
        sentence = _sentence_before(text, start)
        found.append(Citation("document", text[cite_start:end], cite_start, end, number.text, _relation(sentence)))
    return found


class _TypeWords:
    """The type words of a text ("Luật", "Nghị định" …), found once for every number in it.
    ``before`` gives what ``_TYPE_BEFORE`` on the 120 characters before the number gives (tested
    against it), without running that backtracking search once per number: the nearest type word
    starting in the window and followed by at most eight words (and "số") up to the number; at one
    place, the longest word first. The words are found with ``str.find`` in the lowercased text
    (a regex trying every alternative at every position is slower than the search it replaces)."""

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        self.exact = len(lowered) == len(text)  # else offsets would move ("İ"): the regex, per number
        found: dict[int, list[str]] = {}
        if self.exact:
            for word in _TYPE_LOWER:  # longest first, so each place lists its words longest first
                at = lowered.find(word)
                while at >= 0:
                    found.setdefault(at, []).append(word)
                    at = lowered.find(word, at + 1)
        self.starts = sorted(found)
        self.words = [found[at] for at in self.starts]

    def before(self, start: int) -> int:
        """Where the citation of the number at ``start`` begins: its type word, or the number itself."""
        low = max(0, start - _TYPE_WINDOW)
        if not self.exact:
            match = _TYPE_BEFORE.search(self.text, low, start)
            return match.start(1) if match else start
        for i in range(bisect_left(self.starts, start) - 1, bisect_left(self.starts, low) - 1, -1):
            at = self.starts[i]
            for word in self.words[i]:
                end = at + len(word)
                if end <= start and _TYPE_GAP.fullmatch(self.text, end, start) is not None:
                    return at
        return start


def _sentence_before(text: str, position: int) -> str:
    window = text[max(0, position - 200):position]
    match = _SENTENCE_START.search(window)
    return window[match.start() + 1:] if match else window


def _relation(sentence: str) -> str:
    if sentence.strip().startswith("Căn cứ"):
        return CITES  # a legal basis
    for relation, cue in _RELATION_CUES:
        if cue.search(sentence):
            return relation
    return CITES


def provision_citations(text: str, *, context: tree.Node | None = None,
                        document: tree.Document | None = None, article: tree.Node | None = None,
                        clause: tree.Node | None = None) -> list[Citation]:
    """Citations of provisions of the same document, resolved against ``document`` when given.

    ``article`` and ``clause`` are where the text stands, for "Điều này" and "khoản này"."""
    found = []
    for match in _INTERNAL.finditer(text):
        tail = match.group("tail") or ""
        if tail.strip() and "này" not in tail and find_numbers(tail):
            continue  # "Điều 5 Luật số 64/2025/QH15": another document's article
        target = _resolve(match, document, article, clause) if document else None
        found.append(Citation("provision", match.group(0).strip(), match.start(), match.end(), target))
    return found


def _resolve(match: re.Match[str], document: tree.Document | None, article: tree.Node | None,
             clause: tree.Node | None) -> str | None:
    art_num = match.group("art")
    if art_num and art_num != "này":
        art = next((n for n in document.articles() if n.num == art_num), None) if document else None
    else:
        art = article
    if art is None:
        return None
    cl_num = match.group("cl") or match.group("cl2")
    pt_num = match.group("pt") or match.group("pt2")
    target: tree.Node | None = art
    if cl_num:
        target = clause if cl_num == "này" else _child(art, tree.CLAUSE, cl_num)
        if target is None:
            return None
    if pt_num:
        point = _child(target, tree.POINT, pt_num)
        return point.eid if point else None
    return target.eid if target else None


def _child(node: tree.Node | None, kind: str, num: str) -> tree.Node | None:
    if node is None:
        return None
    key = eid_num(num)
    return next((c for c in node.children if c.kind == kind and eid_num(c.num) == key), None)


def node_citations(document: tree.Document, *, within: str | None = None
                   ) -> Iterator[tuple[tree.Node, str, list[Citation]]]:
    """Each node's citations, field by field ("heading", "text"), in document order; ``within``
    limits the work to one provision's subtree (its eId), still resolving "Điều này" and "khoản
    này" against the article and clause around it."""

    def inside(node: tree.Node) -> bool:
        return within is None or node.eid == within or node.eid.startswith(f"{within}__")

    def visit(node: tree.Node, article: tree.Node | None,
              clause: tree.Node | None) -> Iterator[tuple[tree.Node, str, list[Citation]]]:
        article = node if node.kind == tree.ARTICLE else article
        clause = node if node.kind == tree.CLAUSE else clause
        if inside(node):
            for field, text in (("heading", node.heading), ("text", node.text)):
                if text:
                    yield node, field, document_citations(text) + provision_citations(
                        text, document=document, article=article, clause=clause)
        for child in node.children:
            yield from visit(child, article, clause)

    for top in document.body:
        yield from visit(top, None, None)


def all_citations(document: tree.Document) -> list[tuple[str, Citation]]:
    """Every citation in the document with the eId of the node whose text holds it."""
    return [(node.eid, citation) for node, _, citations in node_citations(document) for citation in citations]
