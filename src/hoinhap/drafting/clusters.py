"""Near-duplicate comments on one provision, suggested as groups to answer together.

Two comments are near duplicates when the Jaccard similarity of their word-bigram sets (accents and
case kept, punctuation ignored) reaches ``THRESHOLD``; groups are the connected components. A
drafter reviews a suggested group before answering it as one."""

from __future__ import annotations

import re
from collections.abc import Sequence

THRESHOLD = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)


def _bigrams(text: str) -> frozenset[str]:
    words = _WORD.findall(text.lower())
    return frozenset(f"{a} {b}" for a, b in zip(words, words[1:], strict=False)) or frozenset(words)


def similarity(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def groups(texts: Sequence[str], threshold: float = THRESHOLD) -> list[list[int]]:
    """Indexes of ``texts`` in groups of two or more near duplicates, largest group first."""
    sets = [_bigrams(text) for text in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            union = len(sets[i] | sets[j])
            if union and len(sets[i] & sets[j]) / union >= threshold:
                parent[root(j)] = root(i)
    found: dict[int, list[int]] = {}
    for i in range(len(texts)):
        found.setdefault(root(i), []).append(i)
    return sorted((g for g in found.values() if len(g) > 1), key=lambda g: (-len(g), g[0]))
