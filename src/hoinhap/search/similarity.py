"""Text similarity between short Vietnamese passages (a requirement against a draft's provisions or
programme tasks): TF-IDF vectors over syllables and syllable bigrams, compared by cosine.

Framework-free (mypy strict). The steps:

1. tokens: ``tokens.syllables`` and ``tokens.bigrams`` of each text (the project's tokeniser, so a
   word such as "hội nhập" counts as one bigram without a segmenter); bigrams weigh ``BIGRAM``,
   syllables ``SYLLABLE`` (a shared bigram says more than a shared syllable);
2. weights: sublinear term frequency (1 + log tf) times a smoothed inverse document frequency
   computed over the candidates, so syllables that every provision has ("các", "của") weigh little;
3. score: cosine of the query's vector and each candidate's, in [0, 1]; ``top`` keeps the ``k`` best
   above ``MIN_SCORE``, best first, ties by the candidates' order.

Cost: one pass over the candidates to build the vectors (linear in their tokens), then each query is
compared only with the candidates that share a term with it (an inverted index)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from hoinhap.search.tokens import bigrams, syllables

K = TypeVar("K", bound=Hashable)

SYLLABLE = 0.5  # weight of a shared syllable, relative to a shared bigram
BIGRAM = 1.0
MIN_SCORE = 0.05  # below this a "match" shares only common words: not worth a person's time


def terms(text: str) -> Counter[str]:
    """The weighted term counts of ``text``: syllables (prefixed ``u:``) and bigrams (``b:``)."""
    units = syllables(text)
    counts: Counter[str] = Counter()
    for unit in units:
        counts[f"u:{unit}"] += 1
    for pair in bigrams(units):
        counts[f"b:{pair}"] += 1
    return counts


def _weight(term: str) -> float:
    return BIGRAM if term.startswith("b:") else SYLLABLE


@dataclass(frozen=True, slots=True)
class Match(Generic[K]):
    """A candidate found for a query, with its cosine similarity (0 to 1)."""

    key: K
    score: float


class Scorer(Generic[K]):
    """The candidates, indexed once; ``top`` ranks them for any number of queries."""

    def __init__(self, candidates: Sequence[tuple[K, str]]) -> None:
        self._keys = [key for key, _ in candidates]
        counted = [terms(text) for _, text in candidates]
        frequency: Counter[str] = Counter()
        for counts in counted:
            frequency.update(counts.keys())
        total = len(counted)
        self._idf = {term: math.log((1 + total) / (1 + n)) + 1 for term, n in frequency.items()}
        self._vectors = [self._vector(counts) for counts in counted]
        self._postings: dict[str, list[int]] = defaultdict(list)
        for index, vector in enumerate(self._vectors):
            for term in vector:
                self._postings[term].append(index)

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        """Unit-length TF-IDF vector; a term unknown to the candidates gets the highest idf (it is rare)."""
        top_idf = math.log(1 + len(self._keys)) + 1
        vector = {term: (1 + math.log(n)) * self._idf.get(term, top_idf) * _weight(term) for term, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        return {term: v / norm for term, v in vector.items()} if norm else {}

    def top(self, query: str, k: int = 5, min_score: float = MIN_SCORE) -> list[Match[K]]:
        """The ``k`` candidates most similar to ``query``, best first (score at least ``min_score``)."""
        vector = self._vector(terms(query))
        scores: dict[int, float] = defaultdict(float)
        for term, weight in vector.items():
            for index in self._postings.get(term, ()):
                scores[index] += weight * self._vectors[index][term]
        ranked = sorted((index for index, score in scores.items() if score >= min_score),
                        key=lambda index: (-scores[index], index))
        return [Match(self._keys[index], round(scores[index], 4)) for index in ranked[:k]]


def recall_at(found: dict[str, list[str]], truth: dict[str, set[str]]) -> float:
    """The share of true links (query → key) that appear among the keys ``found`` for their query."""
    wanted = sum(len(keys) for keys in truth.values())
    hits = sum(len(keys & set(found.get(query, []))) for query, keys in truth.items())
    return hits / wanted if wanted else 0.0
