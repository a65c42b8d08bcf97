"""A document's text with its citations as links: another document in the corpus goes to its page,
a provision of the same document to its anchor. Presentation only; the core finds the citations."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hoinhap.corpus.models import Work
from hoinhap.legal import tree
from hoinhap.legal.citations import Citation, node_citations
from hoinhap.legal.numbers import number_key


def linked_texts(document: tree.Document, work: Work, *, within: str | None = None) -> dict[str, SafeString]:
    """eId → the node's text as HTML (escaped, line breaks kept), for every node with text;
    ``within`` (an eId) limits the work to that provision's subtree (its own page)."""
    found = {node.eid: (node.text, citations) for node, field, citations in node_citations(document, within=within)
             if field == "text" and node.kind != tree.TABLE and node.eid}
    works = _works_cited({c.target for _, cs in found.values() for c in cs if c.kind == "document" and c.target})
    own = reverse("web:document", args=[work.slug])
    return {eid: _html(text, citations, works, own, work.pk) for eid, (text, citations) in found.items()}


def _works_cited(numbers: Iterable[str]) -> dict[str, Work]:
    keys = {number_key(n) for n in numbers}
    works: dict[str, Work] = {}
    for work in Work.objects.filter(number_key__in=keys).order_by("date"):
        works[work.number_key] = work  # the latest of equal numbers wins, as in work_get
    return works


def _href(citation: Citation, works: dict[str, Work], own: str, own_pk: int) -> str | None:
    if citation.target is None:
        return None
    if citation.kind == "provision":
        return f"{own}#{citation.target}"
    work = works.get(number_key(citation.target))
    if work is None or work.pk == own_pk:
        return None
    return reverse("web:document", args=[work.slug])


def _html(text: str, citations: list[Citation], works: dict[str, Work], own: str, own_pk: int) -> SafeString:
    parts: list[str] = []
    position = 0
    for citation in sorted(citations, key=lambda c: (c.start, -c.end)):
        href = _href(citation, works, own, own_pk)
        if href is None or citation.start < position:
            continue  # unresolved, or inside a citation already linked
        parts.append(escape(text[position:citation.start]))
        parts.append(f'<a class="cite" href="{escape(href)}">{escape(text[citation.start:citation.end])}</a>')
        position = citation.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 - every piece is escaped above
