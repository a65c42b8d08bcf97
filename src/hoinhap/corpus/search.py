"""Search over the corpus: reading the embedded index, direct answers for queries that name a
provision, and results grouped under their document.

The index lives beside the database (``settings.SEARCH_INDEX_DIR``) and is derived data. This module
only reads it: writes that change searchable text append to the outbox (``outbox.py``) and each
host's indexer (``indexer.py``) applies them, so a web request never takes tantivy's writer lock."""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from django.conf import settings

from hoinhap.corpus.models import Provision, Work
from hoinhap.legal.numbers import number_key
from hoinhap.search.engine import Filters, Page, Passage, SearchIndex
from hoinhap.search.references import Reference, parse_reference
from hoinhap.search.snippets import snippet
from hoinhap.search.tokens import Piece, piece

SEARCHED_KINDS = ("article", "clause", "item")  # passages: articles and clauses (items in Party texts)
_readers: dict[Path, SearchIndex] = {}


def search_index(path: Path | None = None) -> SearchIndex:
    """The index for reading. A folder not built yet reads as empty and is looked for again next time."""
    path = Path(path or settings.SEARCH_INDEX_DIR)
    reader = _readers.get(path)
    if reader is None:
        reader = SearchIndex(path, read_only=True)
        if reader.exists:
            _readers[path] = reader
    return reader


def refresh_readers(path: Path | None = None) -> None:
    """After this process's indexer committed: searches see the change at once."""
    for folder, reader in list(_readers.items()):
        if path is None or folder == Path(path):
            reader.reload()


def forget_indexes() -> None:
    """Drop open handles (tests point SEARCH_INDEX_DIR at a fresh folder each time)."""
    _readers.clear()


# -- what the indexer writes --------------------------------------------------------------------

def passages_for(work: Work) -> Iterator[Passage]:
    """One passage per article, clause or item, with the text of everything under it."""
    return passages_of([work])


_ROW = ("expression__work_id", "expression_id", "kind", "heading", "text", "depth", "id")


def passages_of(works: Sequence[Work]) -> Iterator[Passage]:
    """The passages of several works, their provisions read in one query as plain tuples (no model
    per row, and never the expressions' trees: their JSON is the document again)."""
    by_id = {work.id: work for work in works}
    rows = (Provision.objects.filter(expression__work_id__in=by_id)
            .order_by("expression__work_id", "expression_id", "position").values_list(*_ROW))
    for (work_id, _expression), group in groupby(rows.iterator(chunk_size=5000), key=itemgetter(0, 1)):
        yield from _expression_passages(by_id[work_id], [row[2:] for row in group])


def _expression_passages(work: Work, rows: list[tuple[str, str, str, int, int]]) -> Iterator[Passage]:
    """``rows`` (kind, heading, text, depth, id) in document order: a row's subtree is the run of
    deeper rows after it. Each heading and text is tokenized once, the first time a passage holds
    it, and joined into every passage above it (``tokens.Piece``)."""
    year = work.date.year if work.date else 0
    in_force = work.status == Work.Status.IN_FORCE
    pieces: list[Piece | None] = [None] * (2 * len(rows))  # heading, text of each row
    for start, (kind, heading, _text, depth, key) in enumerate(rows):
        if kind not in SEARCHED_KINDS:
            continue
        end = start + 1
        while end < len(rows) and rows[end][3] > depth:
            end += 1
        for slot in range(2 * start, 2 * end):
            if pieces[slot] is None:
                row = rows[slot // 2]
                pieces[slot] = piece(row[2] if slot % 2 else row[1])
        yield Passage(key=key, text="", heading=heading, work=work.id, doc_type=work.doc_type,
                      issuer=work.issuer_code, year=year, in_force=in_force,
                      pieces=tuple(p for p in pieces[2 * start:2 * end] if p is not None))


def _text_from(rows: list[Provision], start: int) -> list[str]:
    """The own text of ``rows[start]`` and the headings and texts of the rows under it (rows in
    document order: its subtree is the run of deeper rows that follows it)."""
    parts = [rows[start].text]
    depth = rows[start].depth
    for index in range(start + 1, len(rows)):  # by index: a slice would copy the rest of the list each time
        if rows[index].depth <= depth:
            break
        parts += (rows[index].heading, rows[index].text)
    return [p for p in parts if p]


def subtree_text(provision: Provision) -> str:
    """A provision's own text and everything under it, in order."""
    rows = [provision, *Provision.objects.filter(expression_id=provision.expression_id,
                                                 eid__startswith=f"{provision.eid}__").order_by("position")]
    return " ".join(_text_from(rows, 0))


# -- querying -------------------------------------------------------------------------------------

@dataclass
class Result:
    provision: Provision
    work: Work
    score: float
    snippet: str


@dataclass
class Group:
    work: Work
    results: list[Result] = field(default_factory=list)


@dataclass
class SearchResponse:
    query: str
    results: list[Result]
    total: int
    direct: Provision | Work | None = None
    groups: list[Group] = field(default_factory=list)


def search(query: str, *, filters: Filters | None = None, limit: int = 10, offset: int = 0) -> SearchResponse:
    query = query.strip()
    direct = direct_answer(query)
    page: Page = search_index().search(query, limit=limit, offset=offset, filters=filters)
    provisions = Provision.objects.in_bulk([hit.key for hit in page.hits])
    works = Work.objects.in_bulk({hit.work for hit in page.hits})
    results = []
    for hit in page.hits:
        provision = provisions.get(hit.key)
        if provision is None:  # deleted since the index was written; the indexer removes it
            continue
        text = "\n".join(p for p in (provision.heading, provision.text) if p)
        results.append(Result(provision, works[hit.work], hit.score, snippet(text, query)))
    return SearchResponse(query, results, page.total, direct, _group(results))


def _group(results: list[Result]) -> list[Group]:
    groups: dict[int, Group] = {}
    for result in results:
        groups.setdefault(result.work.id, Group(result.work)).results.append(result)
    return list(groups.values())


def direct_answer(query: str) -> Provision | Work | None:
    reference = parse_reference(query)
    if reference is None or reference.number is None:
        return None
    # never a classified document: it holds no text to answer with, and naming it would reveal it
    work = Work.objects.filter(number_key=number_key(reference.number), classification="").order_by("-date").first()
    if work is None:
        return None
    return _provision(work, reference) or work


def _provision(work: Work, reference: Reference) -> Provision | None:
    """The named provision or, when its clause or point does not exist, the nearest one above it."""
    suffix = reference.eid_suffix()
    while suffix:
        found = _provision_by_suffix(work, suffix)
        if found is not None:
            return found
        suffix = suffix.rpartition("__")[0]
    return None


def _provision_by_suffix(work: Work, suffix: str) -> Provision | None:
    candidates = Provision.objects.filter(expression__work=work, eid__endswith=suffix).order_by("expression_id", "position")
    for provision in candidates:
        if provision.eid == suffix or provision.eid.endswith(f"__{suffix}"):
            if not provision.eid.startswith("att_"):
                return provision
    return None


def search_rows(query: str, *, filters: Filters | None = None, limit: int = 10) -> list[dict[str, object]]:
    """Plain rows for the CLI and the API: the direct answer first (score None), then ranked hits."""
    response = search(query, filters=filters, limit=limit)
    rows: list[dict[str, object]] = []
    if isinstance(response.direct, Provision):
        provision = response.direct
        rows.append(_row(provision.expression.work, provision, None, subtree_text(provision)[:300], True))
    elif isinstance(response.direct, Work):
        rows.append({"work": response.direct.number, "eid": "", "heading": response.direct.title, "snippet": "",
                     "score": None, "direct": True})
    rows += [_row(r.work, r.provision, round(r.score, 4), plain_text(r.snippet), False) for r in response.results]
    return rows


def _row(work: Work, provision: Provision, score: float | None, text: str, direct: bool) -> dict[str, object]:
    return {"work": work.number or work.slug, "eid": provision.eid, "heading": provision.heading, "snippet": text,
            "score": score, "direct": direct}


def plain_text(snippet_html: str) -> str:
    return html.unescape(snippet_html.replace("<mark>", "").replace("</mark>", ""))
