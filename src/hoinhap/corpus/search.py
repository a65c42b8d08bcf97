"""Search over the corpus: reading the embedded index, direct answers for queries that name a
provision, and results grouped under their document.

The index lives beside the database (``settings.SEARCH_INDEX_DIR``) and is derived data. This module
only reads it: writes that change searchable text append to the outbox (``outbox.py``) and each
host's indexer (``indexer.py``) applies them, so a web request never takes tantivy's writer lock."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from hoinhap.corpus.models import Provision, Work
from hoinhap.legal.numbers import number_key
from hoinhap.search.engine import Filters, Page, Passage, SearchIndex
from hoinhap.search.references import Reference, parse_reference
from hoinhap.search.snippets import snippet

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
    year = work.date.year if work.date else 0
    in_force = work.status == Work.Status.IN_FORCE
    for expression in work.expressions.only("id", "work_id"):  # not the tree: its JSON is the document again
        # expression_id too: the related manager sets each row's expression from it, one query per row if deferred
        rows = list(expression.provisions.order_by("position").only("id", "expression_id", "kind", "heading", "text",
                                                                    "depth"))
        for i, row in enumerate(rows):
            if row.kind in SEARCHED_KINDS:
                yield Passage(key=row.id, text="\n".join(_text_from(rows, i)), heading=row.heading, work=work.id,
                              doc_type=work.doc_type, issuer=work.issuer_code, year=year, in_force=in_force)


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
    work = Work.objects.filter(number_key=number_key(reference.number)).order_by("-date").first()
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
