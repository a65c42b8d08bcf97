"""Compare two versions of a document: which article became which, and what changed inside.

Articles are aligned by content, not by number, so an article that was renumbered, moved, split in
two or merged into another is still found. The steps, each cheap enough for a 500-article law:

1. identical text (ignoring the article's own number) pairs first;
2. the rest pair greedily by the Jaccard similarity of their word-trigram sets, looked up through
   an inverted index so only articles that share a trigram are ever compared;
3. an unpaired new article mostly contained in an old one that is already paired was *split* off
   it; an unpaired old article mostly contained in a paired new one was *merged* into it;
4. among one-to-one pairs, those outside the longest run that keeps its order were *moved*; the
   others whose number differs were *renumbered*.

``follow`` uses the alignment to carry a comment's anchor (eId plus quoted words) into the new version.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from hoinhap.legal import tree

KEPT = "kept"
RENUMBERED = "renumbered"
MOVED = "moved"
SPLIT = "split"
MERGED = "merged"
DELETED = "deleted"
INSERTED = "inserted"
# Only for anchors: the provision was found, with the same eId, but its words changed or not.
UNCHANGED = "unchanged"
CHANGED = "changed"
WHOLE = "whole"

SIMILAR = 0.3  # Jaccard of trigram sets above which two articles are the same article rewritten
CONTAINED = 0.5  # share of an article's trigrams found in another: it was split off or merged into it

_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Unit:
    """An article (or, in documents without articles, a top-level division) as the diff sees it."""

    eid: str
    num: str
    heading: str
    text: str  # heading, own text and every descendant's marker and text, one piece a line
    position: int

    @property
    def label(self) -> str:
        return " ".join(piece for piece in (self.num, self.heading) if piece)


@dataclass(frozen=True)
class Pair:
    old: Unit | None
    new: Unit | None
    state: str
    similarity: float

    @property
    def changed(self) -> bool:
        return self.old is None or self.new is None or self.old.text != self.new.text


@dataclass(frozen=True)
class Anchor:
    """Where a provision of the old version is in the new one, and what happened to it."""

    eid: str | None
    state: str
    changed: bool = False  # the provision's words differ (besides any renumbering or move)


def units(document: tree.Document) -> list[Unit]:
    nodes = document.articles() or [node for node in document.walk() if node.kind == tree.DIVISION]
    return [Unit(node.eid, node.num, node.heading, _unit_text(node), index) for index, node in enumerate(nodes)]


def _unit_text(node: tree.Node) -> str:
    pieces = [piece for piece in (node.heading, node.text) if piece]
    for child in node.children:
        pieces.extend(piece for descendant in child.walk() for piece in descendant.pieces())
    return "\n".join(pieces)


def _shingles(text: str) -> frozenset[str]:
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return frozenset(words)
    return frozenset(" ".join(words[i:i + 3]) for i in range(len(words) - 2))


def align(old: tree.Document, new: tree.Document) -> list[Pair]:
    """Every article of both versions exactly once (a split or merged article may appear twice)."""
    return align_units(units(old), units(new))


def align_units(olds: list[Unit], news: list[Unit]) -> list[Pair]:
    matched: dict[int, int] = {}  # new position -> old position
    _pair_identical(olds, news, matched)
    old_sets = [_shingles(unit.text) for unit in olds]
    new_sets = [_shingles(unit.text) for unit in news]
    scores = _candidate_scores(old_sets, new_sets, matched)
    used = set(matched.values())
    for score, new_pos, old_pos in sorted(scores, reverse=True):
        if score < SIMILAR:
            break
        if new_pos not in matched and old_pos not in used:
            matched[new_pos] = old_pos
            used.add(old_pos)
    similarity = {(o, n): s for s, n, o in scores}
    return _build_pairs(olds, news, matched, old_sets, new_sets, similarity)


def _pair_identical(olds: list[Unit], news: list[Unit], matched: dict[int, int]) -> None:
    by_text: dict[str, list[int]] = defaultdict(list)
    for unit in olds:
        by_text[unit.text].append(unit.position)
    for unit in news:
        candidates = by_text.get(unit.text)
        if candidates:
            matched[unit.position] = candidates.pop(0)


def _candidate_scores(old_sets: list[frozenset[str]], new_sets: list[frozenset[str]],
                      matched: dict[int, int]) -> list[tuple[float, int, int]]:
    index: dict[str, list[int]] = defaultdict(list)
    taken = set(matched.values())
    for old_pos, shingles in enumerate(old_sets):
        if old_pos not in taken:
            for shingle in shingles:
                index[shingle].append(old_pos)
    scores = []
    for new_pos, shingles in enumerate(new_sets):
        if new_pos in matched:
            continue
        shared: dict[int, int] = defaultdict(int)
        for shingle in shingles:
            for old_pos in index.get(shingle, ()):
                shared[old_pos] += 1
        for old_pos, count in shared.items():
            union = len(shingles) + len(old_sets[old_pos]) - count
            scores.append((count / union if union else 1.0, new_pos, old_pos))
    return scores


def _build_pairs(olds: list[Unit], news: list[Unit], matched: dict[int, int], old_sets: list[frozenset[str]],
                 new_sets: list[frozenset[str]], similarity: dict[tuple[int, int], float]) -> list[Pair]:
    in_order = _longest_ordered(matched)
    pairs: list[Pair] = []
    for unit in news:
        old_pos = matched.get(unit.position)
        if old_pos is not None:
            old = olds[old_pos]
            state = KEPT if old.num == unit.num else RENUMBERED
            if unit.position not in in_order:
                state = MOVED
            pairs.append(Pair(old, unit, state, similarity.get((old_pos, unit.position), 1.0)))
            continue
        source = _container(new_sets[unit.position], old_sets, set(matched.values()))
        if source is not None:
            pairs.append(Pair(olds[source[0]], unit, SPLIT, source[1]))
        else:
            pairs.append(Pair(None, unit, INSERTED, 0.0))
    paired_new = set(matched)
    used_old = set(matched.values())
    for old in olds:
        if old.position in used_old:
            continue
        target = _container(old_sets[old.position], new_sets, paired_new)
        pair = Pair(old, news[target[0]], MERGED, target[1]) if target else Pair(old, None, DELETED, 0.0)
        _insert_by_old_position(pairs, pair)
    return pairs


def _container(shingles: frozenset[str], others: list[frozenset[str]],
               allowed: set[int]) -> tuple[int, float] | None:
    """The paired unit holding most of ``shingles``, if it holds at least ``CONTAINED`` of them."""
    if not shingles:
        return None
    best = max(((len(shingles & others[pos]) / len(shingles), pos) for pos in allowed), default=(0.0, -1))
    return (best[1], best[0]) if best[0] >= CONTAINED else None


def _longest_ordered(matched: dict[int, int]) -> set[int]:
    """New positions of the longest subsequence of pairs whose old positions also increase."""
    items = sorted(matched.items())
    tails: list[int] = []
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(items)
    for i, (_, old_pos) in enumerate(items):
        k = bisect_left(tails, old_pos)
        if k == len(tails):
            tails.append(old_pos)
            tail_index.append(i)
        else:
            tails[k] = old_pos
            tail_index[k] = i
        previous[i] = tail_index[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        keep.add(items[i][0])
        i = previous[i]
    return keep


def _insert_by_old_position(pairs: list[Pair], pair: Pair) -> None:
    assert pair.old is not None
    for index, existing in enumerate(pairs):
        if existing.old is not None and existing.old.position > pair.old.position:
            pairs.insert(index, pair)
            return
    pairs.append(pair)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``(op, text)`` runs, op one of "equal", "insert", "delete"; adjacent runs of one op are joined."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            _add_run(runs, "delete", "".join(a[i1:i2]))
        if op in ("insert", "replace"):
            _add_run(runs, "insert", "".join(b[j1:j2]))
        if op == "equal":
            _add_run(runs, "equal", "".join(a[i1:i2]))
    return runs


def _add_run(runs: list[tuple[str, str]], op: str, text: str) -> None:
    if runs and runs[-1][0] == op:
        runs[-1] = (op, runs[-1][1] + text)
    else:
        runs.append((op, text))


def follow(old: tree.Document, new: tree.Document, pairs: Iterable[Pair], eid: str, quote: str = "") -> Anchor:
    """Carry an anchor (``eid`` plus the quoted words) from ``old`` into ``new``.

    The article is found through the alignment; inside it, the node holding the quote wins, then
    the node at the same relative path, then the article itself. An anchor whose article was
    deleted survives if its quote is found elsewhere (state ``moved``)."""
    if not eid:
        return Anchor(None, WHOLE)
    article_eid, _, rest = _split_article(eid)
    old_node = old.find(eid)
    candidates = [pair for pair in pairs if pair.old is not None and pair.old.eid == article_eid and pair.new]
    if not candidates:
        found = _node_with_quote(new.walk(), quote) if quote else None
        if found is None and not article_eid:
            same = new.find(eid)
            return Anchor(same.eid, _text_state(old_node, same), _differs(old_node, same)) if same \
                else Anchor(None, DELETED)
        return Anchor(found.eid, MOVED, _differs(old_node, found)) if found else Anchor(None, DELETED)
    pair = _best_candidate(candidates, new, quote)
    assert pair.new is not None
    article = new.find(pair.new.eid)
    target = _target_in_article(article, pair.new.eid, rest, quote) if article else None
    if target is None:
        return Anchor(None, DELETED)
    changed = _differs(old_node, target)
    if pair.state in (KEPT, RENUMBERED) and target.eid != eid:
        return Anchor(target.eid, RENUMBERED, changed)
    if pair.state in (KEPT, RENUMBERED):
        return Anchor(target.eid, _text_state(old_node, target), changed)
    return Anchor(target.eid, pair.state, changed)


def article_of(eid: str) -> str:
    """The eId of the article holding ``eid`` ("chp_I__art_2__cl_1" → "chp_I__art_2"), "" outside articles."""
    return _split_article(eid)[0]


def _split_article(eid: str) -> tuple[str, str, str]:
    parts = eid.split("__")
    for index, part in enumerate(parts):
        if part.startswith("art_"):
            return "__".join(parts[:index + 1]), "__", "__".join(parts[index + 1:])
    return "", "", eid


def _best_candidate(candidates: list[Pair], new: tree.Document, quote: str) -> Pair:
    if quote and len(candidates) > 1:
        for pair in candidates:
            node = new.find(pair.new.eid) if pair.new else None
            if node is not None and _node_with_quote(node.walk(), quote):
                return pair
    return candidates[0]


def _target_in_article(article: tree.Node, article_eid: str, rest: str, quote: str) -> tree.Node | None:
    if quote:
        found = _node_with_quote(article.walk(), quote)
        if found is not None:
            return found
    if not rest:
        return article
    wanted = f"{article_eid}__{rest}"
    same_path = next((node for node in article.walk() if node.eid == wanted), None)
    return same_path or article


def _node_with_quote(nodes: Iterable[tree.Node], quote: str) -> tree.Node | None:
    """The deepest node whose own heading or text holds the quote (white space ignored)."""
    wanted = tree.squash(quote).lower()
    found = None
    for node in nodes:
        if wanted and wanted in tree.squash(node.heading + node.text).lower():
            found = node
    return found


def _text_state(old_node: tree.Node | None, new_node: tree.Node | None) -> str:
    return CHANGED if _differs(old_node, new_node) else UNCHANGED


def _differs(old_node: tree.Node | None, new_node: tree.Node | None) -> bool:
    return old_node is None or new_node is None or _full_text(old_node) != _full_text(new_node)


def _full_text(node: tree.Node) -> str:
    return tree.squash("".join(piece for child in node.walk() for piece in (child.heading, child.text)))
