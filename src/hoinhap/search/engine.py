"""An embedded BM25 index of passages (articles, clauses), stored on disk beside the database.

tantivy does the ranking: an inverted index with block-max WAND top-k pruning, memory-mapped, with
incremental commits. We hand it our own tokens (``tokens.py``), joined by spaces and split again
by its whitespace tokenizer, so the same tokens are used at index and at query time.

Fields, and why:
- ``bi``: syllable bigrams, the main signal (words without a segmenter);
- ``uni``: syllables, weighted lower: single-syllable words and numbers;
- ``head``: the unit's heading (article name), syllables and bigrams: a question usually names
  what the article is about;
- ``fold``: diacritic-folded syllables and bigrams, used only for queries typed without accents
  (folding a query that has them costs quality: search.md §0.4). tantivy folds them (``FOLD``:
  whitespace tokens, then ASCII folding) from the same strings as ``uni`` and ``bi``, at index and
  at query time, so Python never builds folded strings (tokenizing 32% less; tantivy's folding
  takes back about half of that, in its own thread: docs/performance.md, import at corpus scale);
- filters: ``work`` (to group and to delete), ``doc_type``, ``issuer``, ``year``, ``in_force``.
Only term frequencies are indexed (no positions): phrase search is not needed to rank, and it
keeps the index near the size of the raw text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import tantivy

from hoinhap.search.tokens import Piece, bigrams, has_diacritics, join, piece, syllables

WRITER_HEAP = 128_000_000
# What is indexed, and how: an index folder built in another format is rebuilt by the indexer
# (``corpus/indexer.py`` compares it with the one its state file records). 2: ``fold`` folded by tantivy.
INDEX_FORMAT = 2
FOLD = "hoinhap_fold"


def _fold_analyzer() -> tantivy.TextAnalyzer:
    """The ``fold`` field's analyzer: our tokens (space-separated), each ASCII-folded. It folds every
    Vietnamese letter as ``tokens.fold`` does (tested); beyond them it also folds letters NFD does not
    decompose ("ø" → "o", "ß" → "ss"), which only helps a query typed without them."""
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(tantivy.Filter.ascii_fold()).build()


_FOLD_ANALYZER = _fold_analyzer()


def fold_terms(tokens: list[str]) -> list[str]:
    """Each token folded as the index folds it (one call into tantivy for the whole list)."""
    folded: list[str] = _FOLD_ANALYZER.analyze(" ".join(tokens))
    if len(folded) == len(tokens):
        return folded
    # a token the analyzer split or dropped (none of ours has a space): still one term per token
    return ["".join(_FOLD_ANALYZER.analyze(token)) for token in tokens]


@dataclass(frozen=True)
class Passage:
    """One searchable unit: ``key`` is the caller's id (a provision's primary key).

    ``pieces``, when given, are the passage's texts already tokenized (``tokens.piece``), the
    heading's first, then the texts in reading order; ``text`` and ``heading`` are then not read.
    The corpus indexer passes them so that text repeated in nested passages is tokenized once."""

    key: int
    text: str
    heading: str = ""
    work: int = 0
    doc_type: str = ""
    issuer: str = ""
    year: int = 0
    in_force: bool = True
    pieces: tuple[Piece, ...] = ()


@dataclass(frozen=True)
class Weights:
    """Field boosts, per field and never per query. Chosen on ALQAC 2023 train alone (a 4x4 grid of
    uni and head; train MRR@10 is flat at 0.89-0.91 across it) and checked on held-out sets: the
    ALQAC 2023 private test and the 2023 statement set (docs/performance.md). ``fold`` is 0: a
    query typed with accents does not look at the folded field (it halved query time for -0.005
    MRR@10 on train and nothing on the held-out sets)."""

    bi: float = 1.0
    uni: float = 0.6
    head: float = 0.4
    fold: float = 0.0
    fold_unaccented: float = 1.0
    # A syllable term whose document frequency exceeds this share of the index is left out of a
    # query that has bigrams: its long posting list costs most of the query time (block-max WAND
    # can rarely skip it) while its BM25 weight is small, and the bigrams it is part of still
    # carry it. Measured on three question sets in docs/performance.md.
    max_syllable_df: float = 0.04


@dataclass(frozen=True)
class Filters:
    doc_types: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    in_force: bool | None = None


@dataclass(frozen=True)
class Hit:
    key: int
    work: int
    score: float


@dataclass
class Page:
    hits: list[Hit]
    total: int


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("key", stored=True, indexed=True, fast=True)
    builder.add_unsigned_field("work", stored=True, indexed=True, fast=True)
    for name in ("bi", "uni", "head", "fold"):
        builder.add_text_field(name, stored=False, tokenizer_name=FOLD if name == "fold" else "whitespace",
                               index_option="freq")
    for name in ("doc_type", "issuer"):
        builder.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("year", stored=False, indexed=True, fast=True)
    builder.add_boolean_field("in_force", stored=False, indexed=True, fast=True)
    return builder.build()


def passage_fields(passage: Passage) -> dict[str, tuple[str, ...]]:
    """The values of one passage's text fields, as the index receives them: ``uni`` the syllables of
    the heading and the text (the heading is text too, and once more in ``head``), ``bi`` their
    bigrams, ``fold`` both again (the same strings: the field's analyzer folds them)."""
    pieces = passage.pieces or (piece(passage.heading), piece(passage.text))
    head = pieces[0]
    joined = join(pieces)
    return {"bi": (joined.bi,), "uni": (joined.uni,), "head": (" ".join(p for p in (head.uni, head.bi) if p),),
            "fold": (joined.uni, joined.bi)}


def _document(passage: Passage) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_unsigned("key", passage.key)
    doc.add_unsigned("work", passage.work)
    for name, values in passage_fields(passage).items():
        for text in values:  # several values of a field are counted as one text (frequencies, length)
            doc.add_text(name, text)
    for name, value in (("doc_type", passage.doc_type), ("issuer", passage.issuer)):
        if value:
            doc.add_text(name, value)
    doc.add_integer("year", passage.year)
    doc.add_boolean("in_force", passage.in_force)
    return doc


class ReadOnlyIndex(PermissionError):
    """A write on an index opened for reading: only the indexer writes (it holds tantivy's writer lock)."""


def index_exists(path: Path) -> bool:
    return (path / "meta.json").is_file()


class SearchIndex:
    """Open (or create) the index at ``path``; ``None`` keeps it in memory (tests, benchmarks).

    ``read_only`` is for the processes that only search (web requests): they never create the
    folder nor take tantivy's writer lock, and a folder not built yet reads as an empty index.
    They see the writer's commits once tantivy reloads (it watches the folder) or on ``reload``."""

    def __init__(self, path: Path | None = None, *, weights: Weights | None = None, read_only: bool = False) -> None:
        self.path = path
        self.weights = weights or Weights()
        self.schema = _schema()
        self.read_only = read_only
        self.exists = path is None or index_exists(path)
        if read_only and path is not None:
            self.index = tantivy.Index.open(str(path)) if self.exists else tantivy.Index(self.schema)
        else:
            if path is not None:
                path.mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(self.schema, path=str(path) if path else None, reuse=True)
            self.exists = True
        self.index.register_tokenizer(FOLD, _fold_analyzer())
        self._writer: tantivy.IndexWriter | None = None

    # -- writing ------------------------------------------------------------------------------

    def writer(self) -> tantivy.IndexWriter:
        if self.read_only:
            raise ReadOnlyIndex(f"the search index at {self.path} is open for reading only")
        if self._writer is None:
            self._writer = self.index.writer(WRITER_HEAP, 1)
        return self._writer

    def reload(self) -> None:
        """See the latest commit now, not after tantivy notices it."""
        self.index.reload()

    def add(self, passages: Iterable[Passage]) -> int:
        writer, count = self.writer(), 0
        for passage in passages:
            writer.add_document(_document(passage))
            count += 1
        return count

    # By query, not by term: a Python int given as a term is typed signed and never matches a u64.
    def delete_work(self, work: int) -> None:
        self.writer().delete_documents_by_query(tantivy.Query.term_query(self.schema, "work", work))

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self.index.reload()

    def discard(self) -> None:
        """Give up what was written since the last commit and release tantivy's writer lock now, not
        when the writer happens to be garbage-collected (a failed batch must not keep the lock)."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.rollback()
            del writer

    def clear(self) -> None:
        """Drop every document (a rebuild starts from here)."""
        self.writer().delete_all_documents()

    # -- reading ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self.index.searcher().num_docs)

    def search(self, text: str, *, limit: int = 10, offset: int = 0, filters: Filters | None = None) -> Page:
        """Top ``limit`` hits after ``offset``. When leaving out common syllables (``_informative``)
        cannot fill the page, which happens on small corpora, the query runs again with them all."""
        searcher = self.index.searcher()
        page = self._search(searcher, text, limit, offset, filters, prune=True)
        if page is None:
            page = self._search(searcher, text, limit, offset, filters, prune=False)
        return page or Page([], 0)

    def _search(self, searcher: tantivy.Searcher, text: str, limit: int, offset: int,
                filters: Filters | None, *, prune: bool) -> Page | None:
        terms, pruned = self._terms(text, searcher if prune else None)
        if not terms:
            return Page([], 0)
        result = searcher.search(self._combine(self._queries(terms), filters), limit=limit, offset=offset, count=True)
        total = int(getattr(result, "count", 0) or 0)  # the stubs lack ``count``
        if pruned and total < offset + limit:
            return None
        hits = []
        for score, address in result.hits:
            doc = searcher.doc(address)
            hits.append(Hit(int(doc["key"][0]), int(doc["work"][0]), float(score)))
        return Page(hits, total)

    def terms(self, text: str) -> list[tuple[str, str, float]]:
        """The (field, token, boost) terms ``search`` first runs for ``text``."""
        return self._terms(text, self.index.searcher())[0]

    def query(self, text: str, filters: Filters | None = None) -> tantivy.Query | None:
        """The query as ``search`` first runs it (common syllables left out)."""
        ranking = self._queries(self.terms(text))
        return self._combine(ranking, filters) if ranking else None

    def _combine(self, ranking: list[tantivy.Query], filters: Filters | None) -> tantivy.Query:
        should = tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in ranking])
        musts = self._filters(filters or Filters())
        if not musts:
            return should
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, should), *[(tantivy.Occur.Must, m) for m in musts]])

    def _terms(self, text: str, searcher: tantivy.Searcher | None) -> tuple[list[tuple[str, str, float]], bool]:
        """The weighted terms, and whether common syllables were left out (only with a
        ``searcher`` to count them, and only when the query has bigrams to carry them)."""
        ordered = syllables(text)
        units = list(dict.fromkeys(ordered))
        pairs = list(dict.fromkeys(bigrams(ordered)))
        w = self.weights
        kept = self._informative(units, searcher) if searcher is not None and pairs else units
        fold_weight = w.fold if has_diacritics(text) else w.fold_unaccented
        terms: list[tuple[str, str, float]] = [("bi", t, w.bi) for t in pairs]
        terms += [("uni", t, w.uni) for t in kept]
        terms += [("head", t, w.head) for t in units + pairs]
        if fold_weight:
            folded = fold_terms(ordered)
            folded += bigrams(folded)
            terms += [("fold", t, fold_weight) for t in dict.fromkeys(folded)]
        return [t for t in terms if t[2]], len(kept) < len(units)

    def _queries(self, terms: list[tuple[str, str, float]]) -> list[tantivy.Query]:
        return [self._term(name, token, boost) for name, token, boost in terms]

    def _informative(self, units: list[str], searcher: tantivy.Searcher) -> list[str]:
        """The query's syllables less those in more than ``max_syllable_df`` of the passages."""
        share = self.weights.max_syllable_df
        if share >= 1.0:
            return units
        limit = share * max(searcher.num_docs, 1)
        return [t for t in units if searcher.doc_freq("uni", t) <= limit]

    def _term(self, name: str, token: str, boost: float) -> tantivy.Query:
        term = tantivy.Query.term_query(self.schema, name, token)
        return term if boost == 1.0 else tantivy.Query.boost_query(term, boost)

    def _filters(self, filters: Filters) -> list[tantivy.Query]:
        musts = []
        for name, values in (("doc_type", filters.doc_types), ("issuer", filters.issuers)):
            if values:
                musts.append(tantivy.Query.term_set_query(self.schema, name, list(values)))
        if filters.year_from is not None or filters.year_to is not None:
            musts.append(tantivy.Query.range_query(self.schema, "year", tantivy.FieldType.Integer,
                                                   filters.year_from, filters.year_to))
        if filters.in_force is not None:
            musts.append(tantivy.Query.term_query(self.schema, "in_force", filters.in_force))
        return musts
