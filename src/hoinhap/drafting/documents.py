"""A version as a document tree: the imported structure with the texts as last edited."""

from __future__ import annotations

from hoinhap.drafting.models import Version, VersionProvision
from hoinhap.legal import tree


def version_document(version: Version) -> tree.Document:
    document = tree.Document.from_dict(version.tree)
    edited = {row.eid: row for row in VersionProvision.objects.filter(version=version, revision__gt=1)
              .only("eid", "heading", "text")}
    if edited:
        for node in document.walk():
            row = edited.get(node.eid)
            if row is not None:
                node.heading, node.text = row.heading, row.text
    return document


def provision_label(node: tree.Node | None, document: tree.Document | None = None) -> str:
    """"Điều 5, khoản 2, điểm a" for a node (Vietnamese, as the report reads), "Toàn bộ dự thảo" for none."""
    if node is None:
        return "Toàn bộ dự thảo"
    if document is None:
        return node.marker or node.heading or node.eid
    parts = []
    names = {tree.ARTICLE: "Điều", tree.CLAUSE: "khoản", tree.POINT: "điểm", tree.CHAPTER: "Chương",
             tree.SECTION: "Mục", tree.PART: "Phần"}
    for ancestor in _ancestors(document, node.eid):
        if ancestor.kind in names and ancestor.kind not in (tree.CHAPTER, tree.PART, tree.SECTION) or ancestor is node:
            name = names.get(ancestor.kind)
            parts.append(f"{name} {ancestor.num}" if name else (ancestor.marker or ancestor.heading[:40]))
    return ", ".join(parts) or node.eid


def _ancestors(document: tree.Document, eid: str) -> list[tree.Node]:
    def search(nodes: list[tree.Node], trail: list[tree.Node]) -> list[tree.Node] | None:
        for node in nodes:
            if node.eid == eid:
                return [*trail, node]
            found = search(node.children, [*trail, node])
            if found:
                return found
        return None

    return search(document.body, []) or []
