"""The document tree: plain, typed objects shared by the parser, the exporters and the corpus.

A document is its metadata plus an ordered list of top-level nodes (preface, preamble, the body's
parts/chapters/articles, the signature block, appendices). Every node keeps the marker exactly as
written ("Điều 10a.", "a1)", "Chương IV"), its number, heading and own text, so that walking the
tree in document order gives back every character of the input (see ``Document.source_text``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Kinds of node. Hierarchical kinds first, in the order they nest (Decree 78/2025 Art. 63).
PART = "part"
CHAPTER = "chapter"
SECTION = "section"
SUBSECTION = "subsection"
ARTICLE = "article"
CLAUSE = "clause"
POINT = "point"
# Numbered units of documents without articles (Party resolutions, programmes): "I- ...", "1- ...".
DIVISION = "division"
ITEM = "item"
# Blocks.
PREFACE = "preface"
PREAMBLE = "preamble"
PARAGRAPH = "paragraph"
TABLE = "table"
SIGNATURE = "signature"
APPENDIX = "appendix"

HIERARCHY = (PART, CHAPTER, SECTION, SUBSECTION, ARTICLE, CLAUSE, POINT)
NODE_KINDS = (*HIERARCHY, DIVISION, ITEM, PREFACE, PREAMBLE, PARAGRAPH, TABLE, SIGNATURE, APPENDIX)


@dataclass(slots=True)
class Node:
    """One unit of a document.

    :ivar kind: one of ``NODE_KINDS``.
    :ivar num: the number as written, without label or punctuation ("5", "10a", "I", "đ", "THỨ NHẤT").
    :ivar heading: the unit's name, if it has one ("Phạm vi điều chỉnh").
    :ivar text: the unit's own text before any child; paragraphs separated by newlines.
    :ivar marker: the marker exactly as written ("Điều 5.", "a)", "Chương I"); empty for blocks.
    :ivar eid: the Akoma Ntoso eId, e.g. ``chp_I__art_5__cl_2__pt_a``; set by ``assign_eids``.
    """

    kind: str
    num: str = ""
    heading: str = ""
    text: str = ""
    marker: str = ""
    eid: str = ""
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        """This node and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self, *, markers: bool = False) -> dict[str, Any]:
        """The public JSON shape; ``markers=True`` adds the marker as written, for storage."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "num": self.num,
            "heading": self.heading,
            "text": self.text,
            "eid": self.eid,
            "children": [child.to_dict(markers=markers) for child in self.children],
        }
        if markers:
            data["marker"] = self.marker
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Node:
        return cls(
            kind=data["kind"],
            num=data.get("num", ""),
            heading=data.get("heading", ""),
            text=data.get("text", ""),
            marker=data.get("marker", ""),
            eid=data.get("eid", ""),
            children=[cls.from_dict(child) for child in data.get("children", [])],
        )

    def pieces(self) -> Iterator[str]:
        """The strings of this node alone, in the order they appear in the source."""
        for piece in (self.marker, self.heading, self.text):
            if piece:
                yield piece


@dataclass
class DocumentMeta:
    """What identifies a document. Fields the source does not give stay ``None``."""

    number: str | None = None  # "64/2025/QH15", "59-NQ/TW"
    doc_type: str | None = None  # "Luật", "Nghị quyết", "Nghị định"…
    issuer: str | None = None  # "Quốc hội"
    issuer_code: str | None = None  # "QH15", "CP", "TW"
    signer: str | None = None
    place: str | None = None
    date: date | None = None
    title: str = ""
    language: str = "vi"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "doc_type": self.doc_type,
            "issuer": self.issuer,
            "issuer_code": self.issuer_code,
            "signer": self.signer,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "title": self.title,
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentMeta:
        raw_date = data.get("date")
        return cls(
            number=data.get("number"),
            doc_type=data.get("doc_type"),
            issuer=data.get("issuer"),
            issuer_code=data.get("issuer_code"),
            signer=data.get("signer"),
            place=data.get("place"),
            date=date.fromisoformat(raw_date) if raw_date else None,
            title=data.get("title", ""),
            language=data.get("language", "vi"),
        )


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser could not place with confidence; the text is kept all the same."""

    line: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass
class Document:
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    body: list[Node] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        for node in self.body:
            yield from node.walk()

    def find(self, eid: str) -> Node | None:
        return next((node for node in self.walk() if node.eid == eid), None)

    def flatten(self) -> Iterator[tuple[Node, str, int]]:
        """Every node in document order with its parent's eId ("" at the top) and its depth."""
        def visit(node: Node, parent: str, depth: int) -> Iterator[tuple[Node, str, int]]:
            yield node, parent, depth
            for child in node.children:
                yield from visit(child, node.eid, depth + 1)

        for top in self.body:
            yield from visit(top, "", 0)

    def articles(self) -> list[Node]:
        return [node for node in self.walk() if node.kind == ARTICLE]

    def to_dict(self, *, markers: bool = False) -> dict[str, Any]:
        return {
            "meta": self.meta.to_dict(),
            "warnings": [warning.to_dict() for warning in self.warnings],
            "body": [node.to_dict(markers=markers) for node in self.body],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            meta=DocumentMeta.from_dict(data.get("meta", {})),
            body=[Node.from_dict(node) for node in data.get("body", [])],
            warnings=[ParseWarning(w["line"], w["message"]) for w in data.get("warnings", [])],
        )

    def source_text(self) -> str:
        """Markers, headings and texts of every node in document order, one piece a line."""
        return "\n".join(piece for node in self.walk() for piece in node.pieces())

    def plain_text(self) -> str:
        """Headings and texts without the markers: what a reader or an indexer wants."""
        return "\n".join(
            piece for node in self.walk() for piece in (node.heading, node.text) if piece
        )


_WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text without any white space: the form in which "no text is lost" is checked."""
    return _WHITESPACE.sub("", text)
