"""Where each provision of a version went in the next one: one ``ProvisionMap`` row per provision
and pair of consecutive versions, computed from ``legal.redline``'s article alignment.

Comments no longer carry a row per version: a comment's place in version k is found by walking the
map from its own version, step by step (``Walker``). A step into a published version is stored once
(published versions never change); a step into a version still being edited is computed in memory
each time it is read, because every edit may change it.

Inside an aligned pair of articles, a provision goes to, in this order: the node at the same path
with the same words, a node with the same words elsewhere in the article, a node with the same
words in a part split off the article, the most alike node of the same kind (a rewritten clause),
the node at the same path, and else the article itself (its words changed). A provision of a
deleted article survives if the same words are found elsewhere (state ``moved``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import Count, Sum

from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import ProvisionMap, Version, VersionProvision
from hoinhap.legal import redline, tree

ONE_TO_ONE = (redline.KEPT, redline.RENUMBERED, redline.MOVED)


@dataclass(frozen=True)
class Step:
    """Where one provision went in the next version ("" if it was deleted)."""

    to_eid: str
    state: str
    changed: bool


StepMap = dict[str, Step]  # from_eid -> where it went


def compute(old: tree.Document, new: tree.Document) -> StepMap:
    """Every provision of ``old`` (articles and what is in them, and the divisions around them)."""
    token = _FULL_TEXTS.set({})
    try:
        return _compute(old, new)
    finally:
        _FULL_TEXTS.reset(token)


def _compute(old: tree.Document, new: tree.Document) -> StepMap:
    steps: StepMap = {}
    texts = _TextIndex(new)
    new_nodes = {node.eid: node for node in new.walk()}
    primary, split_parts = _partners(redline.align(old, new))
    old_articles = {unit.eid for unit in redline.units(old)}
    for article in (node for node in old.walk() if node.eid in old_articles):
        target = primary.get(article.eid)
        new_article = new_nodes.get(target[0]) if target else None
        if target is None or new_article is None:
            steps.update(_deleted(article, texts))
            continue
        parts = [node for eid in split_parts.get(article.eid, ()) if (node := new_nodes.get(eid)) is not None]
        steps.update(_within(article, new_article, target[1], parts))
    for node in old.walk():  # chapters, sections, parts: by their eId
        if node.eid and node.eid not in steps and not redline.article_of(node.eid):
            same = new_nodes.get(node.eid)
            steps[node.eid] = Step(node.eid, _text_state(node, same), _differs(node, same)) if same \
                else Step("", redline.DELETED, True)
    return steps


def _partners(pairs: list[redline.Pair]) -> tuple[dict[str, tuple[str, str]], dict[str, list[str]]]:
    """Each old article's main counterpart (eId, state) and the new articles split off it."""
    primary: dict[str, tuple[str, str]] = {}
    split_parts: dict[str, list[str]] = {}
    for pair in pairs:
        if pair.old is None or pair.new is None:
            continue
        if pair.state in ONE_TO_ONE or pair.state == redline.MERGED:
            primary[pair.old.eid] = (pair.new.eid, pair.state)
        elif pair.state == redline.SPLIT:
            split_parts.setdefault(pair.old.eid, []).append(pair.new.eid)
    return primary, split_parts


def _within(article: tree.Node, new_article: tree.Node, state: str, parts: list[tree.Node]) -> StepMap:
    by_path = {_rest(node.eid, new_article.eid): node for node in new_article.walk()}
    by_text = _TextIndex(new_article)
    in_parts = [_TextIndex(part) for part in parts]
    rewritten = [(node, False) for node in new_article.walk()] + [(node, True) for part in parts for node in part.walk()]
    steps: StepMap = {}
    for node in article.walk():
        same_path = by_path.get(_rest(node.eid, article.eid))
        target, split = _same_words(node, same_path, by_text, in_parts)
        if target is None and node is not article:
            target, split = _most_similar(node, rewritten)
        if target is None:
            target, split = same_path or new_article, False
        step_state = redline.SPLIT if split else _state(state, node, target)
        steps[node.eid] = Step(target.eid, step_state, _differs(node, target))
    return steps


def _same_words(node: tree.Node, same_path: tree.Node | None, by_text: _TextIndex,
                parts: list[_TextIndex]) -> tuple[tree.Node | None, bool]:
    """The node holding ``node``'s very words: at the same path, elsewhere in the article, or in a
    part split off it (``True``)."""
    words = _full_text(node)
    if same_path is not None and _full_text(same_path) == words:
        return same_path, False
    found = by_text.get(words)
    if found is not None:
        return found, False
    for index in parts:
        found = index.get(words)
        if found is not None:
            return found, True
    return None, False


def _most_similar(node: tree.Node, candidates: list[tuple[tree.Node, bool]]) -> tuple[tree.Node | None, bool]:
    """A rewritten provision: the node of the same kind whose words are most alike (at least
    ``redline.SIMILAR``), in the article or a part split off it (``True``)."""
    words = _words(node)
    best: tuple[float, tree.Node | None, bool] = (redline.SIMILAR, None, False)
    for candidate, split in candidates:
        if candidate.kind != node.kind:
            continue
        others = _words(candidate)
        union = len(words | others)
        score = len(words & others) / union if union else 0.0
        if score > best[0]:
            best = (score, candidate, split)
    return best[1], best[2]


_WORD = re.compile(r"\w+", re.UNICODE)


def _words(node: tree.Node) -> set[str]:
    return set(_WORD.findall(" ".join(piece for child in node.walk() for piece in (child.heading, child.text)).lower()))


def _state(article_state: str, node: tree.Node, target: tree.Node) -> str:
    """A provision of an article kept or renumbered says whether its own eId changed, and whether
    its words did; one of a moved or merged article says so."""
    if article_state in (redline.KEPT, redline.RENUMBERED):
        return _text_state(node, target) if target.eid == node.eid else redline.RENUMBERED
    return article_state


def _deleted(article: tree.Node, texts: _TextIndex) -> StepMap:
    steps: StepMap = {}
    for node in article.walk():
        found = texts.get(_full_text(node))
        steps[node.eid] = Step(found.eid, redline.MOVED, False) if found else Step("", redline.DELETED, True)
    return steps


class _TextIndex:
    """Nodes by their whole words (white space ignored); the first in document order wins."""

    def __init__(self, root: tree.Node | tree.Document) -> None:
        self._nodes: dict[str, tree.Node] = {}
        for node in root.walk():
            self._nodes.setdefault(_full_text(node), node)

    def get(self, words: str) -> tree.Node | None:
        return self._nodes.get(words) if words else None


def _rest(eid: str, article_eid: str) -> str:
    return eid[len(article_eid):] if eid.startswith(article_eid) else eid


# The whole words of each node, by id(node), while ``compute`` runs (a context variable: safe across
# threads): each node's text is then made once from its children's instead of walking its subtree
# again for every lookup (a 300-article law went from seconds to tens of milliseconds).
_FULL_TEXTS: ContextVar[dict[int, str] | None] = ContextVar("provision_map_full_texts", default=None)


def _full_text(node: tree.Node) -> str:
    """The node's words and all its descendants', without white space."""
    cache = _FULL_TEXTS.get()
    found = cache.get(id(node)) if cache is not None else None
    if found is None:
        found = tree.squash(node.heading + node.text) + "".join(_full_text(child) for child in node.children)
        if cache is not None:
            cache[id(node)] = found
    return found


def _differs(old: tree.Node | None, new: tree.Node | None) -> bool:
    return old is None or new is None or _full_text(old) != _full_text(new)


def _text_state(old: tree.Node, new: tree.Node | None) -> str:
    return redline.CHANGED if _differs(old, new) else redline.UNCHANGED


# Storage -------------------------------------------------------------------------------------------


def step_map(previous: Version, version: Version) -> StepMap:
    """The map from ``previous`` into the next version: stored once both are published (neither
    changes any more), computed afresh while either is still being edited."""
    if not (previous.is_published and version.is_published):
        return compute(version_document(previous), version_document(version))
    rows = ProvisionMap.objects.filter(from_version=previous, to_version=version).values_list(
        "from_eid", "to_eid", "state", "changed")
    stored = {from_eid: Step(to_eid, state, changed) for from_eid, to_eid, state, changed in rows}
    return stored or store(previous, version)


def store(previous: Version, version: Version) -> StepMap:
    """Compute and record the map into a published ``version``; a concurrent reader recording the
    same rows meanwhile changes nothing (same input, same rows; duplicates are ignored)."""
    steps = compute(version_document(previous), version_document(version))
    ProvisionMap.objects.bulk_create(
        [ProvisionMap(from_version=previous, to_version=version, from_eid=from_eid, to_eid=step.to_eid,
                      state=step.state, changed=step.changed) for from_eid, step in steps.items()],
        batch_size=1000, ignore_conflicts=True)
    return steps


# Walking -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a comment made on an earlier (or the same) version stands in the version walked to."""

    eid: str  # "" for the whole draft, or a deleted provision
    state: str
    changed: bool = False

    @property
    def lost(self) -> bool:
        return self.state == redline.DELETED


class Walker:
    """Places in ``target`` of provisions of earlier versions, walking the map one step at a time.
    Each step's map is loaded once per walker: make one per request (``walker_for``)."""

    def __init__(self, target: Version) -> None:
        self.target = target
        self._versions = {v.number: v for v in target.draft.versions.filter(number__lte=target.number)}
        self._steps: dict[int, StepMap] = {}
        self._places: dict[tuple[int, str], Place | None] = {}
        self.stable = all(v.is_published for v in self._versions.values())
        self.fingerprint = edit_state(self._versions.values())

    def place(self, from_number: int, eid: str) -> Place | None:
        """``None`` for a provision of a later version (it has no place in an earlier one)."""
        key = (from_number, eid)
        if key not in self._places:
            self._places[key] = self._walk(from_number, eid)
        return self._places[key]

    def _walk(self, from_number: int, eid: str) -> Place | None:
        if from_number > self.target.number:
            return None
        if not eid:
            return Place("", redline.WHOLE)
        place = Place(eid, redline.UNCHANGED)
        for number in range(from_number + 1, self.target.number + 1):
            step = self._step(number).get(place.eid)
            if step is None or not step.to_eid:
                return Place("", redline.DELETED, True)
            place = Place(step.to_eid, _carried(place.state, step.state), place.changed or step.changed)
        return place

    def step(self, number: int) -> StepMap:
        """The map from version ``number - 1`` into version ``number``."""
        return self._step(number)

    def _step(self, number: int) -> StepMap:
        if number not in self._steps:
            previous, version = self._versions.get(number - 1), self._versions.get(number)
            self._steps[number] = step_map(previous, version) if previous and version else {}
        return self._steps[number]


def _carried(previous: str, now: str) -> str:
    """A provision unchanged in this step keeps telling what happened to it in an earlier one."""
    return previous if now == redline.UNCHANGED and previous != redline.WHOLE else now


def edit_state(versions: Iterable[Version]) -> tuple[tuple[object, ...], ...]:
    """What changes when a version being edited is edited (a provision saved, inserted, deleted or
    moved) or published: two small queries per such version; () when all were published."""
    state = []
    for version in versions:
        if not version.is_published:
            row = Version.objects.filter(pk=version.pk).values_list("status", "structure_revision").first()
            done = VersionProvision.objects.filter(version=version).aggregate(n=Count("id"), r=Sum("revision"))
            state.append((version.pk, row, done["n"], done["r"]))
    return tuple(state)


_CACHE = "_provision_walker"


def walker_for(version: Version) -> Walker:
    """The walker into ``version``, kept on the instance (views fetch the version once per request: a
    cache per request). Into a version being edited it is reused only while no edit happened since
    (``edit_state``), so an edit shows at once."""
    walker: Walker | None = getattr(version, _CACHE, None)
    if walker is not None and (walker.stable or walker.fingerprint == edit_state(walker._versions.values())):
        return walker
    walker = Walker(version)
    setattr(version, _CACHE, walker)
    return walker
