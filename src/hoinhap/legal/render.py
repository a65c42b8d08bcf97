"""Plain-text and JSON renderings of a tree."""

from __future__ import annotations

import json

from hoinhap.legal import tree

BLOCKS = (tree.PREFACE, tree.PREAMBLE, tree.SIGNATURE, tree.PARAGRAPH, tree.TABLE)


def to_text(document: tree.Document) -> str:
    """The document as readable text: one unit a paragraph, markers and headings on their own line."""
    out: list[str] = []
    for node in document.body:
        _node_text(node, out)
    return "\n".join(out).strip() + "\n"


def _node_text(node: tree.Node, out: list[str]) -> None:
    title = " ".join(part for part in (node.marker, node.heading) if part)
    if node.kind in (tree.CLAUSE, tree.POINT, tree.ITEM):
        out.append(" ".join(part for part in (node.marker, node.text) if part))
    else:
        if title:
            out.extend(["", title])
        if node.text:
            out.append(node.text)
    for child in node.children:
        _node_text(child, out)


def to_json(document: tree.Document, *, indent: int | None = 2) -> str:
    return json.dumps(document.to_dict(), ensure_ascii=False, indent=indent)
