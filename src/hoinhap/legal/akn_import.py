"""Akoma Ntoso to document tree: our own exports (exactly) and other publishers' documents.

Hostile XML is refused before parsing: no DTD, no entities (so no "billion laughs", no external
entity reads), no network, and a size cap.
"""

from __future__ import annotations

import re

from lxml import etree

from hoinhap.legal import tree
from hoinhap.legal.akn_export import ELEMENT, HOINHAP_NS, NS
from hoinhap.legal.eids import assign_eids
from hoinhap.legal.errors import N_, UnreadableDocument

MAX_XML_BYTES = 50 * 1024 * 1024
KIND_OF = {element: kind for kind, element in ELEMENT.items()}
HIER = {"part", "chapter", "section", "subsection", "article", "clause", "point", "division", "paragraph",
        "hcontainer", "book", "tome", "title", "subtitle", "subpart", "subchapter", "subdivision", "level",
        "subparagraph", "subclause", "alinea", "indent", "list", "sublist", "rule", "subrule", "proviso",
        "transitional"}
BLOCK_TEXT = {"intro", "content", "wrapUp"}
_LABEL = re.compile(
    r"^\(?(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục|TIỂU MỤC|Tiểu mục|Điều|ĐIỀU|PHỤ LỤC|Phụ lục|PART|Part|CHAPTER"
    r"|Chapter|SECTION|Section|SUBSECTION|Subsection|Article|ARTICLE|APPENDIX|Appendix|ANNEX|Annex)?\s*"
)


def safe_xml(data: bytes) -> etree._Element:
    """Parse untrusted XML or raise ``UnreadableDocument`` with the reason."""
    if len(data) > MAX_XML_BYTES:
        raise UnreadableDocument(N_("XML larger than %(megabytes)s MB"), megabytes=MAX_XML_BYTES // (1024 * 1024))
    if re.search(rb"<!DOCTYPE|<!ENTITY", data[:65536], re.IGNORECASE):
        raise UnreadableDocument(N_("XML with a DOCTYPE or entity declarations is refused (entity expansion)"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise UnreadableDocument(N_("malformed XML: %(error)s"), error=error) from error


def num_from_marker(marker: str) -> str:
    """"Điều 10a." → "10a", "a)" → "a", "Chương IV" → "IV", "PHẦN THỨ NHẤT" → "THỨ NHẤT"."""
    return _LABEL.sub("", marker.strip()).strip().rstrip(".:)-–").strip()


def read_akn(data: bytes) -> tree.Document:
    root = safe_xml(data)
    if etree.QName(root).localname != "akomaNtoso":
        raise UnreadableDocument(N_("not an Akoma Ntoso document (root element is not akomaNtoso)"))
    documents = [child for child in root if isinstance(child.tag, str)]
    if not documents:
        raise UnreadableDocument(N_("Akoma Ntoso document with no content"))
    main = documents[0]
    document = tree.Document(meta=_read_meta(main))
    document.body = _read_document(main)
    assign_eids(document.body, document.warnings)
    return document


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str | None = None) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and (name is None or _local(c) == name)]


def _read_meta(main: etree._Element) -> tree.DocumentMeta:
    own = main.find(f".//{{{HOINHAP_NS}}}meta")
    if own is not None:
        return tree.DocumentMeta.from_dict(dict(own.attrib))
    meta = tree.DocumentMeta(language="en")
    work = main.find(f"{{{NS}}}meta/{{{NS}}}identification/{{{NS}}}FRBRWork")
    if work is not None:
        number = work.find(f"{{{NS}}}FRBRnumber")
        name = work.find(f"{{{NS}}}FRBRname")
        meta.number = number.get("value") if number is not None else None
        meta.title = name.get("value", "") if name is not None else ""
    language = main.find(f".//{{{NS}}}FRBRlanguage")
    if language is not None:
        meta.language = {"vie": "vi", "eng": "en"}.get(language.get("language", ""), language.get("language", "en"))
    meta.doc_type = _local(main)
    return meta


def _read_document(main: etree._Element) -> list[tree.Node]:
    nodes: list[tree.Node] = []
    for child in _children(main):
        name = _local(child)
        if name in ("preface", "preamble"):
            nodes.append(_block_node(tree.PREFACE if name == "preface" else tree.PREAMBLE, child))
        elif name in ("body", "mainBody", "judgmentBody", "debateBody", "amendmentBody"):
            nodes.extend(_hier(c) for c in _children(child) if _local(c) in HIER or _is_block(c))
        elif name == "conclusions":
            nodes.append(_block_node(tree.SIGNATURE, child))
        elif name in ("attachments", "components"):
            nodes.extend(_attachment(a) for a in _children(child))
        elif name == "collectionBody":
            nodes.extend(_attachment(c) for c in _children(child))
    return [node for node in nodes if not (node.kind == tree.PARAGRAPH and node.eid == "empty")]


# Line breaks inside a cell or paragraph ("Nature of ownership<br/>or control" in other producers'
# files) separate words: read as a space, never as nothing.
_BREAKS = frozenset({"br", "eol", "eop"})
_BREAK_TAGS = tuple(f"{{{NS}}}{name}" for name in sorted(_BREAKS))


def _text_of(element: etree._Element) -> str:
    if next(element.iter(*_BREAK_TAGS), None) is None:
        return "".join(element.itertext())  # the common case, at C speed
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(" " if _local(child) in _BREAKS else _text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _is_block(element: etree._Element) -> bool:
    return _local(element) in ("p", "blockList", "table", "blockContainer", "tblock", "ul", "ol")


def _lines(element: etree._Element) -> list[str]:
    """Text lines of a block element: a <p> is one line; containers give one line per block inside."""
    name = _local(element)
    if name == "table":
        return [table_line(tr) for tr in element.iter(f"{{{NS}}}tr")]
    blocks = [c for c in _children(element) if _local(c) in ("p", "item", "listIntroduction", "listWrapUp",
                                                             "blockList", "blockContainer", "table", "ul", "ol",
                                                             "li", "tblock", "longTitle", "docTitle")]
    if name in ("p", "num", "heading", "li", "listIntroduction", "listWrapUp", "docTitle") or not blocks:
        return [" ".join(_text_of(element).split())]
    return [line for block in blocks for line in _lines(block)]


def table_line(tr: etree._Element) -> str:
    cells = [" ".join(_text_of(cell).split()) for cell in _children(tr)]
    return "| " + " | ".join(cells) + " |"


def _block_node(kind: str, element: etree._Element) -> tree.Node:
    node = tree.Node(kind)
    lines: list[str] = []
    for child in _children(element):
        if _local(child) == "table":
            node.children.append(tree.Node(tree.TABLE, text="\n".join(_lines(child))))
        elif _local(child) == "blockContainer" or node.children:
            node.children.append(tree.Node(tree.PARAGRAPH, text="\n".join(_lines(child))))
        else:
            lines.extend(_lines(child))
    node.text = "\n".join(lines)
    return node


def _hier(element: etree._Element) -> tree.Node:
    name = _local(element)
    if _is_block(element):
        return tree.Node(tree.PARAGRAPH, text="\n".join(_lines(element)))
    kind = KIND_OF.get(name) or _hcontainer_kind(element)
    node = tree.Node(kind)
    text: list[str] = []
    for child in _children(element):
        child_name = _local(child)
        if child_name == "num":
            node.marker = " ".join(_text_of(child).split())
            node.num = num_from_marker(node.marker)
        elif child_name == "heading":
            node.heading = " ".join(_text_of(child).split())
        elif child_name in BLOCK_TEXT:
            if kind == tree.TABLE:
                text.extend(line for t in child.iter(f"{{{NS}}}table") for line in _lines(t))
            else:
                text.extend(line for block in _children(child) for line in _lines(block))
        elif child_name in HIER:
            node.children.append(_hier(child))
    node.text = "\n".join(text)
    if kind == tree.PARAGRAPH and name == "hcontainer" and element.get("name") == "empty":
        node.eid = "empty"
    return node


def _hcontainer_kind(element: etree._Element) -> str:
    name = element.get("name", "") if _local(element) == "hcontainer" else ""
    if name in tree.NODE_KINDS:
        return name
    return tree.PARAGRAPH


def _attachment(element: etree._Element) -> tree.Node:
    node = tree.Node(tree.APPENDIX)
    inner = next((c for c in _children(element) if _local(c) not in ("meta",)), element)
    if _local(inner) in ("documentRef", "interstitial"):
        return node
    preface = inner.find(f"{{{NS}}}preface")
    if preface is not None and all(p.get("class") for p in _children(preface)):
        roles: dict[str, list[str]] = {"marker": [], "heading": [], "text": []}
        for p in _children(preface):
            roles.setdefault(p.get("class", "text"), []).append(_text_of(p))
        node.marker = "\n".join(roles["marker"])
        node.num = num_from_marker(node.marker)
        node.heading = "\n".join(roles["heading"])
        node.text = "\n".join(roles["text"])
        node.children = [n for n in _read_document(inner) if n.kind != tree.PREFACE]
    else:
        node.children = _read_document(inner)
    return node
